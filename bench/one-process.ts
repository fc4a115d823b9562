import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { DocumentNode } from "graphql";
import { readGatewayConfig, subgraphUrlVariable } from "../gateway/config";
import { runGateway } from "../gateway/gateway";
import type { GatewayContext } from "../gateway/identity";
import { InflightReads } from "../gateway/subgraph-http";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { openSubgraphDatabase, serveSubgraph, subgraphMetrics, type ServedSubgraph } from "../lib/subgraph/subgraph-server";
import { loadSubgraphs } from "../services/registry";

// The product's graphql, which built the subgraphs' schemas: bench/node_modules holds another copy (Hive Gateway's peer),
// and graphql-js refuses a schema made by another copy.
const { execute, parse } = createRequire(path.join(__dirname, "../package.json"))("graphql") as typeof import("graphql");

/**
 * A subgraph run inside the gateway's process: the gateway's fetch becomes a call of the subgraph's schema with a fresh
 * request context, as its HTTP server would make, with no socket, no JSON and no signature between them.
 */
class InProcessSubgraph implements GraphQLDataSource<GatewayContext> {
  // The gateway sends the same few operations again and again; parse each once.
  private readonly documents = new Map<string, DocumentNode>();
  // Identical reads in flight share one execution, as the gateway's HTTP fetches do (DEDUPLICATE_READS), so that the
  // limit is measured with the same features as the separate processes. Each sharer gets its own copy.
  private readonly inflight = new InflightReads<GatewayGraphQLResponse>();

  constructor(private readonly subgraph: ServedSubgraph) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const caller = (options.context as Partial<GatewayContext>).caller ?? null;
    const isRead = "incomingRequestContext" in options && options.incomingRequestContext.operation?.operation === "query";
    if (!isRead) {
      const written = await this.execute(request, caller);
      this.inflight.forget();
      return written;
    }
    const shared = this.inflight.join(JSON.stringify(caller), JSON.stringify([request.query, request.variables, request.operationName]), () =>
      this.execute(request, caller),
    );
    const answer = await shared.answer;
    // The gateway merges later steps into the answer it gets: the first request keeps the original only if nobody
    // shared it, else every request takes a copy.
    return shared.joined || shared.sharers() ? structuredClone(answer) : answer;
  }

  private async execute(request: GraphQLDataSourceProcessOptions<GatewayContext>["request"], caller: GatewayContext["caller"]) {
    const query = request.query ?? "";
    let document = this.documents.get(query);
    if (!document) this.documents.set(query, (document = parse(query)));
    const result = await execute({
      schema: this.subgraph.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: this.subgraph.createContext(caller),
    });
    return { data: result.data, errors: result.errors?.map(error => error.toJSON()) } as GatewayGraphQLResponse;
  }
}

/**
 * The benchmark's one-process variant, the limit that federation costs are measured against: the four subgraphs'
 * resolvers and the gateway in ONE Node process behind the one supergraph schema, on the databases the graph already
 * filled (SERVER_URL names them). The gateway still plans each query, but runs each step in process. Each subgraph
 * keeps an HTTP server for its /metrics only (SQL statement counts). GATEWAY_SECRET and the rate limits come from
 * bench/run.ts, as for the separate processes.
 */
async function main() {
  const serverUrl = process.env.SERVER_URL;
  if (!serverUrl) throw new Error("SERVER_URL must name the server and database prefix, e.g. postgres://.../synthetic");
  const secret = process.env.GATEWAY_SECRET;
  if (!secret) throw new Error("GATEWAY_SECRET must be set: bench/run.ts gives every system of a run the same one");
  const running = await Promise.all(
    (await loadSubgraphs()).map(async subgraph => {
      const { orm, statements } = await openSubgraphDatabase(subgraph, { DATABASE_URL: subgraphDatabaseUrl(serverUrl, subgraph.name), SAMPLE_DATA: "off" });
      const metrics = subgraphMetrics(subgraph.name, statements);
      const server = http.createServer((_req, res) => void metrics.metrics().then(text => res.setHeader("content-type", metrics.contentType).end(text)));
      await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
      // bench/run.ts reads `<url without /graphql>/metrics`, as of a subgraph's own server.
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
      return [subgraph.name, { url, served: await serveSubgraph(subgraph, orm) }] as const;
    }),
  );
  const inProcess = Object.fromEntries(running.map(([name, sub]) => [name, new InProcessSubgraph(sub.served)]));
  const gateway = await runGateway(
    readGatewayConfig({
      PORT: "0",
      GATEWAY_SECRET: secret,
      RATE_LIMIT_PER_ADDRESS: process.env.RATE_LIMIT_PER_ADDRESS,
      RATE_LIMIT_PER_KEY: process.env.RATE_LIMIT_PER_KEY,
      ...Object.fromEntries(running.map(([name, sub]) => [subgraphUrlVariable(name), sub.url])),
    }),
    {
      buildService: ({ name }) => {
        if (!inProcess[name]) throw new Error(`The supergraph names a subgraph the registry does not: ${name}`);
        return inProcess[name];
      },
    },
  );
  process.send?.({ type: "ready", url: gateway.url, subgraphUrls: Object.fromEntries(running.map(([name, sub]) => [name, sub.url])) });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
