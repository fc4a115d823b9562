import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { freePort } from "./ports";
import { startGraph, type RunningGraph } from "./graph";

/**
 * `npm run soak -- --seconds N`: a bounded fault and load run on loopback. It starts its own graph on an embedded
 * PostgreSQL, keeps steady concurrent read load and a partner's writes on the gateway, and meanwhile kills and
 * restarts a subgraph, restarts PostgreSQL, makes a subgraph hang, and sends malformed and abusive requests. It
 * reports what was served, errors by code, writes acknowledged against found afterwards, and the gateway's memory
 * at start and end. It fails (exit 1) on a 5xx answer, an answer that shows an internal URL or stack, a graph that
 * has not recovered, or an acknowledged write that is lost.
 */

const READS = [
  { operationName: "Clusters", query: `query Clusters { clusters(first: 20) { totalCount nodes { id name memberCounts { count asOf } } } }` },
  { operationName: "Across", query: `query Across { cluster(id: "lubelska-medycyna") { name } partnership(id: "pfrr-wse-mohylew-porozumienie") { title } }` },
  { operationName: "Lviv", query: `query Lviv { cluster(id: "medychnyi-klaster-lvivshchyny") { name initiators { name } funding { role programme { name funders { name } } } } }` },
  { operationName: "Organisations", query: `query Organisations { organisations(filter: { country: PL }) { totalCount nodes { name memberships { cluster { name } } } } }` },
];

type Body = { operationName: string; query: string; variables: Record<string, unknown> };
type Read = (body: Body) => Promise<Record<string, any>>;

/** A kind of write the soak mixes in: each write the gateway acknowledges is looked for again at the end. */
interface WriteWorkload {
  name: string;
  /** The n-th write: the request, the key it writes under, and whether an answer's data acknowledges it. */
  write(n: number): { key: string; body: Body; acknowledged(data: Record<string, any>): boolean };
  /** Which of the given keys the graph holds, read back through the gateway. */
  found(read: Read, keys: string[]): Promise<Set<string>>;
}

/** The source every write of a run cites (one document, so one `Source` row). */
const soakSource = (run: string) => ({ title: `Soak run ${run}`, document: `soak-${run}.txt`, publishedOn: "2026-11", language: "en" });

/** The partner's writes: member-count observations of its own cluster, and new organisations, each unique to the run. */
function writeWorkloads(run: string, clusterId: string): WriteWorkload[] {
  const source = soakSource(run);
  return [
    {
      name: "addMemberCount",
      write: n => {
        const asWritten = `soak ${run} observation ${n}`;
        return {
          key: asWritten,
          body: {
            operationName: "SoakMemberCount",
            query: `mutation SoakMemberCount($clusterId: ID!, $input: AddMemberCountInput!) { addMemberCount(clusterId: $clusterId, input: $input) { count asWritten } }`,
            variables: { clusterId, input: { count: n, qualifier: "EXACTLY", asOf: "2026-11", asWritten, source } },
          },
          acknowledged: data => data.addMemberCount?.asWritten === asWritten && data.addMemberCount.count === n,
        };
      },
      found: async (read, keys) => {
        const data = await read({
          operationName: "SoakMemberCounts",
          query: `query SoakMemberCounts($id: ID!) { cluster(id: $id) { memberCounts { asWritten } } }`,
          variables: { id: clusterId },
        });
        const held = new Set<string>((data.cluster?.memberCounts ?? []).map((c: { asWritten: string }) => c.asWritten));
        return new Set(keys.filter(key => held.has(key)));
      },
    },
    {
      name: "createOrganisation",
      write: n => {
        const id = `soak-${run}-organisation-${n}`;
        return {
          key: id,
          body: {
            operationName: "SoakOrganisation",
            query: `mutation SoakOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
            variables: { input: { id, name: `Fundacja Soak ${n}`, kind: "NGO", country: "PL", source } },
          },
          acknowledged: data => data.createOrganisation?.id === id,
        };
      },
      found: async (read, keys) => {
        const held = new Set<string>();
        for (let after: string | null = null, more = true; more; ) {
          const data = await read({
            operationName: "SoakOrganisations",
            query: `query SoakOrganisations($after: String) { organisations(filter: { kind: NGO, country: PL }, first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
            variables: { after },
          });
          for (const node of data.organisations.nodes) held.add(node.id);
          ({ hasNextPage: more, endCursor: after } = data.organisations.pageInfo);
        }
        return new Set(keys.filter(key => held.has(key)));
      },
    },
  ];
}

/** Writers of the partner, each pausing between writes: about 1.7 writes a second, under the per-key limit of 120 a minute. */
const WRITERS = 2;
const WRITE_PAUSE_MS = 1200;

interface Tally {
  served: number;
  ok: number;
  partial: number;
  byStatus: Map<number, number>;
  byCode: Map<string, number>;
  leaks: string[];
  latencies: number[];
  /** 503 answers whose every error is DATABASE_UNAVAILABLE: the gateway could not check a key while PostgreSQL was away. */
  unavailable: number;
}

const tally = (): Tally => ({ served: 0, ok: 0, partial: 0, byStatus: new Map(), byCode: new Map(), leaks: [], latencies: [], unavailable: 0 });
const bump = (map: Map<string | number, number>, key: string | number, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
const LEAK = /127\.0\.0\.1|localhost:|https?:\/\/|\n\s+at |ECONNREFUSED|select .* from/i;

type Answer = { status: number; body: { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] } };

/** Sends one HTTP request and records its outcome; answers the status and the parsed body, or null when there was none. */
async function send(into: Tally, url: string, init: RequestInit): Promise<Answer | null> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    into.served++;
    into.latencies.push(performance.now() - started);
    bump(into.byStatus as Map<string | number, number>, response.status);
    if (LEAK.test(text) && into.leaks.length < 5) into.leaks.push(text.slice(0, 300));
    let body: Answer["body"] | Answer["body"][] = {};
    try {
      body = JSON.parse(text);
    } catch {
      bump(into.byCode as Map<string | number, number>, `HTTP_${response.status}_NOT_JSON`);
      return null;
    }
    const errors = (Array.isArray(body) ? body.flatMap(b => b.errors ?? []) : body.errors) ?? [];
    for (const error of errors) bump(into.byCode as Map<string | number, number>, error.extensions?.code ?? "NO_CODE");
    if (response.status === 503 && errors.length && errors.every(e => e.extensions?.code === "DATABASE_UNAVAILABLE")) into.unavailable++;
    if (!errors.length) into.ok++;
    else if (!Array.isArray(body) && body.data) into.partial++;
    return Array.isArray(body) ? null : { status: response.status, body };
  } catch (error) {
    into.served++;
    bump(into.byCode as Map<string | number, number>, (error as Error).name === "TimeoutError" ? "CLIENT_TIMEOUT" : "NETWORK_ERROR");
    return null;
  }
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** The abusive and malformed requests, sent in turn. */
function abuses(gatewayUrl: string): { name: string; url: string; init: RequestInit }[] {
  let deep = "name";
  for (let i = 0; i < 8; i++) deep = `memberships { cluster { memberships { organisation { ${deep} } } } }`;
  return [
    { name: "deep query", url: gatewayUrl, init: json({ query: `{ clusters { nodes { ${deep} } } }` }) },
    { name: "too many aliases", url: gatewayUrl, init: json({ query: `{ ${Array.from({ length: 50 }, (_, i) => `a${i}: cluster(id: "x") { name }`).join(" ")} }` }) },
    { name: "huge body", url: gatewayUrl, init: json({ query: "{ clusters { totalCount } }", variables: { junk: "x".repeat(2_000_000) } }) },
    { name: "bad JSON", url: gatewayUrl, init: { method: "POST", headers: { "content-type": "application/json" }, body: `{"query": "{ clusters ` } },
    { name: "mutation over GET", url: `${gatewayUrl}?query=${encodeURIComponent("mutation M { __typename }")}`, init: { headers: { "apollo-require-preflight": "true" } } },
    { name: "batch of 50", url: gatewayUrl, init: json(Array(50).fill({ query: "{ __typename }" })) },
    { name: "token bomb", url: gatewayUrl, init: json({ query: `{ ${"__typename ".repeat(5000)} }` }) },
    { name: "page of 10 000", url: gatewayUrl, init: json({ query: "{ clusters(first: 10000) { totalCount } }" }) },
    { name: "CSRF-simple POST", url: gatewayUrl, init: { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" } },
  ];
}

/** The gateway's resident memory and V8 heap in use, from its own /metrics. */
const memoryOf = async (metricsUrl: string) => {
  const text = await (await fetch(metricsUrl)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\d+)`, "m").exec(text)?.[1] ?? NaN);
  return { rss: read("process_resident_memory_bytes"), heap: read("nodejs_heap_size_used_bytes") };
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function soak(seconds: number, concurrency: number) {
  const dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-soak-"));
  const serviceLogs = new Map<string, number>();
  let graph: RunningGraph | undefined;
  const log = (message: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}`);
  try {
    graph = await startGraph({
      dataDir,
      postgresPort: await freePort(),
      ports: "ephemeral",
      sampleData: "on",
      logLevel: "warn",
      // One address sends all the load here; the per-key limit is left low so the greedy client meets it.
      gatewayEnv: { SUBGRAPH_TIMEOUT_MS: "2000", RATE_LIMIT_PER_ADDRESS: "10000000", RATE_LIMIT_PER_KEY: "120" },
      onLog: service => void bump(serviceLogs as Map<string | number, number>, service),
    });
    const running = graph;
    const gatewayUrl = running.gatewayUrl;
    const metricsUrl = gatewayUrl.replace(/\/graphql$/, "/metrics");

    // A partner and its key, made the way `npm run partner:create` makes them, and a cluster of its own to count.
    const run = randomBytes(4).toString("hex");
    const store = await openPartnerStore(subgraphDatabaseUrl(running.postgresUrl, "gateway"));
    const { key } = await createPartner(store.em.fork(), { name: `Soak partner ${run}`, id: `soak-${run}` }).finally(() => store.close());
    const asPartner = { authorization: `Bearer ${key}` };
    const clusterId = `soak-${run}-cluster`;
    const setup = tally();
    const createCluster = {
      operationName: "SoakCluster",
      query: `mutation SoakCluster($input: CreateClusterInput!) { createCluster(input: $input) { id } }`,
      variables: { input: { id: clusterId, name: `Klaster Soak ${run}`, country: "PL", source: soakSource(run) } },
    };
    const created = await send(setup, gatewayUrl, json(createCluster, asPartner));
    if (created?.body.data?.createCluster?.id !== clusterId) throw new Error(`the soak partner could not create its cluster: ${JSON.stringify(created?.body)}`);
    const workloads = writeWorkloads(run, clusterId);
    log(`graph ready at ${gatewayUrl}; ${seconds} s, ${concurrency} readers, ${WRITERS} writers as partner soak-${run}`);
    const memoryStart = await memoryOf(metricsUrl);

    const reads = tally();
    const writes = tally();
    const abuse = tally();
    const greedy = tally();
    const faults: string[] = [];
    const acknowledged = new Map<WriteWorkload, string[]>(workloads.map(w => [w, []]));
    let writesSent = 0;
    const until = Date.now() + seconds * 1000;
    const running_ = () => Date.now() < until;

    const readers = Array.from({ length: concurrency }, async (_, i) => {
      for (let n = i; running_(); n++) await send(reads, gatewayUrl, json(READS[n % READS.length]));
    });
    // Paced below the per-key rate limit, so that a refused write is refused by a fault, not by the limit.
    const writers = Array.from({ length: WRITERS }, async () => {
      while (running_()) {
        const n = writesSent++;
        const workload = workloads[n % workloads.length];
        const write = workload.write(n);
        const answer = await send(writes, gatewayUrl, json(write.body, asPartner));
        if (answer?.status === 200 && !answer.body.errors?.length && answer.body.data && write.acknowledged(answer.body.data)) acknowledged.get(workload)!.push(write.key);
        await sleep(WRITE_PAUSE_MS);
      }
    });
    const abuser = (async () => {
      const list = abuses(gatewayUrl);
      for (let n = 0; running_(); n++) {
        await send(abuse, list[n % list.length].url, list[n % list.length].init);
        await sleep(50);
      }
    })();
    const greedyClient = (async () => {
      while (running_()) await send(greedy, gatewayUrl, json({ query: "{ __typename }" }, { authorization: "Bearer soak-greedy-key" }));
    })();
    const at = (fraction: number) => sleep(Math.max(0, until - seconds * 1000 * (1 - fraction) - Date.now()));
    const chaos = (async () => {
      await at(0.15);
      log("kill -9 the clusters subgraph");
      faults.push("clusters subgraph killed (SIGKILL)");
      await running.stopSubgraph("clusters", "kill");
      await at(0.25);
      await running.startSubgraph("clusters");
      log("clusters subgraph started again");
      await at(0.4);
      log("stop PostgreSQL");
      faults.push("PostgreSQL stopped and started");
      await running.stopPostgres();
      await at(0.5);
      await running.startPostgres();
      log("PostgreSQL started again");
      await at(0.6);
      log("SIGSTOP the partnerships subgraph (hangs)");
      faults.push("partnerships subgraph hung (SIGSTOP) for 3 s");
      running.signal("partnerships", "SIGSTOP");
      await sleep(3000);
      running.signal("partnerships", "SIGCONT");
      log("partnerships subgraph woken (SIGCONT)");
    })();
    await Promise.all([...readers, ...writers, abuser, greedyClient, chaos]);

    // After the faults: every read must be whole again, and every acknowledged write must be there.
    const recovered = tally();
    for (const read of READS) await send(recovered, gatewayUrl, json(read));
    const readBack = tally();
    // A read that fails is tried again for a few seconds; after that its writes count as lost.
    const read: Read = async body => {
      for (let attempt = 1; ; attempt++) {
        const answer = await send(readBack, gatewayUrl, json(body));
        if (answer?.status === 200 && !answer.body.errors?.length && answer.body.data) return answer.body.data;
        if (attempt === 5) throw new Error(`reading the writes back failed: ${JSON.stringify(answer?.body)}`);
        await sleep(1000);
      }
    };
    let writesAcknowledged = 0;
    let writesFound = 0;
    const lostKeys: string[] = [];
    for (const [workload, keys] of acknowledged) {
      const found = await workload.found(read, keys).catch((error: Error) => {
        console.log(`  ${workload.name}: ${error.message}`);
        return new Set<string>();
      });
      writesAcknowledged += keys.length;
      writesFound += found.size;
      lostKeys.push(...keys.filter(k => !found.has(k)).map(k => `${workload.name} ${k}`));
    }
    const writesLost = writesAcknowledged - writesFound;
    const memoryEnd = await memoryOf(metricsUrl);

    const all = [setup, reads, writes, abuse, greedy, readBack];
    const served = all.reduce((sum, t) => sum + t.served, 0);
    const unavailable = all.reduce((sum, t) => sum + t.unavailable, 0);
    const status5xx = all.flatMap(t => [...t.byStatus]).filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0) - unavailable;
    const leaks = all.flatMap(t => t.leaks);
    const sorted = [...reads.latencies].sort((a, b) => a - b);
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(1) : "-");
    const table = (map: Map<string | number, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([key, count]) => `    ${String(key).padEnd(28)} ${count}`).join("\n") || "    (none)";

    console.log(`
Soak: ${seconds} s on loopback, ${concurrency} concurrent readers, ${WRITERS} writers with one partner key, one abusive client, one greedy API key
Faults injected: ${faults.join("; ")}
Requests served: ${served} (${(served / seconds).toFixed(0)}/s)
  reads:   ${reads.served} (${reads.ok} whole, ${reads.partial} partial data with errors), latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms
  abusive: ${abuse.served}
  greedy API key: ${greedy.served} (${greedy.ok} served, ${greedy.byCode.get("RATE_LIMITED") ?? 0} refused RATE_LIMITED)
Errors by code, reads:
${table(reads.byCode as Map<string | number, number>)}
Errors by code, abusive requests:
${table(abuse.byCode as Map<string | number, number>)}
HTTP statuses: ${JSON.stringify(Object.fromEntries(all.flatMap(t => [...t.byStatus]).reduce((m, [s, c]) => m.set(s, (m.get(s) ?? 0) + c), new Map<number, number>())))}
Writes: ${writesAcknowledged} acknowledged, ${writesFound} found afterwards, ${writesLost} lost (${writesSent} sent by one partner key: ${workloads.map(w => `${acknowledged.get(w)!.length} ${w.name}`).join(", ")} acknowledged)
Writes refused or unanswered, by code:
${table(writes.byCode as Map<string | number, number>)}
Gateway RSS: ${mb(memoryStart.rss)} at start, ${mb(memoryEnd.rss)} at end (V8 heap in use: ${mb(memoryStart.heap)}, then ${mb(memoryEnd.heap)})
After the faults: ${recovered.ok}/${READS.length} reads whole${recovered.ok === READS.length ? " (recovered)" : " (NOT recovered)"}
5xx answers: ${status5xx} (besides ${unavailable} coded 503 DATABASE_UNAVAILABLE while PostgreSQL was away); answers showing an internal URL, stack or SQL: ${leaks.length}
Log lines from the processes: ${JSON.stringify(Object.fromEntries(serviceLogs))}`);
    for (const leak of leaks) console.log(`  leak: ${leak}`);
    for (const lost of lostKeys.slice(0, 10)) console.log(`  lost: ${lost}`);
    const failed = status5xx > 0 || leaks.length > 0 || recovered.ok !== READS.length || writesLost > 0;
    console.log(failed ? "SOAK FAILED" : "SOAK PASSED");
    return failed ? 1 : 0;
  } finally {
    await graph?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const { values } = parseArgs({ options: { seconds: { type: "string", default: "60" }, concurrency: { type: "string", default: "16" } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
if (!Number.isFinite(seconds) || seconds < 10 || seconds > 3600 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error("usage: npm run soak -- [--seconds N (10..3600, default 60)] [--concurrency C (default 16)]");
  process.exit(2);
}
soak(seconds, concurrency).then(
  code => process.exit(code),
  error => {
    console.error(error);
    process.exit(1);
  },
);
