import "reflect-metadata";
import { readdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { MikroORM, PostgreSqlDriver } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import { ensureDatabase, startEmbeddedPostgres, subgraphDatabaseUrl } from "../lib/platform/database";
import { gatewayDatabase } from "../gateway/partners";
import { loadSubgraphs, REGISTERED } from "../services/registry";

/** Writes the migration that brings a subgraph's database up to its entities: `npm run migration:create -- <subgraph>`. */
async function createMigration(name: string) {
  // Every registered subgraph (ours and the example partner ones), and the gateway with its database of partners and keys.
  const databases = [...(await loadSubgraphs(REGISTERED)), { name: "gateway", ...gatewayDatabase }];
  const subgraph = databases.find(s => s.name === name);
  if (!subgraph) throw new Error(`Unknown subgraph "${name}"; one of ${databases.map(s => s.name).join(", ")}`);
  const folder = name === "gateway" ? path.resolve(__dirname, "../gateway/migrations") : path.resolve(__dirname, "../services", name, "migrations");
  const dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-migration-"));
  const server = await startEmbeddedPostgres({ dataDir, port: 54000 + Math.floor(Math.random() * 1000), persistent: false });
  try {
    const databaseUrl = subgraphDatabaseUrl(server.url, name);
    await ensureDatabase(databaseUrl);
    const orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: databaseUrl,
      entities: subgraph.entities,
      extensions: [Migrator],
      migrations: { path: folder, pathTs: folder, migrationsList: subgraph.migrations, emit: "ts", snapshot: false },
    });
    await orm.getMigrator().up();
    const result = await orm.getMigrator().createMigration(folder);
    await orm.close();
    console.log(result.fileName ? `wrote ${path.join(folder, result.fileName)}` : "no changes: the database already matches the entities");
    writeIndex(folder);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Lists the migration classes, oldest first, for `migrationsList` (no file globbing at run time). */
function writeIndex(folder: string) {
  const files = readdirSync(folder).filter(f => /^Migration\d+\.ts$/.test(f)).sort();
  const names = files.map(f => f.replace(/\.ts$/, ""));
  writeFileSync(
    path.join(folder, "index.ts"),
    `import type { MigrationObject } from "@mikro-orm/core";\n` +
      names.map(n => `import { ${n} } from "./${n}";`).join("\n") +
      `\n\n/** This subgraph's migrations, oldest first. */\nexport const migrations: MigrationObject[] = [\n` +
      names.map(n => `  { name: "${n}", class: ${n} },`).join("\n") +
      `\n];\n`,
  );
}

createMigration(process.argv[2] ?? "").catch(error => {
  console.error(error);
  process.exit(1);
});
