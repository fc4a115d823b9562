import path from "node:path";
import { z } from "zod";
import { GATEWAY_PORT } from "../gateway/config";
import { onOff, port, readConfig } from "../lib/platform/config";
import { EmbeddedPostgresError } from "../lib/platform/embedded-postgres";
import { logger } from "../lib/platform/logger";
import { SUBGRAPHS, subgraphPort, type SubgraphName } from "../services/registry";
import { DEFAULT_SUPERVISION, startGraph } from "./graph";
import { portInUse } from "./ports";

/** A reason not to start that the user can mend (a bad variable, a busy port): said plainly, without a stack. */
class StartRefused extends Error {}

/** A port as SUBGRAPH_PORTS and GATEWAY_PORTS write it (1-65535, digits only), or null. */
const portOf = (value: string): number | null => (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535 ? Number(value) : null);

/** SUBGRAPH_PORTS: `organisations=5001,clusters=5002`, ports other than the registry's (services/registry.ts) by subgraph. */
const subgraphPorts = z
  .string()
  .default("")
  .transform((text, context) => {
    const ports: Partial<Record<SubgraphName, number>> = {};
    for (const item of text.split(",").map(part => part.trim()).filter(Boolean)) {
      const [name, value = ""] = item.split("=").map(part => part.trim());
      const number = portOf(value);
      if (!(SUBGRAPHS as readonly string[]).includes(name)) context.addIssue({ code: z.ZodIssueCode.custom, message: `"${name}" is not one of ${SUBGRAPHS.join(", ")}` });
      else if (number === null) context.addIssue({ code: z.ZodIssueCode.custom, message: `${name}: "${value}" is not a port (1-65535)` });
      else ports[name as SubgraphName] = number;
    }
    return ports;
  });

/** GATEWAY_PORTS: `4000,4100`, one gateway replica per port, in place of the one on PORT. */
const gatewayPorts = z
  .string()
  .optional()
  .transform((text, context) => {
    if (text === undefined || !text.trim()) return undefined;
    const ports: number[] = [];
    for (const value of text.split(",").map(part => part.trim())) {
      const number = portOf(value);
      if (number === null) context.addIssue({ code: z.ZodIssueCode.custom, message: `"${value}" is not a port (1-65535)` });
      else ports.push(number);
    }
    return ports;
  });

const startConfigSchema = z
  .object({
    DATABASE_URL: z.string().url("must be a postgres:// URL of a PostgreSQL server").optional(),
    PORT: port(GATEWAY_PORT),
    GATEWAY_PORTS: gatewayPorts,
    // The Redis the gateway replicas share; read here only to refuse GATEWAY_PORTS without it (the gateways read it themselves).
    REDIS_URL: z.string().url("must be a redis:// URL").optional(),
    SUBGRAPH_PORTS: subgraphPorts,
    PG_DATA_DIR: z.string().default(path.resolve(__dirname, "../.data/postgres")),
    PG_PORT: port(54329),
    SAMPLE_DATA: onOff("on"),
    LOG_LEVEL: z.string().default("info"),
    // The supervisor (scripts/graph.ts DEFAULT_SUPERVISION): restart delays, and how many restarts within a window it allows.
    RESTART_DELAY_MS: z.coerce.number().int().min(0).default(DEFAULT_SUPERVISION.initialDelayMs),
    RESTART_MAX_DELAY_MS: z.coerce.number().int().min(0).default(DEFAULT_SUPERVISION.maxDelayMs),
    RESTART_MAX: z.coerce.number().int().min(0).default(DEFAULT_SUPERVISION.maxRestarts),
    RESTART_WINDOW_MS: z.coerce.number().int().min(1).default(DEFAULT_SUPERVISION.windowMs),
  })
  // Replicas without Redis would each keep their own rate limits and caches: a client would get one allowance per
  // replica, and a write through one would leave the others' answers stale.
  .refine(env => !env.GATEWAY_PORTS || env.GATEWAY_PORTS.length < 2 || env.REDIS_URL, {
    path: ["GATEWAY_PORTS"],
    message: "several gateways need REDIS_URL (e.g. redis://127.0.0.1:6379), the Redis through which they share rate limits, caches and writes",
  });

/** `npm start`: the whole graph on one machine, on the embedded PostgreSQL unless DATABASE_URL says otherwise. */
async function start() {
  const config = (() => {
    try {
      return readConfig(startConfigSchema);
    } catch (error) {
      throw new StartRefused((error as Error).message);
    }
  })();
  const gatewayPorts = config.GATEWAY_PORTS ?? [config.PORT];
  await checkPorts(gatewayPorts, config.GATEWAY_PORTS ? "GATEWAY_PORTS" : "PORT", config.SUBGRAPH_PORTS);
  const graph = await startGraph({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.PG_DATA_DIR,
    postgresPort: config.PG_PORT,
    ports: "fixed",
    gatewayPorts,
    subgraphPorts: config.SUBGRAPH_PORTS,
    sampleData: config.SAMPLE_DATA,
    logLevel: config.LOG_LEVEL,
    // Compose from subgraphs.json, so that a partner's subgraph joins when it is added there.
    supergraphSource: "config",
    // A process that dies is restarted; one that keeps dying stops the graph, and this process exits 1 so that its own
    // supervisor (systemd, Docker, Kubernetes) takes over.
    supervise: {
      initialDelayMs: config.RESTART_DELAY_MS,
      maxDelayMs: config.RESTART_MAX_DELAY_MS,
      maxRestarts: config.RESTART_MAX,
      windowMs: config.RESTART_WINDOW_MS,
    },
  });
  logger.info({ url: graph.gatewayUrl, gateways: graph.gatewayUrls, subgraphs: graph.subgraphUrls }, `Cluster Hub is ready at ${graph.gatewayUrls.join(", ")}`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping Cluster Hub");
    graph.stop().then(() => process.exit(0), () => process.exit(1));
  };
  void graph.failed.then(failure => {
    if (stopping) return;
    stopping = true;
    logger.fatal(failure, `Cluster Hub stopped: ${failure.process} kept dying`);
    process.exit(1);
  });
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

/** Refuses to start, before anything is started, when a port of the graph is taken or wanted twice, naming the variable to change. */
async function checkPorts(gatewayPorts: number[], gatewayVariable: "PORT" | "GATEWAY_PORTS", overrides: Partial<Record<SubgraphName, number>>) {
  const change = gatewayVariable === "PORT" ? "PORT=<free port>" : "GATEWAY_PORTS=<free ports, comma-separated>";
  const wanted = [
    ...gatewayPorts.map((port, index) => ({ port, what: gatewayPorts.length > 1 ? `gateway ${index + 1} of GATEWAY_PORTS` : "the gateway", change })),
    ...SUBGRAPHS.map(name => ({ port: overrides[name] ?? subgraphPort(name), what: `the ${name} subgraph`, change: `SUBGRAPH_PORTS=${name}=<free port>` })),
  ];
  const problems: string[] = [];
  for (const [index, { port, what, change }] of wanted.entries()) {
    const first = wanted.findIndex(other => other.port === port);
    if (port !== 0 && first < index) problems.push(`port ${port} is wanted by ${wanted[first].what} and ${what}: set ${change}`);
    else if (port !== 0 && (await portInUse(port))) problems.push(`port ${port} (${what}) is in use: stop what holds it, or set ${change}`);
  }
  if (problems.length) throw new StartRefused(problems.join("; "));
}

start().catch(error => {
  // A failure the user can mend is said plainly, without a stack trace.
  if (error instanceof EmbeddedPostgresError || error instanceof StartRefused) logger.fatal({ reason: error.message }, `Cluster Hub failed to start: ${error.message}`);
  else logger.fatal({ err: error }, "Cluster Hub failed to start");
  process.exit(1);
});
