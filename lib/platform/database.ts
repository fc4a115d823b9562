import { Client } from "pg";
import { MikroORM, PostgreSqlDriver, type Options } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import type { MigrationObject } from "@mikro-orm/core";

export { startEmbeddedPostgres, type PostgresServer } from "./embedded-postgres";

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
    // Two processes may race to create the same database (gateway replicas starting together); the loser finds it
    // there (42P04), or loses on the catalogue's unique index (23505).
    if (!["42P04", "23505"].includes(String((error as { code?: string }).code))) throw error;
  } finally {
    await client.end();
  }
}

export interface DatabaseOptions {
  databaseUrl: string;
  entities: Options["entities"];
  migrations: MigrationObject[];
}

/** Leads a statement sent on no request's behalf (the gateway's list-size poll): the per-request counter leaves it out. */
export const BACKGROUND_SQL = "/* background */ ";

/** Opens a subgraph's database with MikroORM and counts every SQL statement sent to it for requests. */
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
  orm.em.getConnection().getKnex().on("query", (query: { sql?: string }) => {
    if (!query.sql?.startsWith(BACKGROUND_SQL)) statements++;
  });
  return { orm, statements: () => statements };
}
