import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { startEmbeddedPostgres, type PostgresServer } from "../lib/platform/database";
import { SUBGRAPHS, type SubgraphName } from "../services/registry";
import { hmacKey, signSubgraphRequest } from "../lib/platform/signature";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { freePort } from "../scripts/ports";
import { BENCH_GATEWAY_ENV, SCENARIOS } from "./scenarios";

/**
 * `node -r @swc-node/register bench/subgraph-cpu.ts`: CPU milliseconds per request of each subgraph process (and of
 * the gateway), read from /proc/<pid>/stat before and after a fixed number of requests. Unlike requests per second,
 * CPU time does not depend on what else the shared machine is doing. Runs on the sample data in its own embedded
 * PostgreSQL (`.data/postgres-cpu`). Options: --requests <n> (2000), --connections <n> (8), --only <name,...>,
 * --node-env <env> (development, as `npm start` and `npm run bench`; the Docker image runs production), --rounds <n> (4),
 * --against <checkout>: a second graph from another checkout (with its node_modules), measured in alternation;
 * --against-node-env <env>: that graph's NODE_ENV (the same checkout twice compares development and production).
 * --profile sends every process of the graph SIGUSR2 before and after the measured requests: a preload given in
 * NODE_OPTIONS="--require <file>" can start and write a CPU profile on it (Node refuses --cpu-prof in NODE_OPTIONS).
 */
const ROOT = path.resolve(__dirname, "..");
const SECRET = randomBytes(32).toString("base64url");
const KEY = hmacKey(SECRET);

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

/** user + system CPU time of a process so far, in milliseconds (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Target {
  name: string;
  /** gateway: through the gateway; otherwise straight to that subgraph, signed. */
  to: "gateway" | SubgraphName;
  body: string;
}

const organisationIds = (JSON.parse(readFileSync(path.join(ROOT, "services/organisations/data/sample.json"), "utf8")) as { organisations: { id: string }[] })
  .organisations.map(o => o.id);

const scenario = (name: string) => SCENARIOS.find(s => s.name === name)!;
const TARGETS: Target[] = [
  { name: "clusterStats(by: SECTOR), direct", to: "clusters", body: JSON.stringify({ query: scenario("aggregate").query }) },
  { name: "clusterStats(by: SECTOR), gateway", to: "gateway", body: JSON.stringify({ query: scenario("aggregate").query }) },
  {
    name: "one cluster by id, gateway",
    to: "gateway",
    body: JSON.stringify({ query: scenario("one cluster by id").query, variables: scenario("one cluster by id").variables("sample") }),
  },
  {
    name: "_entities 100 organisations, direct",
    to: "organisations",
    body: JSON.stringify({
      query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organisation { id name country kind } } }`,
      variables: { representations: Array.from({ length: 100 }, (_, i) => ({ __typename: "Organisation", id: organisationIds[i % organisationIds.length] })) },
    }),
  },
  { name: "100 clusters, fully linked, gateway", to: "gateway", body: JSON.stringify({ query: scenario("100 clusters, fully linked").query }) },
];

/** The headers of one request: signed afresh for a subgraph (a nonce serves once), none for the gateway. */
type Headers = () => Record<string, string>;

async function drive(url: string, headers: Headers, body: string, amount: number, connections: number): Promise<number> {
  const result = await new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      {
        url,
        amount,
        connections,
        requests: [{ method: "POST", body, setupRequest: request => ({ ...request, headers: { "content-type": "application/json", ...headers() } }) }],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    ),
  );
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad) throw new Error(`${bad} of ${amount} requests failed`);
  return result.requests.total;
}

async function main() {
  const requests = Number(option("requests", "2000"));
  const connections = Number(option("connections", "8"));
  const only = option("only", "");
  const profile = process.argv.includes("--profile");
  // As in bench/run.ts: no response cache and no cache hints, every request does its work.
  process.env.CACHE_MAX_AGE = "0";
  process.env.NODE_ENV = option("node-env", "development");
  const rounds = Number(option("rounds", "4"));
  // Another checkout (a directory with node_modules) to compare with: both graphs run side by side, and each target
  // alternates between them in rounds, so that both meet the same load from the rest of the machine.
  const against = option("against", "");
  const postgres: PostgresServer = await startEmbeddedPostgres({ dataDir: path.join(ROOT, ".data/postgres-cpu"), port: await freePort() });
  const graphs: { name: string; graph: RunningGraph }[] = [];
  try {
    const nodeEnv = process.env.NODE_ENV!;
    const checkouts = [
      { name: "this", root: ROOT, database: "cpubench", nodeEnv },
      ...(against ? [{ name: path.basename(against), root: path.resolve(against), database: "cpubench_against", nodeEnv: option("against-node-env", nodeEnv) }] : []),
    ];
    for (const checkout of checkouts) {
      // The graph's processes take this process's environment when they start.
      process.env.NODE_ENV = checkout.nodeEnv;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const start = (require(path.join(checkout.root, "scripts/graph.ts")) as { startGraph: typeof startGraph }).startGraph;
      const url = new URL(postgres.url);
      url.pathname = `/${checkout.database}`;
      const graph = await start({ databaseUrl: url.toString(), ports: "ephemeral", sampleData: "on", logLevel: "error", gatewaySecret: SECRET, gatewayEnv: BENCH_GATEWAY_ENV });
      graphs.push({ name: `${checkout.name} (${checkout.nodeEnv})`, graph });
    }
    const processes = [...SUBGRAPHS, "gateway"] as const;
    for (const target of TARGETS.filter(t => !only || only.split(",").some(o => t.name.includes(o)))) {
      const urlOf = (graph: RunningGraph) => (target.to === "gateway" ? graph.gatewayUrl : graph.subgraphUrls[target.to]);
      const cpu = graphs.map(() => Object.fromEntries(processes.map(p => [p, 0])));
      const done = graphs.map(() => 0);
      const headersFor = (graph: RunningGraph): Headers =>
        target.to === "gateway"
          ? () => ({})
          : () => signSubgraphRequest(KEY, { method: "POST", url: urlOf(graph), body: target.body, caller: null, requestId: "subgraph-cpu-bench" });
      for (const { graph } of graphs) {
        const probe = (await (await fetch(urlOf(graph), { method: "POST", headers: { "content-type": "application/json", ...headersFor(graph)() }, body: target.body })).json()) as {
          errors?: unknown[];
        };
        if (probe.errors?.length) throw new Error(`${target.name}: ${JSON.stringify(probe.errors).slice(0, 400)}`);
        await drive(urlOf(graph), headersFor(graph), target.body, Math.max(200, requests / 5), connections); // warm-up: JIT, pools, caches
      }
      for (let round = 0; round < rounds; round++) {
        const order = graphs.map((_, i) => i);
        if (round % 2) order.reverse();
        for (const i of order) {
          const { graph } = graphs[i];
          if (profile) for (const p of processes) graph.signal(p, "SIGUSR2");
          const before = Object.fromEntries(processes.map(p => [p, cpuMs(graph.pid(p))]));
          done[i] += await drive(urlOf(graph), headersFor(graph), target.body, Math.ceil(requests / rounds), connections);
          for (const p of processes) cpu[i][p] += cpuMs(graph.pid(p)) - before[p];
          if (profile) for (const p of processes) graph.signal(p, "SIGUSR2");
        }
      }
      graphs.forEach(({ name }, i) => {
        const perRequest = Object.fromEntries(processes.map(p => [p, Math.round((cpu[i][p] / done[i]) * 100) / 100]));
        console.log(JSON.stringify({ graph: name, target: target.name, requests: done[i], cpuMsPerRequest: perRequest }));
      });
    }
  } finally {
    for (const { graph } of graphs) await graph.stop();
    await postgres.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
