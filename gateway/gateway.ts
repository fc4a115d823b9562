import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, IntrospectAndCompose, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import { expressMiddleware } from "@as-integrations/express5";
import type { MikroORM } from "@mikro-orm/postgresql";
import express, { type RequestHandler } from "express";
import type { DocumentNode } from "graphql";
import { logger } from "../lib/platform/logger";
import { gatewaySigningKey } from "../lib/platform/signature";
import { overloadGuard } from "./admission";
import { responseCache } from "./cache";
import type { GatewayConfig } from "./config";
import { SubgraphDataSource } from "./data-source";
import { DoorCode, formatGatewayError } from "./errors";
import { dashboardHandler } from "./dashboard";
import { explorerHandler } from "./explorer";
import { portalHandler } from "./portal";
import { SessionStore, sessionRoutes } from "./sessions";
import { exportHandler, exportReadsOnly } from "./export";
import { FieldPathErrors } from "./fetch-errors";
import { frontDoor, lastResort, notFound } from "./front-door";
import { refuse } from "./http";
import { addReconcileRoutes } from "./reconcile";
import { gatewayContext, KeyCheck, type GatewayContext } from "./identity";
import { armorProtection, costPlugin } from "./limits";
import { ListSizes } from "./list-sizes";
import { createGatewayMetrics, type GatewayMetrics } from "./metrics";
import { openPartnerStore } from "./partners";
import { buildPartnersSchema, PARTNERS_SUBGRAPH, PartnersSource } from "./partners-graph";
import { configSupergraph, PARTNERS_SUBGRAPH_URL } from "./subgraph-config";
import { SharedState, TolerantCache } from "./shared-state";
import { SubgraphPolicy, subgraphSettings } from "./subgraph-policy";

// The gateway's caches, each bounded and sized for its memory budget (docs/performance.md "Memory"), in MiB as Apollo measures them
// (JSON length): a few thousand distinct operations each, where Apollo's defaults are 30 MiB apiece.
const QUERY_PLAN_CACHE_MIB = 8;
const DOCUMENT_CACHE_MIB = 8;
const PERSISTED_QUERY_CACHE_MIB = 4;
// How long a starting gateway waits for Redis before it serves without it.
const REDIS_START_WAIT_MS = 2000;
// How long a starting gateway waits for the subgraphs' list sizes before it serves without them.
const LIST_SIZES_START_WAIT_MS = 2000;
// In Redis, persisted queries are bounded by time rather than size: one not sent for a day is forgotten.
const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

/** How the gateway is put together, beyond its config. */
export interface GatewayOptions {
  /**
   * Makes the data source the gateway fetches one subgraph through, in place of the signed HTTP fetch of
   * gateway/data-source.ts, as Apollo Gateway's own `buildService`: e.g. a subgraph's schema executed in this process
   * (bench/one-process.ts). Its errors still get their field paths (gateway/fetch-errors.ts).
   */
  buildService?: (subgraph: { name: string; url?: string }) => GraphQLDataSource<GatewayContext>;
  /** The Redis the replicas share: a write through another replica reaches this one's data sources through it. */
  shared?: SharedState | null;
  /** The partner store, which the partners subgraph answers from inside this process (gateway/partners-graph.ts). */
  partnerStore?: MikroORM | null;
  /** The lists' sizes for the cost: told of every new supergraph, and polling the subgraphs it is built with. */
  listSizes?: ListSizes;
}

export interface RunningGateway {
  url: string;
  /** The Express app, so a test can list the routes it has. */
  app: express.Express;
  stop(): Promise<void>;
}

/** The subgraphs a live composition introspects: the running ones, and the partners subgraph this process answers itself. */
const liveSubgraphs = (overrides: Record<string, string>) => [
  ...Object.entries(overrides).map(([name, url]) => ({ name, url })),
  ...(PARTNERS_SUBGRAPH in overrides ? [] : [{ name: PARTNERS_SUBGRAPH, url: PARTNERS_SUBGRAPH_URL }]),
];

/** Builds the Apollo gateway: the checked-in supergraph (or a live composition), subgraph URLs from the config. */
export function createGateway(config: GatewayConfig, metrics: GatewayMetrics = createGatewayMetrics(), options: GatewayOptions = {}): ApolloGateway {
  // Unless told otherwise, Apollo Gateway reports usage metrics to Apollo every hour and, to describe its host, asks the
  // cloud metadata addresses (169.254.169.254, metadata.google.internal) at start: our telemetry goes only to OTEL_EXPORTER_OTLP_ENDPOINT.
  process.env.APOLLO_TELEMETRY_DISABLED ??= "true";
  const overrides = config.subgraphUrls;
  const signingKey = gatewaySigningKey(config);
  // One policy per subgraph name for the gateway's life: a new composition keeps each breaker's state.
  const policies = new Map<string, SubgraphPolicy>();
  const policyOf = (name: string) => {
    if (!policies.has(name)) policies.set(name, new SubgraphPolicy(name, subgraphSettings(config, name), metrics));
    return policies.get(name)!;
  };
  metrics.watchBreakers(() => [...policies.values()].map(policy => ({ subgraph: policy.subgraph, state: policy.state })));
  const fetchOptions = { timeoutMs: config.SUBGRAPH_TIMEOUT_MS, metrics, signingKey, deduplicate: config.DEDUPLICATE_READS };
  // The data sources of the latest composition, by subgraph: a write through another replica makes them share no read
  // already in flight, as a write through this one does (gateway/subgraph-http.ts InflightReads).
  const sources = new Map<string, SubgraphDataSource>();
  options.shared?.onEvent(event => {
    if (event.kind === "write") for (const source of sources.values()) source.forgetReads();
    if (event.kind === "write") options.listSizes?.refreshSoon();
  });
  const overHttp = ({ name, url }: { name: string; url?: string }) => {
    const source = new SubgraphDataSource(name, overrides[name] ?? url, { ...fetchOptions, policy: policyOf(name) });
    sources.set(name, source);
    return source;
  };
  const partnersSource = new PartnersSource(buildPartnersSchema(), options.partnerStore ?? null);
  const buildService = (subgraph: { name: string; url?: string }) =>
    new FieldPathErrors(subgraph.name === PARTNERS_SUBGRAPH ? partnersSource : (options.buildService ?? overHttp)(subgraph));
  const gatewayOptions = { buildService, logger, experimental_approximateQueryPlanStoreMiB: QUERY_PLAN_CACHE_MIB };
  const gateway =
    config.SUPERGRAPH_SOURCE === "config"
      ? new ApolloGateway({ supergraphSdl: configSupergraph({ file: config.SUBGRAPHS_PATH, overrides, signingKey, pollMs: config.SUBGRAPHS_POLL_MS }), ...gatewayOptions })
      : config.SUPERGRAPH_SOURCE === "live"
        ? new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs: liveSubgraphs(overrides) }), ...gatewayOptions })
        : new ApolloGateway({ supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, "utf8"), ...gatewayOptions });
  const { listSizes } = options;
  if (listSizes) {
    listSizes.subgraphs = () => [...sources.values()].map(source => ({ name: source.subgraph, url: source.url }));
    gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => listSizes.learnSupergraph(coreSupergraphSdl));
  }
  return gateway;
}

/**
 * Starts the gateway's HTTP server: every route behind one front door (gateway/front-door.ts), `/graphql` (and the
 * explorer for browsers), `/export`, `/reconcile` (the Reconciliation Service API, gateway/reconcile.ts), `/dashboard` (the starter dashboard, its script and styles), `/portal` and its sessions (gateway/portal.ts, gateway/sessions.ts), `/metrics`, `/health` that says ready once the supergraph is composed, and for
 * orchestrators `/health/live` (the process serves) and `/health/ready` (503 while starting or draining).
 */
export async function runGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  let ready = false;
  let draining = false;
  const metrics = createGatewayMetrics();
  const armor = armorProtection(config);
  // Shared by the replicas (docs/operations.md "Replicas"); each process's own memory without REDIS_URL.
  const shared = config.REDIS_URL ? new SharedState(config.REDIS_URL, config.REDIS_PREFIX) : null;
  if (shared) metrics.watchRedis(() => shared.connected);
  const listSizes = new ListSizes({ signingKey: gatewaySigningKey(config), timeoutMs: config.SUBGRAPH_TIMEOUT_MS, refreshMs: config.LIST_SIZES_REFRESH_MS });
  const partners = config.DATABASE_URL ? await openPartnerStore(config.DATABASE_URL) : null;
  const server = new ApolloServer<GatewayContext>({
    gateway: createGateway(config, metrics, { shared, partnerStore: partners, listSizes, ...options }),
    formatError: formatGatewayError,
    // Parsed and validated documents, per process: a parsed document is objects, not text, and parsing again is cheap.
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_CACHE_MIB * 2 ** 20 }),
    // The query texts of automatic persisted queries: in Redis with replicas, so that a hash registered through one
    // replica is known to all, and a client is not told PERSISTED_QUERY_NOT_FOUND by the next replica it reaches.
    cache: new InMemoryLRUCache<string>({ maxSize: PERSISTED_QUERY_CACHE_MIB * 2 ** 20 }),
    ...(shared && { persistedQueries: { cache: new TolerantCache(shared.keyv("apq"), "apq"), ttl: PERSISTED_QUERY_TTL_SECONDS } }),
    validationRules: armor.validationRules,
    allowBatchedHttpRequests: config.MAX_BATCH > 1,
    // Apollo's own default, said here: the schema is not open to introspection in production (docs/operations.md "Limits").
    introspection: config.NODE_ENV !== "production",
    includeStacktraceInErrorResponses: false,
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ...armor.plugins,
      costPlugin(config, metrics, undefined, listSizes),
      metrics.plugin,
      exportReadsOnly,
      ...responseCache(shared, config).plugins,
    ],
  });
  // The first requests count in Redis when it is there; when it is not, the gateway serves without it (shared-state.ts).
  if (shared && !(await shared.whenConnected(REDIS_START_WAIT_MS))) logger.warn({ waitedMs: REDIS_START_WAIT_MS }, "redis: not reachable at start; serving without it until it is");

  // Before any route: whatever is added below is behind the front door (test/front-door.int.test.ts walks the routes).
  const sessions = new SessionStore(partners, config);
  app.use(frontDoor({ config, metrics, keys: new KeyCheck(partners, metrics), overloadGuard: overloadGuard(config, metrics), shared, sessions }));
  app.get("/metrics", async (_req, res) => void res.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.get("/health", (_req, res) => void res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "starting" }));
  app.get("/health/live", (_req, res) => void res.json({ status: "live" }));
  app.get("/health/ready", (_req, res) => {
    const status = draining ? "draining" : ready ? "ready" : "starting";
    res.status(status === "ready" ? 200 : 503).json({ status });
  });
  // Until Apollo has started (the supergraph is loaded), GraphQL routes answer 503 rather than fall through to a 404.
  const whenReady: RequestHandler = (req, res, next) =>
    ready ? next() : refuse(req, res, 503, DoorCode.NOT_READY, "The gateway is starting; retry shortly", metrics);
  let graphql: RequestHandler | null = null;
  app.get("/graphql", whenReady, explorerHandler);
  app.all("/graphql", whenReady, (req, res, next) => graphql!(req, res, next));
  app.post("/export", whenReady, exportHandler(server));
  addReconcileRoutes(app, server, config, metrics, whenReady);
  app.get("/dashboard", dashboardHandler);
  app.get("/dashboard/:file", dashboardHandler);
  const session = sessionRoutes(sessions, metrics);
  app.post("/portal/session", session.signIn);
  app.get("/portal/session", session.current);
  app.delete("/portal/session", session.signOut);
  app.get("/portal", portalHandler);
  app.get("/portal/:file", portalHandler);
  app.use(notFound(metrics));
  app.use(lastResort(config, metrics));

  await new Promise<void>(resolve => httpServer.listen(config.PORT, config.HOST, resolve));
  await server.start();
  // The first sizes before the first request, waited for at most LIST_SIZES_START_WAIT_MS (a subgraph may hang): until
  // they come, lists count as declared or as COST_LIST_SIZE.
  await Promise.race([listSizes.refresh(), new Promise(resolve => setTimeout(resolve, LIST_SIZES_START_WAIT_MS).unref())]);
  listSizes.start();
  graphql = expressMiddleware(server, { context: gatewayContext });
  ready = true;

  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  logger.info({ url }, "gateway ready");
  const stop = async () => {
    draining = true;
    if (config.DRAIN_DELAY_MS) await new Promise(resolve => setTimeout(resolve, config.DRAIN_DELAY_MS));
    listSizes.stop();
    await server.stop();
    await partners?.close();
    await shared?.close();
  };
  return { url, app, stop };
}
