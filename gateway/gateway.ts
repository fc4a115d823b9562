import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { maskError } from "../lib/errors";
import { logger } from "../lib/logger";
import { responseCache } from "./cache";
import type { GatewayConfig } from "./config";
import { explorerHandler } from "./explorer";
import { exportHandler } from "./export";

export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/** Builds the Apollo gateway: the checked-in supergraph (or a live composition), subgraph URLs from the config. */
export function createGateway(config: GatewayConfig): ApolloGateway {
  const overrides = config.subgraphUrls;
  const buildService = ({ name, url }: { name: string; url?: string }) => new RemoteGraphQLDataSource({ url: overrides[name] ?? url });
  if (config.SUPERGRAPH_SOURCE === "live") {
    const subgraphs = Object.entries(overrides).map(([name, url]) => ({ name, url }));
    return new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs }), buildService, logger });
  }
  return new ApolloGateway({ supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, "utf8"), buildService, logger });
}

/** Starts the gateway's HTTP server: `/graphql`, and `/health` that says ready once the supergraph is composed. */
export async function runGateway(config: GatewayConfig): Promise<RunningGateway> {
  const app = express();
  const httpServer = http.createServer(app);
  let ready = false;

  app.get("/health", (_req, res) => {
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "starting" });
  });

  const server = new ApolloServer({
    gateway: createGateway(config),
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    logger,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), responseCache(config.REDIS_URL).plugin],
  });
  await new Promise<void>(resolve => httpServer.listen(config.PORT, config.HOST, resolve));
  await server.start();
  app.get("/graphql", explorerHandler);
  app.use(exportHandler(server));
  app.use("/graphql", express.json({ limit: "1mb" }), expressMiddleware(server, { context: async () => ({}) }));
  ready = true;

  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  logger.info({ url }, "gateway ready");
  return { url, stop: () => server.stop() };
}
