import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { MigrationObject } from "@mikro-orm/core";
import express from "express";
import type { GraphQLSchema } from "graphql";
import { Counter, Registry } from "prom-client";
import type { Caller } from "./auth";
import { readConfig, subgraphConfigSchema, type SubgraphConfig } from "./config";
import { ensureDatabase, openDatabase, type DatabaseOptions } from "./database";
import { maskError } from "./errors";
import { requireGatewaySignature, verifiedCaller } from "./gateway-only";
import { logger } from "./logger";
import { requestIdMiddleware } from "./request-id";
import { gatewaySecret } from "./signature";

export interface SubgraphDefinition<C extends BaseContext> {
  name: string;
  defaultPort: number;
  entities: DatabaseOptions["entities"];
  migrations: MigrationObject[];
  buildSchema(): Promise<GraphQLSchema>;
  /** The request context; `caller` is the partner the gateway vouches for, null for a public read. */
  createContext(orm: MikroORM, caller?: Caller | null): C;
  /** Writes the subgraph's sample records; must be idempotent (it runs on every start). */
  loadSampleData(orm: MikroORM): Promise<void>;
}

export interface RunningSubgraph {
  url: string;
  /** The schema it serves and a fresh request context, for running it inside another process (bench/one-process.ts). */
  inProcess: { schema: GraphQLSchema; createContext(caller: Caller | null): BaseContext };
  stop(): Promise<void>;
}

/** Starts one subgraph: database, migrations, sample data, schema, HTTP server; stops it on SIGINT/SIGTERM. */
export async function runSubgraph<C extends BaseContext>(
  definition: SubgraphDefinition<C>,
  config: SubgraphConfig = readConfig(subgraphConfigSchema(definition.defaultPort)),
): Promise<RunningSubgraph> {
  const log = logger.child({ subgraph: definition.name });
  if (config.NODE_ENV === "production" && !config.GATEWAY_SECRET) throw new Error("GATEWAY_SECRET must be set in production: the gateway and every subgraph share it");
  await ensureDatabase(config.DATABASE_URL);
  const { orm, statements } = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    entities: definition.entities,
    migrations: definition.migrations,
  });
  const applied = await orm.getMigrator().up();
  if (applied.length) log.info({ migrations: applied.map(m => m.name) }, "migrated");
  if (config.SAMPLE_DATA === "on") await definition.loadSampleData(orm);

  const registry = new Registry();
  const sqlStatements = new Counter({
    name: "clusterhub_sql_statements_total",
    help: "SQL statements this subgraph has sent to its database.",
    labelNames: ["subgraph"],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ subgraph: definition.name }, statements());
    },
  });
  void sqlStatements;

  const app = express();
  const httpServer = http.createServer(app);
  const schema = await definition.buildSchema();
  const server = new ApolloServer<C>({
    schema,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    logger: log,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControl({ defaultMaxAge: config.CACHE_MAX_AGE }),
    ],
  });
  await server.start();

  app.use(requestIdMiddleware());
  app.get("/health", (_req, res) => void res.json({ status: "ready", subgraph: definition.name }));
  app.get("/metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use(
    "/graphql",
    requireGatewaySignature(gatewaySecret(config.GATEWAY_SECRET), definition.name),
    express.json({ limit: "1mb" }),
    expressMiddleware(server, { context: async ({ res }) => definition.createContext(orm, verifiedCaller(res)) }),
  );

  await new Promise<void>(resolve => httpServer.listen(config.PORT, config.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  log.info({ url }, "subgraph ready");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await server.stop();
      await orm.close();
      log.info("subgraph stopped");
    })());
  return { url, inProcess: { schema, createContext: caller => definition.createContext(orm, caller) }, stop };
}

/** The process entry of a subgraph: runs it, tells a parent process where it listens, exits on signals. */
export function main<C extends BaseContext>(definition: SubgraphDefinition<C>): void {
  runSubgraph(definition).then(
    running => {
      process.send?.({ type: "ready", subgraph: definition.name, url: running.url });
      const shutdown = (signal: string) => {
        logger.info({ subgraph: definition.name, signal }, "stopping");
        running.stop().then(() => process.exit(0), () => process.exit(1));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
      process.once("disconnect", () => shutdown("disconnect"));
    },
    error => {
      logger.fatal({ subgraph: definition.name, err: error }, "subgraph failed to start");
      process.exit(1);
    },
  );
}
