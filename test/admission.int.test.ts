import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GATEWAY_NODE_FLAGS, startGraph, type RunningGraph } from "../scripts/graph";
import { writeSynthetic } from "../scripts/synthetic";
import { graphClient, postQuery, type GraphClient } from "./helpers/graph";
import { graphOfItsOwn } from "./helpers/own-graph";

// Fetches more than this graph's MAX_FETCHED_IN_FLIGHT of 100 characters on its own, and so does SMALL.
const LARGE = `{ partnerships(first: 60) { nodes { title kind } } }`;
const SMALL = `{ clusters(first: 1) { nodes { name } } }`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// A graph of its own with a small budget: the test holds the partnerships subgraph still (SIGSTOP), so that a large
// query stays in flight for certain while others arrive.
describe("a gateway busy with large queries", () => {
  const own = graphOfItsOwn("admission", { gatewayEnv: { CACHE_MAX_AGE: "0", MAX_FETCHED_IN_FLIGHT: "100", ADMISSION_TIMEOUT_MS: "1500" } });

  async function gauge(name: string): Promise<number> {
    const text = await (await fetch(own.graph.gatewayUrl.replace(/\/graphql$/, "/metrics"))).text();
    return Number(text.split("\n").find(line => line.startsWith(`${name} `))?.split(" ")[1]);
  }
  const waiting = () => gauge("clusterhub_gateway_requests_waiting");

  /** What the gateway expects `query` to fetch, read while it is held in flight. */
  async function expectedSize(query: string): Promise<number> {
    own.graph.signal("partnerships", "SIGSTOP");
    let answer;
    try {
      answer = own.client.query(query);
      await sleep(300);
      return await gauge("clusterhub_gateway_fetched_in_flight");
    } finally {
      own.graph.signal("partnerships", "SIGCONT");
      expect((await answer)?.status).toBe(200);
    }
  }

  it("runs a query larger than the budget when it is the only one", async () => {
    const answer = await own.client.query(LARGE);
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.partnerships.nodes.length).toBeGreaterThan(0);
  });

  it("makes a query wait while a large one runs, then answers it in full", async () => {
    const expected = await own.client.data(SMALL);
    own.graph.signal("partnerships", "SIGSTOP");
    let large, small;
    try {
      large = own.client.query(LARGE);
      await sleep(300);
      let answered = false;
      small = own.client.query(SMALL).then(answer => ((answered = true), answer));
      await sleep(500);
      // The clusters subgraph is free, yet the small query waits its turn behind the large one.
      expect(answered).toBe(false);
      expect(await waiting()).toBe(1);
    } finally {
      own.graph.signal("partnerships", "SIGCONT");
    }
    expect((await large).status).toBe(200);
    expect(await small).toEqual({ status: 200, data: expected });
    expect(await waiting()).toBe(0);
  });

  it("refuses with 503 OVERLOADED a query that waited too long, naming the limit, and still answers the one running", async () => {
    own.graph.signal("partnerships", "SIGSTOP");
    let large, small;
    try {
      large = own.client.query(LARGE);
      await sleep(300);
      small = await own.client.query(SMALL);
    } finally {
      own.graph.signal("partnerships", "SIGCONT");
    }
    expect(small.status).toBe(503);
    expect(small.errors?.map(e => e.extensions?.code)).toEqual(["OVERLOADED"]);
    expect(small.errors?.[0].message).toMatch(/waited 1500 ms .*MAX_FETCHED_IN_FLIGHT 100 characters/);
    const answer = await large;
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
  });

  it("expects an operation to fetch what it fetched the last time, not what its cost allows", async () => {
    // Not asked before in this graph: priced by its cost, as if every list were full.
    const query = `{ again: partnerships(first: 60) { nodes { title } } }`;
    const unseen = await expectedSize(query);
    const seen = await expectedSize(query);
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(unseen);
  });
});

// "100 clusters, fully linked" on a synthetic dataset of 100 memberships a cluster, in databases of its own
// (floodtest_<subgraph>) on the test PostgreSQL: some 1.5 MB fetched from the subgraphs. Its cost, with lists as long as
// the data's (100 members), is 40,201, under MAX_COST; with a fourth field of each organisation it would be 50,201, over it.
const FULLY_LINKED = `{ clusters(first: 100) { nodes { memberships { organisation { name city kind } } } } }`;
const FLOODERS = 24;
const NORMAL = `query Normal { clusters(first: 1) { nodes { name } } }`;
const HEAP_LIMIT = Number(/--max-old-space-size=(\d+)/.exec(GATEWAY_NODE_FLAGS.join(" "))![1]) * 2 ** 20;

describe("a gateway flooded with large anonymous queries", () => {
  let running: RunningGraph;
  let client: GraphClient;
  let exit: number | null | undefined;

  beforeAll(async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    await writeSynthetic(serverUrl.toString(), { clusters: 100, organisations: 2000, memberships: 10_000 }, undefined, "floodtest");
    serverUrl.pathname = "/floodtest";
    running = await startGraph({
      databaseUrl: serverUrl.toString(),
      ports: "ephemeral",
      sampleData: "off",
      logLevel: "fatal",
      gatewayEnv: { CACHE_MAX_AGE: "0", RATE_LIMIT_PER_ADDRESS: "100000" },
    });
    client = graphClient({ ...running, postgresUrl: serverUrl.toString() });
    void running.exited("gateway").then(code => (exit = code));
  });
  afterAll(() => running?.stop());

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(running.gatewayUrl.replace(/\/graphql$/, "/metrics"))).text();
    return Number(text.split("\n").find(line => line.startsWith(`${name} `))?.split(" ")[1]);
  }

  /** What the gateway expects a request to fetch, read while the organisations subgraph holds it in flight. */
  async function expectedSize(variables: Record<string, unknown>): Promise<number> {
    running.signal("organisations", "SIGSTOP");
    let answer;
    try {
      answer = postQuery(running.gatewayUrl, FULLY_LINKED, variables);
      await sleep(300);
      return await metric("clusterhub_gateway_fetched_in_flight");
    } finally {
      running.signal("organisations", "SIGCONT");
      expect((await answer)?.status).toBe(200);
    }
  }

  it("prices a request with a variable its operation does not declare as the operation, by what it fetched", async () => {
    const first = await client.query(FULLY_LINKED);
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    const seen = await expectedSize({});
    // It fetches over a million characters; priced by its cost, unseen, it would be 4,020,100 (100 a unit of cost).
    expect(seen).toBeGreaterThan(1_000_000);
    expect(await expectedSize({ nonce: Math.random() })).toBe(seen);
    expect(await expectedSize({ nonce: "x".repeat(5000) })).toBe(seen);
  });

  it("keeps answering a normal client and stays up, within its heap, while 24 clients at a time ask for the largest answers, as operations seen or never seen", async () => {
    let flooding = true;
    const heap: number[] = [];
    const rss: number[] = [];
    const normal: { status: number; ms: number; code?: string }[] = [];
    const watch = (async () => {
      while (flooding) {
        heap.push(await metric("nodejs_heap_size_used_bytes"));
        rss.push(await metric("process_resident_memory_bytes"));
        await sleep(50);
      }
    })();
    const ask = (async () => {
      while (flooding) {
        const started = Date.now();
        const answer = await client.query(NORMAL);
        normal.push({ status: answer.status, ms: Date.now() - started, code: answer.errors?.[0]?.extensions?.code });
        await sleep(100);
      }
    })();
    const large: { status: number; code?: string }[] = [];
    // First as 24 operations never seen (a fragment of a new name each), then as the one seen, with a random unused variable.
    const flooder = async () => {
      for (let i = 0; i < 2; i++) {
        const fragment = `F${randomUUID().replace(/-/g, "")}`;
        const query = i === 0 ? `query { ...${fragment} } fragment ${fragment} on Query ${FULLY_LINKED}` : FULLY_LINKED;
        const answer = await postQuery(running.gatewayUrl, query, { nonce: Math.random() });
        large.push({ status: answer.status, code: answer.errors?.[0]?.extensions?.code });
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: FLOODERS }, flooder));
    flooding = false;
    await Promise.all([watch, ask]);
    const seconds = (Date.now() - started) / 1000;

    expect(exit, "the gateway exited").toBeUndefined();
    expect(Math.max(...heap), "the heap peak").toBeLessThan(HEAP_LIMIT);
    // Every large query was answered, or refused with a code the client can act on.
    for (const answer of large) expect([200, 503]).toContain(answer.status);
    expect(large.filter(answer => answer.status === 503).every(answer => answer.code === "OVERLOADED")).toBe(true);
    expect(large.filter(answer => answer.status === 200).length).toBeGreaterThan(0);
    for (const answer of normal) expect(answer.status === 200 || answer.code === "OVERLOADED").toBe(true);
    expect(normal.filter(answer => answer.status === 200).length).toBeGreaterThan(0);
    const ms = normal.filter(answer => answer.status === 200).map(answer => answer.ms).sort((a, b) => a - b);
    console.info(
      `flood of ${large.length} large queries, ${FLOODERS} at a time, in ${seconds.toFixed(1)} s: ${large.filter(a => a.status === 200).length} answered, ` +
        `${large.filter(a => a.status === 503).length} refused; heap peak ${Math.round(Math.max(...heap) / 2 ** 20)} MiB of ${HEAP_LIMIT / 2 ** 20}, ` +
        `RSS peak ${Math.round(Math.max(...rss) / 2 ** 20)} MiB; normal client ${ms.length} answered, ${normal.length - ms.length} refused, ` +
        `p50 ${ms[Math.floor(ms.length * 0.5)]} ms, p95 ${ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]} ms`,
    );
    // Still serving once the flood is over.
    expect((await client.query(NORMAL)).status).toBe(200);
  }, 120_000);
});

// A gateway whose watermark is below what its heap holds at rest: it takes no work, and still tells how it is.
describe("a gateway past its heap watermark", () => {
  let running: RunningGraph;

  beforeAll(async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    serverUrl.pathname = "/watermarkhub";
    running = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "off", logLevel: "fatal", gatewayEnv: { HEAP_WATERMARK: "0.01" } });
  });
  afterAll(() => running?.stop());

  it("refuses queries and exports with 503 OVERLOADED and Retry-After, and still answers /health and /metrics", async () => {
    const answer = await fetch(running.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: NORMAL }) });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("2");
    const body = (await answer.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map(e => e.extensions.code)).toEqual(["OVERLOADED"]);
    expect(body.errors[0].message).toMatch(/past HEAP_WATERMARK 0.01 of its 2\d\d MiB limit/);
    const exported = await fetch(running.gatewayUrl.replace(/\/graphql$/, "/export?format=csv"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: NORMAL }),
    });
    expect(exported.status).toBe(503);
    const base = running.gatewayUrl.replace(/\/graphql$/, "");
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/clusterhub_gateway_errors_total\{code="OVERLOADED"\} [1-9]/);
  });
});
