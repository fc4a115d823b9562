import { mkdir, mkdtemp, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../lib/platform/database";
import { ROOT_POSTGRES_HOME } from "../lib/platform/embedded-postgres";
import { freePort } from "../scripts/ports";

const asRoot = process.getuid?.() === 0;

describe("the embedded PostgreSQL, for whoever runs it from wherever", () => {
  const folders: string[] = [];
  // Like root's home: a folder no other user may enter.
  const closedFolder = async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "clusterhub-closed-"));
    folders.push(folder);
    return folder;
  };
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("starts from a folder only its user can enter, and answers SQL", async () => {
    const dataDir = path.join(await closedFolder(), ".data/postgres");
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    try {
      const client = new Client({ connectionString: server.url });
      await client.connect();
      expect((await client.query("select current_user as who")).rows).toEqual([{ who: "postgres" }]);
      await client.end();
      // As root PostgreSQL runs as `postgres`, which cannot enter the folder: its files live where it can, linked from there.
      if (asRoot) expect(await readlink(dataDir)).toContain(path.join(ROOT_POSTGRES_HOME, "data"));
    } finally {
      await server.stop();
    }
  });

  it.runIf(asRoot)("says plainly what to do when its data already sits where the postgres user cannot reach it", async () => {
    const dataDir = path.join(await closedFolder(), "postgres");
    await mkdir(dataDir);
    await expect(startEmbeddedPostgres({ dataDir, port: await freePort() })).rejects.toThrow(
      /cannot reach its data in .*postgres.*PG_DATA_DIR.*DATABASE_URL=/s,
    );
  });
});
