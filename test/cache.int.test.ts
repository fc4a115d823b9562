import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
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
      running = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "on", logLevel: "warn", gatewaySecret: inject("gatewaySecret") });
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

  it("is emptied by a partner's write, so the next public read sees it", async () => {
    const store = await openPartnerStore(subgraphDatabaseUrl(new URL(graph.postgresUrl).toString(), "gateway"));
    const { key } = await createPartner(store.em.fork(), { name: "Cache Test Foundation" });
    await store.close();
    const query = `{ organisations(filter: { country: LT }) { totalCount } }`;
    const before = await post(query);
    expect(await before.json()).toEqual({ data: { organisations: { totalCount: 0 } } });
    expect((await post(query)).headers.get("age")).not.toBeNull();

    const write = await fetch(graph.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: `mutation { createOrganisation(input: { name: "Asociacija Testas", kind: NGO, country: LT, source: { title: "Test", url: "https://example.org/lt", publishedOn: "2026", language: "lt" } }) { id } }`,
      }),
    });
    expect((await write.json()).errors).toBeUndefined();

    const after = await post(query);
    expect(after.headers.get("age")).toBeNull();
    expect(await after.json()).toEqual({ data: { organisations: { totalCount: 1 } } });
  });

  it("does not cache answers with errors", async () => {
    const query = `{ clusters(first: 1000) { totalCount } }`;
    await post(query);
    const again = await post(query);
    expect(again.headers.get("age")).toBeNull();
  });
});
