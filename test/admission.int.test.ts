import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { freePort } from "../scripts/ports";
import { graphClient, type GraphClient } from "./helpers/graph";

// Costs about 1 + 60 × 2 by the gateway's cost model: over this graph's MAX_COST_IN_FLIGHT of 100 on its own.
const LARGE = `{ partnerships(first: 60) { nodes { title kind } } }`;
const SMALL = `{ clusters(first: 1) { nodes { name } } }`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// A graph of its own with a small budget: the test holds the partnerships subgraph still (SIGSTOP), so that a large
// query stays in flight for certain while others arrive.
describe("a gateway busy with large queries", () => {
  let graph: RunningGraph;
  let client: GraphClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-admission-"));
    graph = await startGraph({
      dataDir,
      postgresPort: await freePort(),
      ports: "ephemeral",
      sampleData: "on",
      gatewayEnv: { CACHE_MAX_AGE: "0", MAX_COST_IN_FLIGHT: "100", COST_QUEUE_TIMEOUT_MS: "1500" },
    });
    client = graphClient({ gatewayUrl: graph.gatewayUrl, subgraphUrls: graph.subgraphUrls, postgresUrl: "" });
  });

  afterAll(async () => {
    await graph?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function waiting(): Promise<number> {
    const text = await (await fetch(graph.gatewayUrl.replace(/\/graphql$/, "/metrics"))).text();
    return Number(text.split("\n").find(line => line.startsWith("clusterhub_gateway_requests_waiting "))?.split(" ")[1]);
  }

  it("runs a query larger than the budget when it is the only one", async () => {
    const answer = await client.query(LARGE);
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.partnerships.nodes.length).toBeGreaterThan(0);
  });

  it("makes a query wait while a large one runs, then answers it in full", async () => {
    const expected = await client.data(SMALL);
    graph.signal("partnerships", "SIGSTOP");
    let large, small;
    try {
      large = client.query(LARGE);
      await sleep(300);
      let answered = false;
      small = client.query(SMALL).then(answer => ((answered = true), answer));
      await sleep(500);
      // The clusters subgraph is free, yet the small query waits its turn behind the large one.
      expect(answered).toBe(false);
      expect(await waiting()).toBe(1);
    } finally {
      graph.signal("partnerships", "SIGCONT");
    }
    expect((await large).status).toBe(200);
    expect(await small).toEqual({ status: 200, data: expected });
    expect(await waiting()).toBe(0);
  });

  it("refuses with 503 OVERLOADED a query that waited too long, naming the limit, and still answers the one running", async () => {
    graph.signal("partnerships", "SIGSTOP");
    let large, small;
    try {
      large = client.query(LARGE);
      await sleep(300);
      small = await client.query(SMALL);
    } finally {
      graph.signal("partnerships", "SIGCONT");
    }
    expect(small.status).toBe(503);
    expect(small.errors?.map(e => e.extensions?.code)).toEqual(["OVERLOADED"]);
    expect(small.errors?.[0].message).toMatch(/waited 1500 ms .*MAX_COST_IN_FLIGHT 100/);
    const answer = await large;
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
  });
});
