import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { graphClient, type GraphClient } from "./helpers/graph";

// A graph of its own with caching on (CACHE_MAX_AGE=30), on databases of its own with the sample data.
describe("the gateway's response cache", () => {
  let running: RunningGraph;
  let graph: GraphClient;

  beforeAll(async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    serverUrl.pathname = "/cachecheck";
    const before = process.env.CACHE_MAX_AGE;
    process.env.CACHE_MAX_AGE = "30";
    try {
      running = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "on", logLevel: "warn" });
    } finally {
      process.env.CACHE_MAX_AGE = before;
    }
    graph = graphClient({ ...running, postgresUrl: serverUrl.toString() });
  });

  afterAll(() => running?.stop());

  const post = (query: string) =>
    fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });

  it("answers a repeated public read from the cache, with no SQL and the subgraphs' max-age", async () => {
    const query = `{ clusterStats(by: COUNTRY) { key clusters } cluster(id: "lubelska-medycyna") { name partnerships { id } } }`;
    const first = await post(query);
    expect(first.headers.get("cache-control")).toBe("max-age=30, public");
    const before = await graph.statements();
    const second = await post(query);
    const after = await graph.statements();
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("age")).not.toBeNull();
    expect(after).toEqual(before);
  });

  it("does not cache answers with errors", async () => {
    const query = `{ clusters(first: 1000) { totalCount } }`;
    await post(query);
    const again = await post(query);
    expect(again.headers.get("age")).toBeNull();
  });
});
