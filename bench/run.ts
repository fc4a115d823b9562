import "reflect-metadata";
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { renderChart, renderTable, type Dataset, type GatewayName, type ScenarioResult } from "./chart";
import { startGrafbase, startHiveGateway, type Peer } from "./peers";
import { BENCH_GATEWAY_ENV, SCENARIOS, type Scenario } from "./scenarios";
import { Client } from "pg";
import { startEmbeddedPostgres, type PostgresServer } from "../lib/platform/database";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { writeSynthetic } from "../scripts/synthetic";
import { freePort } from "../scripts/ports";

/**
 * `npm run bench`: starts the graph on the sample data and on the synthetic data, and drives it with autocannon
 * (in-process, loopback, a fixed short duration) through six scenarios, each through every system in turn: ours
 * (Apollo Gateway), Hive Gateway with its JavaScript planner and with Hive Router's Rust one, Grafbase (bench/peers.ts),
 * the gateway and subgraphs in one process (the limit), ours with two gateway replicas sharing one Redis (REDIS_URL, by
 * default the machine's at 127.0.0.1:6379, under a prefix of this run's own; the load spread over both), and ours again
 * with tracing on (OTEL_EXPORTER_OTLP_ENDPOINT pointed at a sink in this process).
 * Options: --duration <s> (5), --connections <n> (8), --data sample,synthetic,
 * --gateways apollo,hive,hive-rust,grafbase,one-process,apollo-replicas,apollo-traced,
 * --scenarios dashboard,list,list-paged,one,search,aggregate, --warmup <s> (2: unmeasured load before each run), --cache-max-age <s>
 * (0: the response cache off), --node-env <env> (production, as the Docker image runs; every process of every system).
 */
const ROOT = path.resolve(__dirname, "..");

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);

async function statements(subgraphUrls: Record<string, string>): Promise<Record<string, number>> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      const text = await (await fetch(url.replace(/\/graphql$/, "/metrics"))).text();
      return [name, Number(/clusterhub_sql_statements_total\{[^}]*\} (\d+)/.exec(text)?.[1] ?? NaN)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The subgraphs' statement counts once they stop moving: the requests still in flight have been answered. */
async function settledStatements(subgraphUrls: Record<string, string>): Promise<Record<string, number>> {
  let last = await statements(subgraphUrls);
  for (let settled = 0; settled < 2; ) {
    await new Promise(resolve => setTimeout(resolve, 300));
    const now = await statements(subgraphUrls);
    settled = JSON.stringify(now) === JSON.stringify(last) ? settled + 1 : 0;
    last = now;
  }
  return last;
}

/** Resident memory (MB) of this process's children, named by what they run: the subgraphs and the gateways. */
function childRss(extraPids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  let listing = "";
  try {
    listing = execFileSync("ps", ["-eo", "pid=,ppid=,rss=,args="], { encoding: "utf8" });
  } catch {
    return out;
  }
  // A named process counts with its workers (Hive Gateway may fork), each other child by what it runs.
  for (const line of listing.split("\n")) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, pid, ppid, rss, args] = match;
    const named = Object.entries(extraPids).find(([, p]) => p === Number(pid) || p === Number(ppid))?.[0];
    const role =
      named ?? (Number(ppid) === process.pid ? (/services\/(\w+)\/main\.ts/.exec(args)?.[1] ?? (/gateway\/main\.ts/.test(args) ? "apollo-gateway" : null)) : null);
    if (role) out[role] = (out[role] ?? 0) + Number(rss) / 1024;
  }
  return Object.fromEntries(Object.entries(out).map(([role, mb]) => [role, Math.round(mb)]));
}

async function runScenario(
  urls: string[],
  scenario: Scenario,
  dataset: Dataset,
  gateway: GatewayName,
  subgraphUrls: Record<string, string>,
  extraPids: Record<string, number>,
  duration: number,
  connections: number,
  warmup: number,
): Promise<ScenarioResult> {
  const body = JSON.stringify({ query: scenario.query, variables: scenario.variables(dataset) });
  const url = urls[0];
  // The load is spread over every URL (gateway replicas): one autocannon each, with its share of the connections.
  const load = (options: Omit<autocannon.Options, "url" | "connections">, onResult: (error: unknown, res: autocannon.Result) => void) =>
    urls.map((target, index) =>
      autocannon({ ...options, url: target, connections: Math.ceil((connections - index) / urls.length) } as autocannon.Options, onResult as never),
    );
  // A warm-up request that must answer without errors. The first one after a start meets cold connections and caches,
  // and one after a heavy scenario may queue behind its last requests still running in PostgreSQL (past the gateway's
  // 5 s subgraph timeout on the synthetic data), so it gets three tries.
  for (let attempt = 1; ; attempt++) {
    const probe = (await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body })).json()) as { errors?: unknown[] };
    if (!probe.errors?.length) break;
    if (attempt === 3) throw new Error(`${scenario.name} on ${gateway}/${dataset} answers errors: ${JSON.stringify(probe.errors).slice(0, 500)}`);
  }

  // Then load that is not measured: JIT-compiled code, warm sockets and PostgreSQL's caches for every system alike.
  // Without it the first system measured on a fresh graph paid for them (Apollo's dashboard: 236 rps first, 342 after).
  if (warmup > 0) {
    let left = urls.length;
    await new Promise<void>((resolve, reject) =>
      load({ method: "POST", headers: { "content-type": "application/json" }, body, duration: warmup }, error => (error ? reject(error) : --left === 0 && resolve())),
    );
  }
  // The warm-up's last requests finish before the measured ones start.
  if (warmup > 0) await settledStatements(subgraphUrls);

  const peak: Record<string, number> = {};
  const sample = () => {
    for (const [role, mb] of Object.entries(childRss(extraPids))) peak[role] = Math.max(peak[role] ?? 0, mb);
  };
  const sampler = setInterval(sample, 250);
  const latencies: number[] = [];
  let errors = 0;
  const before = await statements(subgraphUrls);
  const outcomes: autocannon.Result[] = [];
  await new Promise<void>((resolve, reject) => {
    const instances = load(
      {
        duration,
        // An answer with GraphQL errors (a subgraph timeout, say) is an error too, whatever its HTTP status.
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
            onResponse: (status: number, answer: string) => {
              if (status !== 200 || answer.includes('"errors":')) errors++;
            },
          },
        ],
      },
      (error, res) => (error ? reject(error) : outcomes.push(res) === urls.length && resolve()),
    );
    for (const instance of instances)
      instance.on("response", (_client: unknown, _statusCode: number, _bytes: number, responseTime: number) => void latencies.push(responseTime));
  });
  const result = { errors: outcomes.reduce((sum, r) => sum + r.errors, 0), timeouts: outcomes.reduce((sum, r) => sum + r.timeouts, 0) };
  // autocannon stops with one request in flight on each connection; the subgraphs still answer them. Wait until
  // their counters settle and count those requests too (each connection runs one request at a time).
  const after = await settledStatements(subgraphUrls);
  clearInterval(sampler);
  sample();
  const sorted = latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    dataset,
    gateway,
    scenario: scenario.name,
    requests,
    errors: errors + result.errors + result.timeouts,
    rps: round(requests / duration),
    latencyMs: { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)) },
    sqlStatementsPerRequest: Object.fromEntries(Object.keys(before).map(name => [name, round((after[name] - before[name]) / (requests + connections))])),
    // A router in front: its processes and the four subgraph processes; one-process: that process alone.
    peakRssMb: Object.fromEntries(Object.entries(peak).filter(([role]) => (gateway === "one-process" ? role === "one-process" : role in extraPids || (role === "apollo-gateway" && gateway.startsWith("apollo")) || role in subgraphUrls))),
  };
}

/**
 * Where ours sends its traces when the bench measures it with tracing on: an HTTP server in this process that reads and
 * answers 200 to every OTLP post, keeping nothing. Tracing costs the gateway and subgraphs their spans and exports; the
 * sink costs them nothing more.
 */
async function startOtlpSink(): Promise<{ url: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      posts++;
      res.writeHead(200, { "content-type": req.headers["content-type"] ?? "application/json" });
      res.end(req.headers["content-type"]?.includes("json") ? "{}" : "");
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts: () => posts,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/** The gateway and the four subgraphs in one Node process (bench/one-process.ts), on the same databases. */
function startOneProcess(databaseUrl: string, secret: string): Promise<{ url: string; subgraphUrls: Record<string, string>; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, "bench/one-process.ts"), [], {
      cwd: ROOT,
      execArgv: ["-r", "@swc-node/register"],
      env: { ...process.env, SERVER_URL: databaseUrl, LOG_LEVEL: "error", GATEWAY_SECRET: secret, ...BENCH_GATEWAY_ENV },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    child.once("exit", code => reject(new Error(`one-process exited with ${code} before it was ready`)));
    child.on("message", (message: { type?: string; url?: string; subgraphUrls?: Record<string, string> }) => {
      if (message.type === "ready" && message.url && message.subgraphUrls) resolve({ url: message.url, subgraphUrls: message.subgraphUrls, process: child });
    });
  });
}

async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return !!(await client.query("select 1 from pg_database where datname = $1", [name])).rowCount;
  } finally {
    await client.end();
  }
}

async function main() {
  const duration = Number(option("duration", "5"));
  const warmup = Number(option("warmup", "2"));
  const connections = Number(option("connections", "8"));
  const datasets = option("data", "sample,synthetic").split(",") as Dataset[];
  // Ours with two replicas, then ours with tracing on, come last whatever the order asked: each restarts our graph.
  const asked = option("gateways", "apollo,hive,hive-rust,grafbase,one-process,apollo-replicas,apollo-traced").split(",") as GatewayName[];
  const restarting: GatewayName[] = ["apollo-replicas", "apollo-traced"];
  const gateways = [...asked.filter(g => !restarting.includes(g)), ...restarting.filter(g => asked.includes(g))];
  const scenarioKeys = option("scenarios", SCENARIOS.map(s => s.key).join(",")).split(",");
  const scenarios = SCENARIOS.filter(s => scenarioKeys.includes(s.key));
  // Uncached by default: every request does its work. `--cache-max-age 60` measures the response cache instead.
  process.env.CACHE_MAX_AGE = option("cache-max-age", "0");
  // Every process of every system (our gateway, the subgraphs, Hive Gateway, the one-process variant) inherits this:
  // all are measured as they are deployed, graphql-js without its development checks included.
  process.env.NODE_ENV = option("node-env", "production");
  // Tracing is on only where the bench turns it on (ours with tracing on).
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  // One secret for this run, shared by every router in front, the one-process variant and the subgraphs.
  const secret = randomBytes(32).toString("base64url");
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const work = await mkdtemp(path.join(os.tmpdir(), "clusterhub-bench-"));
  let postgres: PostgresServer | null = null;
  const serverUrl =
    process.env.DATABASE_URL ??
    (postgres = await startEmbeddedPostgres({
      dataDir: process.env.PG_DATA_DIR ?? path.join(ROOT, ".data/postgres"),
      port: Number(process.env.PG_PORT ?? (await freePort())),
    })).url;
  const results: ScenarioResult[] = [];
  const notes: string[] = [];
  try {
    for (const dataset of datasets) {
      const url = new URL(serverUrl);
      url.pathname = dataset === "sample" ? "/benchsample" : "/synthetic";
      if (dataset === "synthetic" && !(await databaseExists(serverUrl, "synthetic_clusters"))) {
        console.log("no synthetic data yet: writing the default size (npm run data:synthetic)");
        await writeSynthetic(serverUrl, { clusters: 10_000, organisations: 100_000, memberships: 1_000_000 }, line => console.log(line));
      }
      // Ours: the gateway and the four subgraphs. With `traceTo`, every one of them exports its traces there over OTLP
      // (OTEL_EXPORTER_OTLP_ENDPOINT, which they inherit from this process while they start).
      const startOurs = async (traceTo?: string, gateways = 1): Promise<RunningGraph> => {
        if (traceTo) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = traceTo;
        try {
          return await startGraph({
            databaseUrl: url.toString(),
            ports: "ephemeral",
            sampleData: dataset === "sample" ? "on" : "off",
            logLevel: "error",
            gatewaySecret: secret,
            gatewayEnv: gateways > 1 ? { ...BENCH_GATEWAY_ENV, REDIS_URL: redisUrl, REDIS_PREFIX: `clusterhub-bench-${secret.slice(0, 8)}` } : BENCH_GATEWAY_ENV,
            ...(gateways > 1 ? { gatewayPorts: Array.from({ length: gateways }, () => 0) } : {}),
          });
        } finally {
          delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
        }
      };
      let graph: RunningGraph = await startOurs();
      try {
        for (const gateway of gateways) {
          let target: { urls: string[]; subgraphUrls: Record<string, string> } = { urls: [graph.gatewayUrl], subgraphUrls: graph.subgraphUrls };
          let peer: Peer | null = null;
          let sink: Awaited<ReturnType<typeof startOtlpSink>> | null = null;
          const pids: Record<string, number> = {};
          try {
            if (gateway === "hive" || gateway === "hive-rust") peer = await startHiveGateway(graph.subgraphUrls, work, secret, { rustPlanner: gateway === "hive-rust" });
            if (gateway === "grafbase") peer = await startGrafbase(graph.subgraphUrls, work, secret);
            if (gateway === "one-process") {
              const one = await startOneProcess(url.toString(), secret);
              peer = { url: one.url, processes: { "one-process": one.process }, stop: async () => void one.process.kill("SIGTERM") };
              target = { urls: [one.url], subgraphUrls: one.subgraphUrls };
            }
            if (gateway === "apollo-traced") {
              // Ours again from a fresh start, tracing on: the untraced graph stops first, so that one graph's memory is read.
              await graph.stop();
              sink = await startOtlpSink();
              graph = await startOurs(sink.url);
              target = { urls: [graph.gatewayUrl], subgraphUrls: graph.subgraphUrls };
            }
            if (gateway === "apollo-replicas") {
              // Ours with two gateways on one Redis, as `GATEWAY_PORTS` starts them: the untraced graph stops first, as above.
              await graph.stop();
              graph = await startOurs(undefined, 2);
              target = { urls: graph.gatewayUrls, subgraphUrls: graph.subgraphUrls };
            }
            if (peer && gateway !== "one-process") target = { urls: [peer.url], subgraphUrls: graph.subgraphUrls };
            for (const [name, child] of Object.entries(peer?.processes ?? {})) if (child.pid) pids[name] = child.pid;
          } catch (error) {
            notes.push(`${gateway} not measured on ${dataset}: ${(error as Error).message}`);
            await peer?.stop();
            continue;
          }
          try {
            for (const scenario of scenarios) {
              try {
                const result = await runScenario(target.urls, scenario, dataset, gateway, target.subgraphUrls, pids, duration, connections, warmup);
                results.push(result);
                console.log(JSON.stringify(result));
              } catch (error) {
                const note = `${scenario.name} on ${gateway}/${dataset}: ${(error as Error).message}`;
                notes.push(note);
                console.error(note);
              }
              // A router whose process exited answers no further scenario. (Hive Gateway out of heap did not end its main
              // process in the runs of 6 December: the scenarios after it are noted one by one, "fetch failed".)
              const dead = Object.entries(peer?.processes ?? {}).find(([, child]) => child.exitCode !== null || child.signalCode !== null);
              if (dead) {
                notes.push(`${dead[0]} exited (${dead[1].exitCode ?? dead[1].signalCode}) during "${scenario.name}" on ${dataset}: the scenarios after it were not measured on ${gateway}`);
                break;
              }
            }
          } finally {
            await peer?.stop();
            if (sink) {
              // Before the gateway and subgraphs export anything (no OpenTelemetry in them yet), the sink receives nothing.
              notes.push(`ours with tracing on (${dataset}): the OTLP sink received ${sink.posts()} posts`);
              await sink.close();
            }
          }
        }
      } finally {
        await graph.stop();
      }
    }
  } finally {
    await postgres?.stop();
  }
  const out = path.join(ROOT, "bench/results");
  mkdirSync(out, { recursive: true });
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    settings: { durationSeconds: duration, warmupSeconds: warmup, connections, cacheMaxAge: Number(process.env.CACHE_MAX_AGE), gatewayEnv: BENCH_GATEWAY_ENV, nodeEnv: process.env.NODE_ENV },
    notes,
    results,
  };
  writeFileSync(path.join(out, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(out, "latest.svg"), renderChart(results));
  writeFileSync(path.join(out, "latest.md"), renderTable(report));
  console.log(`wrote bench/results/latest.json, latest.md and latest.svg (${results.length} runs)`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
