import "reflect-metadata";
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { renderChart, renderTable, type Dataset, type GatewayName, type ScenarioResult } from "./chart";
import { Client } from "pg";
import { startEmbeddedPostgres, type PostgresServer } from "../lib/platform/database";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { writeSynthetic } from "../scripts/synthetic";
import { freePort } from "../scripts/ports";
import { defaultSubgraphUrl } from "../scripts/schema";
import { subgraphPort, type SubgraphName } from "../services/registry";

/**
 * `npm run bench`: starts the graph on the sample data and on the synthetic data, and drives it with autocannon
 * (in-process, loopback, a fixed short duration) through five scenarios: through Apollo Gateway, through Hive Gateway,
 * and with the gateway and subgraphs in one process.
 * Options: --duration <s> (5), --connections <n> (8), --data sample,synthetic, --gateways apollo,hive,one-process,
 * --scenarios dashboard,list,list-paged,one,search,aggregate, --warmup <s> (2: unmeasured load before each run), --cache-max-age <s>
 * (0: the response cache off), --node-env <env> (production, as the Docker image runs; every process of every system).
 */
const ROOT = path.resolve(__dirname, "..");

/**
 * What the gateways run with besides their defaults. autocannon is one client at one address sending far more than
 * 300 requests a minute, so only the per-address and per-key rate limits are lifted; every other limit (cost, depth,
 * page size, body, timeout) stays at its default and is measured as shipped.
 */
export const BENCH_GATEWAY_ENV: Record<string, string> = { RATE_LIMIT_PER_ADDRESS: "100000000", RATE_LIMIT_PER_KEY: "100000000" };

interface Scenario {
  /** A short name for `--scenarios`. */
  key: string;
  name: string;
  query: string;
  variables: (dataset: Dataset) => Record<string, unknown>;
}


export const SCENARIOS: Scenario[] = [
  {
    key: "dashboard",
    name: "dashboard (all four subgraphs)",
    query: `query Dashboard {
      clusterStats(by: COUNTRY) { key clusters memberships reportedMembers }
      partnershipMatrix { countryA countryB kind partnerships }
      fundingStats(by: FUNDER) { funder { name } programmes beneficiaries }
      organisations(first: 1) { totalCount }
    }`,
    variables: () => ({}),
  },
  {
    key: "list",
    name: "100 clusters, fully linked",
    query: `query Clusters {
      clusters(first: 100) {
        nodes {
          name latestMemberCount { count }
          memberships { roles organisation { name country } }
          partnerships { title parties { role cluster { name } } }
          funding { role programme { name funders { name } } }
        }
      }
    }`,
    variables: () => ({}),
  },
  {
    key: "list-paged",
    name: "100 clusters, first 10 members each",
    query: `query ClustersPaged {
      clusters(first: 100) {
        nodes {
          name latestMemberCount { count }
          memberships(first: 10) { roles organisation { name country } }
          partnerships { title parties { role cluster { name } } }
          funding { role programme { name funders { name } } }
        }
      }
    }`,
    variables: () => ({}),
  },
  {
    key: "one",
    name: "one cluster by id",
    query: `query One($id: ID!) { cluster(id: $id) { name country city sectors latestMemberCount { count } coordinator { name } funding { programme { name } } } }`,
    variables: dataset => ({ id: dataset === "sample" ? "lubelska-medycyna" : "syn-cluster-0000042" }),
  },
  {
    // The search box as clients now ask it: the root `search`, hits from all four subgraphs. Runs before this change
    // measured `searchClusters` (one subgraph) under the same name; see docs/performance.md "Benchmark".
    key: "search",
    name: "search",
    query: `query Search($q: String!) {
      search(query: $q) {
        clusters(first: 10) { score matchedName node { id name } }
        organisations(first: 10) { score matchedName node { id name } }
        partnerships(first: 10) { score matchedName node { id title } }
        programmes(first: 10) { score matchedName node { id name } }
      }
    }`,
    variables: () => ({ q: "Lwów" }),
  },
  {
    key: "aggregate",
    name: "aggregate",
    query: `query BySector { clusterStats(by: SECTOR) { key clusters memberships reportedMembers } }`,
    variables: () => ({}),
  },
];

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
  url: string,
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
  if (warmup > 0)
    await new Promise<void>((resolve, reject) =>
      autocannon({ url, method: "POST", headers: { "content-type": "application/json" }, body, duration: warmup, connections }, error => (error ? reject(error) : resolve())),
    );
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
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        duration,
        connections,
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
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client: unknown, _statusCode: number, _bytes: number, responseTime: number) => void latencies.push(responseTime));
  });
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
    // Apollo and Hive: the gateway and the four subgraph processes; one-process: that process alone.
    peakRssMb: Object.fromEntries(
      Object.entries(peak).filter(([role]) => (gateway === "one-process" ? role === "one-process" : role === `${gateway}-gateway` || role in subgraphUrls)),
    ),
  };
}

/** Hive Gateway serving the checked-in supergraph, with the running subgraphs' URLs put in. */
async function startHiveGateway(subgraphUrls: Record<string, string>, dir: string, secret: string): Promise<{ url: string; process: ChildProcess }> {
  const bin = path.join(ROOT, "bench/node_modules/@graphql-hive/gateway/dist/bin.js");
  if (!existsSync(bin)) throw new Error("@graphql-hive/gateway is not installed: npm run bench installs the bench's own packages (bench/package.json)");
  let supergraph = readFileSync(path.join(ROOT, "schema/supergraph.graphql"), "utf8");
  for (const [name, url] of Object.entries(subgraphUrls)) supergraph = supergraph.replace(defaultSubgraphUrl(subgraphPort(name as SubgraphName)), url);
  const file = path.join(dir, "supergraph.graphql");
  writeFileSync(file, supergraph);
  const port = await freePort();
  // The config signs every subgraph fetch as our gateway does (the subgraphs refuse unsigned requests).
  const config = path.join(ROOT, "bench/hive-gateway.config.mts");
  const child = spawn(process.execPath, [bin, "supergraph", file, "--config-path", config, "--port", String(port), "--host", "127.0.0.1"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, GATEWAY_SECRET: secret },
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      if (response.ok) return { url, process: child };
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error("hive-gateway did not answer within 20 s");
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
  const gateways = option("gateways", "apollo,hive,one-process").split(",") as GatewayName[];
  const scenarioKeys = option("scenarios", SCENARIOS.map(s => s.key).join(",")).split(",");
  const scenarios = SCENARIOS.filter(s => scenarioKeys.includes(s.key));
  // Uncached by default: every request does its work. `--cache-max-age 60` measures the response cache instead.
  process.env.CACHE_MAX_AGE = option("cache-max-age", "0");
  // Every process of every system (our gateway, the subgraphs, Hive Gateway, the one-process variant) inherits this:
  // all are measured as they are deployed, graphql-js without its development checks included.
  process.env.NODE_ENV = option("node-env", "production");
  // One secret for this run, shared by Apollo Gateway, Hive Gateway, the one-process variant and the subgraphs.
  const secret = randomBytes(32).toString("base64url");
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
      const graph: RunningGraph = await startGraph({
        databaseUrl: url.toString(),
        ports: "ephemeral",
        sampleData: dataset === "sample" ? "on" : "off",
        logLevel: "error",
        gatewaySecret: secret,
        gatewayEnv: BENCH_GATEWAY_ENV,
      });
      try {
        for (const gateway of gateways) {
          let target: { url: string; process?: ChildProcess; subgraphUrls?: Record<string, string> } = { url: graph.gatewayUrl };
          try {
            if (gateway === "hive") target = await startHiveGateway(graph.subgraphUrls, work, secret);
            if (gateway === "one-process") target = await startOneProcess(url.toString(), secret);
          } catch (error) {
            notes.push(`${gateway} not measured on ${dataset}: ${(error as Error).message}`);
            continue;
          }
          const pids: Record<string, number> = target.process?.pid ? { [gateway === "hive" ? "hive-gateway" : "one-process"]: target.process.pid } : {};
          try {
            for (const scenario of scenarios) {
              try {
                const result = await runScenario(target.url, scenario, dataset, gateway, target.subgraphUrls ?? graph.subgraphUrls, pids, duration, connections, warmup);
                results.push(result);
                console.log(JSON.stringify(result));
              } catch (error) {
                notes.push((error as Error).message);
                console.error((error as Error).message);
              }
            }
          } finally {
            target.process?.kill("SIGTERM");
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
