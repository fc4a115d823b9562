import { randomBytes } from "node:crypto";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl, startEmbeddedPostgres, type PostgresServer } from "../lib/platform/database";
import { startGraph } from "./graph";
import { freePort } from "./ports";
import { writeSynthetic } from "./synthetic";

/**
 * `npm run flood -- --seconds 10`: the attacks of the hostile-input issue (findings 1, 3 and 5), each for a bounded
 * time against a graph of its own on loopback, while a partner asks a small query ten times a second. It reports,
 * per attack, the attacker's answers by status, the partner's p50 and p95, the gateway's peak RSS and whether it still
 * serves, and writes them to bench/results/flood.md and flood.json. It exits 1 when the gateway died or stopped serving.
 */

const ROOT = path.resolve(__dirname, "..");
// 100 memberships a cluster: `clusters(first: 100)` with members is the 1.2 MB answer of finding 3.
const SIZE = { clusters: 1_000, organisations: 10_000, memberships: 100_000 };

interface Attack {
  name: string;
  finding: string;
  connections: number;
  request(): { path: string; init: RequestInit };
}

const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

const FRAGMENTS = `query { ${"...F ".repeat(150_000)}} fragment F on Query { __typename }`;
const LARGE = `query Members { clusters(first: 100) { nodes { memberships { organisation { name } } } } }`;

const ATTACKS: Attack[] = [
  { name: "export of 150,000 fragment spreads", finding: "1", connections: 8, request: () => ({ path: "/export?format=csv", init: post({ query: FRAGMENTS }) }) },
  {
    name: "large reads with an unused random variable",
    finding: "3",
    connections: 24,
    request: () => ({ path: "/graphql", init: post({ query: LARGE, variables: { nonce: randomBytes(8).toString("hex") } }) }),
  },
  {
    name: "made-up API keys",
    finding: "5",
    connections: 8,
    request: () => ({ path: "/graphql", init: post({ query: "{ __typename }" }, { authorization: `Bearer ${randomBytes(24).toString("base64url")}` }) }),
  },
];

const PARTNER_QUERY = { query: `query Small { clusters(first: 5) { nodes { id name } } }` };

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN);
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

interface Measured {
  attack: string;
  finding: string;
  attackerAnswers: Record<string, number>;
  partnerAnswers: number;
  partnerFailures: number;
  partnerP50Ms: number;
  partnerP95Ms: number;
  gatewayPeakRssMb: number;
  gatewayServesAfter: boolean;
}

/** The partner's small query, one at a time, ten a second (within its key's rate limit), until `until`: its latencies and failures. */
async function partner(gatewayUrl: string, key: string, until: number) {
  const latencies: number[] = [];
  let failures = 0;
  while (Date.now() < until) {
    const started = performance.now();
    try {
      const res = await fetch(gatewayUrl, post(PARTNER_QUERY, { authorization: `Bearer ${key}` }));
      const body = (await res.json()) as { data?: { clusters?: unknown } };
      if (res.status !== 200 || !body.data?.clusters) failures++;
    } catch {
      failures++;
    }
    const took = performance.now() - started;
    latencies.push(took);
    await new Promise(resolve => setTimeout(resolve, Math.max(0, 100 - took)));
  }
  return { latencies: latencies.sort((a, b) => a - b), failures };
}

async function attackFor(origin: string, attack: Attack | null, until: number, answers: Record<string, number>) {
  if (!attack) return;
  await Promise.all(
    Array.from({ length: attack.connections }, async () => {
      while (Date.now() < until) {
        const { path: route, init } = attack.request();
        let status = "no answer";
        try {
          const res = await fetch(`${origin}${route}`, { ...init, signal: AbortSignal.timeout(30_000) });
          await res.arrayBuffer();
          status = String(res.status);
        } catch {
          // A refused connection or a reset: the gateway is not serving.
        }
        answers[status] = (answers[status] ?? 0) + 1;
      }
    }),
  );
}

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" } } });
  const seconds = Number(values.seconds);
  process.env.NODE_ENV ??= "production";
  process.env.CACHE_MAX_AGE ??= "0";
  const dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-flood-"));
  let postgres: PostgresServer | null = null;
  const results: Measured[] = [];
  try {
    postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false });
    console.log(`writing synthetic data: ${JSON.stringify(SIZE)}`);
    await writeSynthetic(postgres.url, SIZE, () => undefined);
    const synthetic = new URL(postgres.url);
    synthetic.pathname = "/synthetic";
    const graph = await startGraph({ databaseUrl: synthetic.toString(), ports: "ephemeral", sampleData: "off", logLevel: "error" });
    try {
      const store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
      const { key } = await createPartner(store.em.fork(), { name: "Flood partner", id: `flood-${randomBytes(3).toString("hex")}` }).finally(() => store.close());
      const origin = new URL(graph.gatewayUrl).origin;
      for (const attack of [null, ...ATTACKS]) {
        const until = Date.now() + seconds * 1000;
        const answers: Record<string, number> = {};
        let peak = rssOf(graph.pid("gateway"));
        const sampler = setInterval(() => {
          try {
            peak = Math.max(peak, rssOf(graph.pid("gateway")));
          } catch {
            // The gateway's process is gone: the report says it does not serve.
          }
        }, 100);
        const [calm] = await Promise.all([partner(graph.gatewayUrl, key, until), attackFor(origin, attack, until, answers)]);
        clearInterval(sampler);
        // Asked as the partner: an attacker from the same address may have spent the address's own allowance.
        const after = await fetch(graph.gatewayUrl, post(PARTNER_QUERY, { authorization: `Bearer ${key}` })).then(res => res.status === 200, () => false);
        const measured: Measured = {
          attack: attack?.name ?? "none (the partner alone)",
          finding: attack?.finding ?? "",
          attackerAnswers: answers,
          partnerAnswers: calm.latencies.length,
          partnerFailures: calm.failures,
          partnerP50Ms: Math.round(percentile(calm.latencies, 50)),
          partnerP95Ms: Math.round(percentile(calm.latencies, 95)),
          gatewayPeakRssMb: Number(mb(peak)),
          gatewayServesAfter: after,
        };
        console.log(JSON.stringify(measured));
        results.push(measured);
        // Let the gateway's buckets and heap settle before the next attack.
        await new Promise(resolve => setTimeout(resolve, 3_000));
      }
    } finally {
      await graph.stop();
    }
  } finally {
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  const out = path.join(ROOT, "bench/results");
  mkdirSync(out, { recursive: true });
  const rows = results.map(r =>
    `| ${r.finding || "-"} | ${r.attack} | ${Object.entries(r.attackerAnswers).map(([s, n]) => `${s}: ${n}`).join(", ") || "-"} | ${r.partnerAnswers} (${r.partnerFailures} failed) | ${r.partnerP50Ms} / ${r.partnerP95Ms} | ${r.gatewayPeakRssMb} | ${r.gatewayServesAfter ? "yes" : "NO"} |`,
  );
  const table = [
    `# Flood: the hostile-input attacks, measured`,
    ``,
    `\`npm run flood -- --seconds ${seconds}\`, ${new Date().toISOString().slice(0, 10)}, synthetic data ${JSON.stringify(SIZE)}, NODE_ENV=${process.env.NODE_ENV}.`,
    `Each attack runs for ${seconds} s while a partner asks \`clusters(first: 5)\` ten requests a second, one at a time.`,
    ``,
    `| finding | attack | attacker's answers by status | partner's answers | partner p50 / p95 ms | gateway peak RSS MB | serves after |`,
    `| --- | --- | --- | --- | --- | --- | --- |`,
    ...rows,
    ``,
  ].join("\n");
  writeFileSync(path.join(out, "flood.md"), table);
  writeFileSync(path.join(out, "flood.json"), `${JSON.stringify({ generatedAt: new Date().toISOString(), seconds, size: SIZE, results }, null, 2)}\n`);
  console.log(table);
  if (results.some(r => !r.gatewayServesAfter)) process.exit(1);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
