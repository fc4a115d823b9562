import path from "node:path";
import { z } from "zod";
import { onOff, port, readConfig } from "../lib/config";
import { EmbeddedPostgresError } from "../lib/embedded-postgres";
import { logger } from "../lib/logger";
import { DEFAULT_SUPERVISION, startGraph } from "./graph";

const startConfigSchema = z.object({
  DATABASE_URL: z.string().url("must be a postgres:// URL of a PostgreSQL server").optional(),
  PORT: port(4000),
  PG_DATA_DIR: z.string().default(path.resolve(__dirname, "../.data/postgres")),
  PG_PORT: port(54329),
  SAMPLE_DATA: onOff("on"),
  LOG_LEVEL: z.string().default("info"),
  // The supervisor (scripts/graph.ts DEFAULT_SUPERVISION): restart delays, and how many restarts within a window it allows.
  RESTART_DELAY_MS: z.coerce.number().int().min(0).default(DEFAULT_SUPERVISION.initialDelayMs),
  RESTART_MAX_DELAY_MS: z.coerce.number().int().min(0).default(DEFAULT_SUPERVISION.maxDelayMs),
  RESTART_MAX: z.coerce.number().int().min(0).default(DEFAULT_SUPERVISION.maxRestarts),
  RESTART_WINDOW_MS: z.coerce.number().int().min(1).default(DEFAULT_SUPERVISION.windowMs),
});

/** `npm start`: the whole graph on one machine, on the embedded PostgreSQL unless DATABASE_URL says otherwise. */
async function start() {
  const config = readConfig(startConfigSchema);
  const graph = await startGraph({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.PG_DATA_DIR,
    postgresPort: config.PG_PORT,
    ports: "fixed",
    gatewayPort: config.PORT,
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
  logger.info({ url: graph.gatewayUrl, subgraphs: graph.subgraphUrls }, `Cluster Hub is ready at ${graph.gatewayUrl}`);
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

start().catch(error => {
  // A failure the user can mend is said plainly, without a stack trace.
  if (error instanceof EmbeddedPostgresError) logger.fatal({ reason: error.message }, `Cluster Hub failed to start: ${error.message}`);
  else logger.fatal({ err: error }, "Cluster Hub failed to start");
  process.exit(1);
});
