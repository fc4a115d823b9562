// First: tracing, when on, must be in place before node:http, graphql and pg are loaded.
import { stopTracing } from "../platform/tracing";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { MigrationObject } from "@mikro-orm/core";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { Counter, Registry } from "prom-client";
import type { Caller } from "../platform/auth";
import { checkedSubgraphConfigSchema, readConfig, type SubgraphConfig } from "../platform/config";
import { ensureDatabase, openDatabase, type DatabaseOptions } from "../platform/database";
import { ErrorCode, maskError } from "../platform/errors";
import { gatewaySignatureCheck, type SignedRequest } from "./gateway-only";
import { measureListSizes, type ListSizeSource } from "./list-sizes";
import { answerJson, readJsonBody } from "../platform/http-json";
import { logger } from "../platform/logger";
import { currentRequestId, withRequestId } from "../platform/request-id";
import { recordNonce, sharedMigrations } from "./nonces";
import { gatewayVerifyingKeys, SignatureProblem } from "../platform/signature";

// The largest request body a subgraph reads, as `express.json({ limit: "1mb" })` had it.
const MAX_BODY_BYTES = 1024 * 1024;

/** What a subgraph's folder defines (services/<name>/subgraph.ts); its name and port come from services/registry.ts. */
export interface SubgraphDefinition<C extends BaseContext> {
  entities: DatabaseOptions["entities"];
  migrations: MigrationObject[];
  buildSchema(): Promise<GraphQLSchema>;
  /** The request context; `caller` is the partner the gateway vouches for, null for a public read. */
  createContext(orm: MikroORM, caller?: Caller | null): C;
  /** Writes the subgraph's sample records; must be idempotent (it runs on every start). */
  loadSampleData(orm: MikroORM): Promise<void>;
  /** Where the sizes of its list fields are read, for the gateway's cost (GET /list-sizes); none: the SDL's @listSize or a guess. */
  listSizes?: readonly ListSizeSource[];
  /** Background work beside the server, started once it listens (the feed's relay and deliverers); answers how to stop it. */
  startWork?(): Promise<() => Promise<void>>;
}

/** A subgraph as the registry hands it out: its definition with its name and default port. */
export type Subgraph<C extends BaseContext = BaseContext> = SubgraphDefinition<C> & { name: string; port: number };

export interface RunningSubgraph {
  url: string;
  stop(): Promise<void>;
}

/** A subgraph over its open database: the schema it answers with and a fresh request context per request. */
export interface ServedSubgraph<C extends BaseContext = BaseContext> {
  schema: GraphQLSchema;
  createContext(caller: Caller | null): C;
}

/** Opens a subgraph's database: creates it when missing, applies its migrations and lib's, loads its sample data if asked. */
export async function openSubgraphDatabase(
  definition: Subgraph<BaseContext>,
  config: Pick<SubgraphConfig, "DATABASE_URL" | "SAMPLE_DATA">,
): Promise<{ orm: MikroORM; statements: () => number }> {
  await ensureDatabase(config.DATABASE_URL);
  const opened = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    entities: definition.entities,
    migrations: [...definition.migrations, ...sharedMigrations],
  });
  const applied = await opened.orm.getMigrator().up();
  if (applied.length) logger.info({ subgraph: definition.name, migrations: applied.map(m => m.name) }, "migrated");
  if (config.SAMPLE_DATA === "on") await definition.loadSampleData(opened.orm);
  return opened;
}

/** Builds a subgraph's schema and binds its request contexts to `orm`: what its server executes, or another process in its stead. */
export async function serveSubgraph<C extends BaseContext>(definition: SubgraphDefinition<C>, orm: MikroORM): Promise<ServedSubgraph<C>> {
  return { schema: await definition.buildSchema(), createContext: caller => definition.createContext(orm, caller) };
}

/** The registry behind a subgraph's GET /metrics: `clusterhub_sql_statements_total`, the SQL statements sent to its database. */
export function subgraphMetrics(subgraph: string, statements: () => number): Registry {
  const registry = new Registry();
  const sqlStatements = new Counter({
    name: "clusterhub_sql_statements_total",
    help: "SQL statements this subgraph has sent to its database.",
    labelNames: ["subgraph"],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ subgraph }, statements());
    },
  });
  void sqlStatements;
  return registry;
}

/** Starts one subgraph: database, migrations, sample data, schema, HTTP server; stops it on SIGINT/SIGTERM. */
export async function runSubgraph<C extends BaseContext>(
  definition: Subgraph<C>,
  config: SubgraphConfig = readConfig(checkedSubgraphConfigSchema(definition.port)),
): Promise<RunningSubgraph> {
  const log = logger.child({ subgraph: definition.name });
  if (config.NODE_ENV === "production" && !config.GATEWAY_SECRET && !config.GATEWAY_VERIFY_KEY)
    throw new Error("GATEWAY_SECRET or GATEWAY_VERIFY_KEY must be set in production: the subgraph checks the gateway's signatures with it");
  const { orm, statements } = await openSubgraphDatabase(definition, config);
  const registry = subgraphMetrics(definition.name, statements);
  const served = await serveSubgraph(definition, orm);

  const httpServer = http.createServer();
  // The signed request rides on its context for the mutation check below: a symbol, since Apollo copies the context
  // object (Object.assign keeps symbol properties) and no resolver should see it.
  const SIGNED = Symbol("signed request");
  const server = new ApolloServer<C>({
    schema: served.schema,
    formatError: maskError,
    includeStacktraceInErrorResponses: false,
    logger: log,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControl({ defaultMaxAge: config.CACHE_MAX_AGE }),
      {
        // Reads are checked against this replica's memory of nonces only: a read replayed at another replica is pinned
        // by digest and target to the captured question and caller, so it shows what the capture showed. A mutation's
        // nonce goes into PostgreSQL too, so that no replica applies it twice: one statement per mutation, none per read.
        async requestDidStart() {
          return {
            async didResolveOperation({ operation, contextValue }) {
              const signed = (contextValue as { [SIGNED]?: SignedRequest })[SIGNED];
              if (operation?.operation !== "mutation" || !signed?.nonce) return;
              if (await recordNonce(orm, signed.nonce, signed.expiresAt)) return;
              log.warn({ reason: SignatureProblem.REPLAYED }, "refused a replayed mutation");
              throw new GraphQLError("Subgraphs answer only the gateway: this signed mutation was replayed (its nonce is recorded already)", {
                extensions: { code: ErrorCode.UNAUTHENTICATED, reason: SignatureProblem.REPLAYED, http: { status: 401 } },
              });
            },
          };
        },
      },
    ],
  });
  await server.start();

  let ownUrl = config.PUBLIC_URL ?? "";
  const signedByGateway = gatewaySignatureCheck({
    keys: gatewayVerifyingKeys(config),
    subgraph: definition.name,
    ownUrl: () => ownUrl,
    allowWithoutNonce: config.SIGNATURES_WITHOUT_NONCE === "accept",
  });

  /** `/graphql`: the gateway's signature, then the JSON body and its digest, then Apollo Server; its answer is written with one `end`. */
  async function answerGraphQL(req: http.IncomingMessage, res: http.ServerResponse, search: string) {
    const signed = signedByGateway.headers(req, res);
    if (signed.refused) return;
    const body = await readJsonBody(req, res, MAX_BODY_BYTES);
    if (!body.ok) {
      log.warn({ status: body.status, problem: body.problem }, "refused a request body");
      return answerJson(res, body.status, { errors: [{ message: body.problem, extensions: { code: body.code, requestId: currentRequestId() } }] });
    }
    if (!signedByGateway.body(signed, body.raw, req, res)) return;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    const answer = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search, body: body.body },
      context: async () => {
        const context = served.createContext(signed.caller);
        (context as { [SIGNED]?: SignedRequest })[SIGNED] = signed;
        return context;
      },
    });
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.statusCode = answer.status ?? 200;
    if (answer.body.kind === "complete") return void res.end(answer.body.string);
    // Incremental delivery (@defer): each part as it comes.
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /** `/list-sizes`, for the gateway only (signed, as `/graphql`): how long each list field's lists are in this database now. */
  async function answerListSizes(req: http.IncomingMessage, res: http.ServerResponse) {
    const signed = signedByGateway.headers(req, res);
    if (signed.refused || !signedByGateway.body(signed, undefined, req, res)) return;
    answerJson(res, 200, { subgraph: definition.name, sizes: await measureListSizes(orm, definition.listSizes ?? []) });
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const { pathname, search } = new URL(req.url ?? "/", "http://subgraph");
    // Matched as express matched them: without regard to case, with or without a trailing slash, `/graphql/...` too.
    const path = pathname.toLowerCase().replace(/(.)\/$/, "$1");
    const read = req.method === "GET" || req.method === "HEAD";
    if (path === "/graphql" || path.startsWith("/graphql/")) return answerGraphQL(req, res, search);
    if (read && path === "/list-sizes") return answerListSizes(req, res);
    if (read && path === "/health") return answerJson(res, 200, { status: "ready", subgraph: definition.name });
    if (read && path === "/metrics") {
      const text = await registry.metrics();
      res.setHeader("content-type", registry.contentType);
      return void res.end(text);
    }
    answerJson(res, 404, { errors: [{ message: `Cannot ${req.method} ${pathname}`, extensions: { code: ErrorCode.NOT_FOUND } }] });
  }

  // Plain node:http rather than express: its router, body parser and ETag over every answer cost a measurable part of
  // a subgraph fetch's CPU (docs/performance.md "Subgraph CPU per request").
  httpServer.on("request", (req: http.IncomingMessage, res: http.ServerResponse) =>
    withRequestId(req, res, () =>
      void route(req, res).catch((error: unknown) => {
        log.error({ err: error, url: req.url }, "request failed outside GraphQL");
        if (res.headersSent) return void res.destroy();
        answerJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId: currentRequestId() } }] });
      }),
    ),
  );

  await new Promise<void>(resolve => httpServer.listen(config.PORT, config.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  ownUrl ||= url;
  log.info({ url }, "subgraph ready");
  const stopWork = definition.startWork ? await definition.startWork() : null;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await stopWork?.();
      await server.stop();
      await orm.close();
      log.info("subgraph stopped");
    })());
  return { url, stop };
}

/** The process entry of a subgraph: runs it, tells a parent process where it listens, exits on signals. */
export function main<C extends BaseContext>(definition: Subgraph<C>): void {
  runSubgraph(definition).then(
    running => {
      process.send?.({ type: "ready", subgraph: definition.name, url: running.url });
      const shutdown = (signal: string) => {
        logger.info({ subgraph: definition.name, signal }, "stopping");
        running.stop().then(stopTracing).then(() => process.exit(0), () => process.exit(1));
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
