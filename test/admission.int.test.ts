import { describe, expect, it } from "vitest";
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
