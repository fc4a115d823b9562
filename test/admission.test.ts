import { describe, expect, it } from "vitest";
import { AdmissionBudget, AnswerSizes } from "../gateway/admission";

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
  it("remembers the last size of each operation and forgets the least recently used past its size", () => {
    const sizes = new AnswerSizes(2);
    sizes.learn("a", 10);
    sizes.learn("b", 20);
    sizes.learn("a", 15);
    sizes.learn("c", 30);
    expect(sizes.get("a")).toBe(15);
    expect(sizes.get("b")).toBeUndefined();
    expect(sizes.get("c")).toBe(30);
  });
});
