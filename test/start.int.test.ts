import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startGraph } from "../scripts/graph";
import { postQuery } from "./helpers/graph";
import { freePort } from "../scripts/ports";
import { SUBGRAPHS } from "../services/registry";

const ROOT = path.resolve(__dirname, "..");
const DONE_WHEN = /* GraphQL */ `{ clusters(filter: { country: PL }) { totalCount nodes { name memberCounts { count asOf } } } }`;

/** Free ports for the gateway, PostgreSQL and every subgraph, so that npm start collides with nothing else on the machine. */
async function freePorts(): Promise<Record<string, string>> {
  const subgraphPorts = [];
  for (const name of SUBGRAPHS) subgraphPorts.push(`${name}=${await freePort()}`);
  return { PORT: String(await freePort()), PG_PORT: String(await freePort()), SUBGRAPH_PORTS: subgraphPorts.join(",") };
}

/** Runs `npm start`'s script as a user would, and waits until the gateway's /health says ready. */
async function npmStart(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
  const url = `http://127.0.0.1:${env.PORT}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    const health = (await fetch(`${url}/health`).then(r => r.json(), () => null)) as { status?: string } | null;
    if (health?.status === "ready") return { child, url: `${url}/graphql`, exited };
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("npm start was not ready within 60 s");
}

describe("npm start", () => {
  let dataDir: string;
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("serves the sample data on an embedded PostgreSQL, stops on Ctrl-C, and keeps the data for the next start", async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-start-"));
    const env = { PG_DATA_DIR: dataDir, ...(await freePorts()) };

    const first = await npmStart(env);
    const answer = await postQuery(first.url, DONE_WHEN);
    expect(answer.data.clusters.totalCount).toBe(7);
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    await expect(fetch(first.url)).rejects.toThrow();

    // Without the sample loader, what the graph answers is what the first start left on disk.
    const second = await npmStart({ ...env, SAMPLE_DATA: "off" });
    expect(await postQuery(second.url, DONE_WHEN)).toEqual(answer);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  }, 120_000);
});

/** The pid of the child process of `parent` that runs `entry` (npm start's gateway or a subgraph). */
function childRunning(parent: number, entry: string): number {
  const lines = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(parent)], { encoding: "utf8" }).trim().split("\n");
  const line = lines.find(l => l.includes(entry));
  if (!line) throw new Error(`no child of ${parent} runs ${entry}`);
  return Number(line.trim().split(/\s+/)[0]);
}

describe("npm start on a busy port", () => {
  it("refuses to start, naming the busy port and the variable to change, without a stack trace", async () => {
    const holder = net.createServer();
    await new Promise<void>(resolve => holder.listen(0, "127.0.0.1", resolve));
    const busy = (holder.address() as net.AddressInfo).port;
    try {
      const ports = await freePorts();
      const env = { ...ports, SUBGRAPH_PORTS: ports.SUBGRAPH_PORTS.replace(/clusters=\d+/, `clusters=${busy}`), PG_DATA_DIR: path.join(tmpdir(), "clusterhub-never-made") };
      const child = spawn(process.execPath, ["-r", "@swc-node/register", "scripts/start.ts"], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "warn", ...env } });
      let output = "";
      child.stdout.on("data", chunk => (output += chunk));
      child.stderr.on("data", chunk => (output += chunk));
      const code = await new Promise<number | null>(resolve => child.once("exit", resolve));
      expect(code).toBe(1);
      const { msg } = JSON.parse(output.trim().split("\n").at(-1)!) as { msg: string };
      expect(msg).toBe(`Cluster Hub failed to start: port ${busy} (the clusters subgraph) is in use: stop what holds it, or set SUBGRAPH_PORTS=clusters=<free port>`);
      expect(output).not.toContain("stack");
    } finally {
      holder.close();
    }
  });
});

describe("npm start's supervisor", () => {
  it("exits 1 when a process keeps dying, so that systemd, Docker or Kubernetes takes over", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "clusterhub-giveup-"));
    try {
      // No restart allowed: the first unexpected death is one too many.
      const started = await npmStart({ PG_DATA_DIR: dir, ...(await freePorts()), RESTART_MAX: "0" });
      process.kill(childRunning(started.child.pid!, "gateway/main.ts"), "SIGKILL");
      expect(await started.exited).toBe(1);
      await expect(fetch(started.url)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("DATABASE_URL", () => {
  it("gives each subgraph its own database on that server, created when missing; SAMPLE_DATA=off loads nothing", async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    serverUrl.pathname = "/emptyhub";
    const graph = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "off", logLevel: "warn" });
    try {
      const answer = await postQuery(graph.gatewayUrl, `{ clusters { totalCount } organisations { totalCount } partnerships { totalCount } fundingProgrammes { totalCount } events { totalCount } }`);
      expect(answer.data).toEqual({
        clusters: { totalCount: 0 },
        organisations: { totalCount: 0 },
        partnerships: { totalCount: 0 },
        fundingProgrammes: { totalCount: 0 },
        events: { totalCount: 0 },
      });
      const client = new Client({ connectionString: inject("graph").postgresUrl });
      await client.connect();
      const { rows } = await client.query("select datname from pg_database where datname like 'emptyhub_%' order by datname");
      await client.end();
      expect(rows.map(row => row.datname)).toEqual([...SUBGRAPHS, "gateway"].map(name => `emptyhub_${name}`).sort());
    } finally {
      await graph.stop();
    }
    // Five subgraphs and a gateway migrate fresh databases: more than the default 30 s on a loaded 2-core machine.
  }, 120_000);
});

/** Runs `npm start`'s script with `env` until it exits by itself; answers its exit code and its last log line's message. */
async function refusedStart(env: Record<string, string | undefined>): Promise<{ code: number | null; msg: string; output: string }> {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "scripts/start.ts"], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "warn", ...env } });
  let output = "";
  child.stdout.on("data", chunk => (output += chunk));
  child.stderr.on("data", chunk => (output += chunk));
  const code = await new Promise<number | null>(resolve => child.once("exit", resolve));
  const { msg } = JSON.parse(output.trim().split("\n").at(-1)!) as { msg: string };
  return { code, msg, output };
}

describe("npm start with GATEWAY_PORTS", () => {
  const REDIS_URL = "redis://127.0.0.1:6379";

  it("refuses several gateways without REDIS_URL, naming it, since they would not share their limits and caches", async () => {
    const ports = await freePorts();
    const env = { ...ports, GATEWAY_PORTS: `${await freePort()},${await freePort()}`, REDIS_URL: undefined, PG_DATA_DIR: path.join(tmpdir(), "clusterhub-never-made") };
    const { code, msg, output } = await refusedStart(env);
    expect(code).toBe(1);
    expect(msg).toContain("GATEWAY_PORTS");
    expect(msg).toContain("several gateways need REDIS_URL");
    expect(output).not.toContain("stack");
  });

  it("names a busy gateway port, and the variable to change", async () => {
    const holder = net.createServer();
    await new Promise<void>(resolve => holder.listen(0, "127.0.0.1", resolve));
    const busy = (holder.address() as net.AddressInfo).port;
    try {
      const env = { ...(await freePorts()), GATEWAY_PORTS: `${await freePort()},${busy}`, REDIS_URL, PG_DATA_DIR: path.join(tmpdir(), "clusterhub-never-made") };
      const { code, msg } = await refusedStart(env);
      expect(code).toBe(1);
      expect(msg).toBe(`Cluster Hub failed to start: port ${busy} (gateway 2 of GATEWAY_PORTS) is in use: stop what holds it, or set GATEWAY_PORTS=<free ports, comma-separated>`);
    } finally {
      holder.close();
    }
  });

  it("starts one gateway per port on one Redis, both serving the graph, and stops them all on Ctrl-C", async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    serverUrl.pathname = "/startreplicas";
    const gatewayPorts = [await freePort(), await freePort()];
    const env = { ...(await freePorts()), GATEWAY_PORTS: gatewayPorts.join(","), REDIS_URL, REDIS_PREFIX: `test-start-${randomBytes(6).toString("hex")}`, DATABASE_URL: serverUrl.toString() };
    const child = spawn(process.execPath, ["-r", "@swc-node/register", "scripts/start.ts"], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "ignore", "inherit"] });
    const exited = new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
    try {
      const urls = gatewayPorts.map(port => `http://127.0.0.1:${port}`);
      for (let attempt = 0; attempt < 600; attempt++) {
        if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
        const statuses = await Promise.all(urls.map(url => fetch(`${url}/health`).then(r => r.status, () => 0)));
        if (statuses.every(status => status === 200)) break;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      const answers = await Promise.all(urls.map(url => postQuery(`${url}/graphql`, DONE_WHEN)));
      expect(answers.map(answer => answer.data?.clusters.totalCount)).toEqual([7, 7]);
      child.kill("SIGINT");
      expect(await exited).toBe(0);
      for (const url of urls) await expect(fetch(`${url}/health`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 120_000);
});
