import { describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import express from "express";
import { getOperationAST, parse } from "graphql";
import { AdmissionBudget, AnswerSizes, FirstRuns, HeapWatermark, operationKey, overloadGuard } from "../gateway/admission";
import { createGatewayMetrics } from "../gateway/metrics";

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe("the gateway's budget of answers in flight", () => {
  it("runs requests at once while their costs fit, and the next one when room is made", async () => {
    const budget = new AdmissionBudget(100);
    const first = await budget.acquire(60, 1000);
    const second = await budget.acquire(40, 1000);
    expect(budget.running).toBe(100);
    let admitted = false;
    const third = budget.acquire(10, 1000).then(release => ((admitted = true), release));
    await sleep(10);
    expect(admitted).toBe(false);
    expect(budget.queued).toBe(1);
    first!();
    first!(); // releasing twice frees the cost once
    expect(await third).toBeTypeOf("function");
    expect(budget.running).toBe(50);
    second!();
    (await third)!();
    expect(budget.running).toBe(0);
  });

  it("runs a request larger than the budget when nothing else runs, so no query MAX_COST allows is refused for its size", async () => {
    const budget = new AdmissionBudget(100);
    const release = await budget.acquire(5000, 10);
    expect(release).toBeTypeOf("function");
    expect(budget.running).toBe(5000);
    release!();
  });

  it("serves waiting requests first come, first served: a small one does not overtake a large one", async () => {
    const budget = new AdmissionBudget(100);
    const running = await budget.acquire(90, 1000);
    const order: string[] = [];
    const large = budget.acquire(80, 1000).then(release => (order.push("large"), release));
    const small = budget.acquire(5, 1000).then(release => (order.push("small"), release));
    await sleep(10);
    expect(order).toEqual([]);
    running!();
    (await large)!();
    (await small)!();
    expect(order).toEqual(["large", "small"]);
  });

  it("runs a small request at once beside large ones waiting, within a reserve beyond the budget", async () => {
    const budget = new AdmissionBudget(1000);
    const running = await budget.acquire(990, 1000);
    const large = budget.acquire(500, 1000);
    // 1% of the budget or less: six fit in the 5% reserve beyond it, without queueing behind the large one.
    const small = await Promise.all(Array.from({ length: 6 }, () => budget.acquire(10, 1000)));
    expect(small.every(release => typeof release === "function")).toBe(true);
    expect(budget.running).toBe(1050);
    // The reserve is full: the next small one waits its turn like any other.
    let admitted = false;
    const seventh = budget.acquire(10, 1000).then(release => ((admitted = true), release));
    await sleep(10);
    expect(admitted).toBe(false);
    expect(budget.queued).toBe(2);
    running!();
    for (const release of small) release!();
    for (const release of await Promise.all([large, seventh])) release!();
    expect(budget.running).toBe(0);
  });

  it("gives up on a request that waits too long, and lets those behind it in", async () => {
    const budget = new AdmissionBudget(100);
    const running = await budget.acquire(50, 1000);
    const tooLarge = budget.acquire(80, 30);
    const small = budget.acquire(10, 1000);
    expect(await tooLarge).toBeNull();
    // With the large one gone from the head of the queue, the small one fits beside the running one.
    const release = await small;
    expect(release).toBeTypeOf("function");
    expect(budget.running).toBe(60);
    expect(budget.queued).toBe(0);
    release!();
    running!();
  });
});

describe("what recent operations fetched", () => {
  const key = (exact: string | null, shape = "s") => ({ exact, shape });

  it("remembers the last size of each operation and forgets the least recently used past its size", () => {
    const sizes = new AnswerSizes(2);
    sizes.learn(key("a", "sa"), 10);
    sizes.learn(key("b", "sb"), 20);
    sizes.learn(key("a", "sa"), 15);
    sizes.learn(key("c", "sc"), 30);
    expect(sizes.get(key("a", "sa"))).toEqual({ exact: 15, shape: 15 });
    expect(sizes.get(key("b", "sb"))).toEqual({ exact: undefined, shape: undefined });
    expect(sizes.get(key("c", "sc"))).toEqual({ exact: 30, shape: 30 });
  });

  it("keeps the most each shape fetched, whatever its values, and learns only the shape from an answer with errors", () => {
    const sizes = new AnswerSizes();
    sizes.learn(key("first: 100"), 1_200_000);
    sizes.learn(key("first: 1"), 12_000);
    expect(sizes.get(key("first: 1"))).toEqual({ exact: 12_000, shape: 1_200_000 });
    expect(sizes.get(key("first: 37"))).toEqual({ exact: undefined, shape: 1_200_000 });
    expect(sizes.get(key(null))).toEqual({ exact: undefined, shape: 1_200_000 });
    sizes.learn(key("failed", "t"), 2_000, true);
    expect(sizes.get(key("failed", "t"))).toEqual({ exact: undefined, shape: 2_000 });
  });
});

describe("how admission knows an operation again", () => {
  const keyOf = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => {
    const document = parse(query);
    return operationKey(document, getOperationAST(document, operationName)!, variables, 1000);
  };
  const LARGE = `query Large($search: String) { clusters(first: 100, filter: { search: $search }) { nodes { memberships { organisation { name } } } } }`;

  it("ignores variables the operation does not declare", () => {
    expect(keyOf(LARGE, { nonce: Math.random() })).toEqual(keyOf(LARGE));
    expect(keyOf(LARGE, { search: "lublin", nonce: "x" })).toEqual(keyOf(LARGE, { search: "lublin" }));
    expect(keyOf(LARGE, { search: "lublin" }).exact).not.toEqual(keyOf(LARGE, { search: "lwów" }).exact);
  });

  it("gives one shape to an operation written with other whitespace, names, aliases, literals or field order", () => {
    const shape = keyOf(LARGE).shape;
    for (const variant of [
      `# a comment\nquery   Large($search: String) {clusters(first:100, filter:{search:$search}){nodes{memberships{organisation{name}}}}}`,
      `query Random123($nonce: String) { a: clusters(first: 7, filter: { search: $nonce }) { nodes { memberships { organisation { b: name } } } } }`,
    ]) {
      expect(keyOf(variant).shape).toBe(shape);
    }
    expect(keyOf(`{ clusters(first: 100) { nodes { id name } } }`).shape).toBe(keyOf(`{ clusters(first: 100) { nodes { name id } } }`).shape);
    expect(keyOf(`{ clusters(first: 100) { nodes { id } } }`).shape).not.toBe(keyOf(`{ clusters(first: 100) { nodes { name } } }`).shape);
  });

  it("knows only the shape of an operation whose variables are too long to remember", () => {
    const key = keyOf(LARGE, { search: "x".repeat(2000) });
    expect(key.exact).toBeNull();
    expect(key.shape).toBe(keyOf(LARGE).shape);
  });
});

describe("the first run of an operation not seen yet", () => {
  it("runs alone among those of its shape; the others run once it is done, or give up at their deadline", async () => {
    const runs = new FirstRuns();
    let seen = false;
    const first = await runs.turn("s", () => seen, Date.now() + 1000);
    let admitted = false;
    const second = runs.turn("s", () => seen, Date.now() + 1000).then(done => ((admitted = true), done));
    const late = runs.turn("s", () => seen, Date.now() + 20);
    const other = await runs.turn("t", () => false, Date.now() + 1000);
    expect(other).toBeTypeOf("function");
    expect(await late).toBeNull();
    await sleep(10);
    expect(admitted).toBe(false);
    seen = true;
    first!();
    expect(await second).toBeTypeOf("function");
    other!();
    expect(runs.size).toBe(0);
    // Seen now: no wait.
    expect(await runs.turn("s", () => seen, Date.now())).toBeTypeOf("function");
  });

  it("runs at most a few first runs at once, whatever their shapes", async () => {
    const runs = new FirstRuns(2);
    const a = await runs.turn("a", () => false, Date.now() + 1000);
    const b = await runs.turn("b", () => false, Date.now() + 1000);
    let admitted = false;
    const c = runs.turn("c", () => false, Date.now() + 1000).then(done => ((admitted = true), done));
    expect(await runs.turn("d", () => false, Date.now() + 20)).toBeNull();
    expect(admitted).toBe(false);
    a!();
    expect(await c).toBeTypeOf("function");
    expect(runs.size).toBe(2);
    b!();
    (await c)!();
    expect(runs.size).toBe(0);
  });

  it("lets the others run once the first is done, even when it taught nothing", async () => {
    const runs = new FirstRuns();
    const first = await runs.turn("s", () => false, Date.now() + 1000);
    const others = Promise.all([runs.turn("s", () => false, Date.now() + 1000), runs.turn("s", () => false, Date.now() + 1000)]);
    first!();
    expect((await others).every(done => typeof done === "function")).toBe(true);
    expect(runs.size).toBe(0);
  });
});

describe("the heap watermark", () => {
  const MiB = 2 ** 20;

  async function answer(heap: HeapWatermark) {
    const app = express();
    const metrics = createGatewayMetrics();
    app.use(overloadGuard({ HEAP_WATERMARK: heap.fraction }, metrics, heap));
    app.get("/", (_req, res) => void res.json({ ok: true }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise(resolve => server.once("listening", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const errors = await metrics.registry.getSingleMetricAsString("clusterhub_gateway_errors_total");
      return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json(), errors };
    } finally {
      server.close();
    }
  }

  it("takes work while the heap is below the watermark of its limit", async () => {
    const heap = new HeapWatermark(0.85, () => ({ used: 200 * MiB, limit: 256 * MiB }));
    expect(heap.over).toBe(false);
    expect(await answer(heap)).toMatchObject({ status: 200, body: { ok: true } });
  });

  it("answers 503 OVERLOADED with Retry-After past it, naming the watermark", async () => {
    const heap = new HeapWatermark(0.85, () => ({ used: 230 * MiB, limit: 256 * MiB }));
    const refused = await answer(heap);
    expect(refused).toMatchObject({ status: 503, retryAfter: "2" });
    expect(refused.body.errors).toEqual([
      { message: expect.stringMatching(/heap holds 230 MiB, past HEAP_WATERMARK 0.85 of its 256 MiB limit/), extensions: expect.objectContaining({ code: "OVERLOADED" }) },
    ]);
    expect(refused.errors).toContain('code="OVERLOADED"} 1');
  });

  it("reads the real heap against a small limit", () => {
    // The test process holds more than 0.01% of its heap limit, and never more than all of it.
    expect(new HeapWatermark(0.0001).over).toBe(true);
    expect(new HeapWatermark(1).over).toBe(false);
  });

  it("reads the heap at most every few milliseconds", () => {
    let reads = 0;
    let now = 0;
    const heap = new HeapWatermark(0.5, () => (reads++, { used: 10, limit: 100 }), () => now);
    for (let i = 0; i < 100; i++) void heap.over;
    expect(reads).toBe(1);
    now += 5;
    void heap.over;
    expect(reads).toBe(2);
  });
});
