import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { copyValue, writeSynthetic } from "../scripts/synthetic";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { graphClient, postQuery, withoutSql, type GraphClient } from "./helpers/graph";

// A small synthetic dataset in databases of its own (synthtest_<subgraph>) on the test PostgreSQL, and a graph on it.
describe("the synthetic scale dataset", () => {
  let running: RunningGraph;
  let graph: GraphClient;
  let written: Record<string, number>;

  beforeAll(async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    written = await writeSynthetic(serverUrl.toString(), { clusters: 30, organisations: 100, memberships: 300 }, undefined, "synthtest");
    serverUrl.pathname = "/synthtest";
    running = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "off", logLevel: "warn" });
    graph = graphClient({ ...running, postgresUrl: serverUrl.toString() });
  });

  afterAll(() => running?.stop());

  it("writes the asked numbers of clusters, organisations and memberships with COPY", () => {
    expect(written).toEqual(expect.objectContaining({ cluster: 30, organisation: 100, membership: 300, member_count: 90 }));
  });

  it("serves them through the gateway, every record citing the synthetic source", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Synthetic {
        clusters(first: 100) { totalCount nodes { sources { id } memberships { organisation { sources { id } } } } }
        clusterStats(by: COUNTRY) { key clusters memberships }
      }
    `);
    expect(data.clusters.totalCount).toBe(30);
    const sources = new Set(
      data.clusters.nodes.flatMap((c: any) => [...c.sources, ...c.memberships.flatMap((m: any) => m.organisation.sources)].map((s: { id: string }) => s.id)),
    );
    expect([...sources]).toEqual(["synthetic"]);
    expect(data.clusterStats).toEqual([
      { key: "BY", clusters: 10, memberships: 100 },
      { key: "PL", clusters: 10, memberships: 100 },
      { key: "UA", clusters: 10, memberships: 100 },
    ]);
  });

  it("finds a Cyrillic cluster name by its Latin transliteration", async () => {
    const data = await graph.data(`{ cluster(id: "syn-cluster-0000000") { name } }`);
    const { transliterate } = await import("transliteration");
    const latin = transliterate(data.cluster.name);
    const hits = await graph.data(`query S($q: String!) { searchClusters(query: $q, first: 1) { node { id } score } }`, { q: latin });
    expect(hits.searchClusters).toEqual([{ node: { id: "syn-cluster-0000000" }, score: 1 }]);
  });

  it("escapes COPY text: NULL, tabs, backslashes and arrays with quotes", () => {
    expect([null, "a\tb\\c", ["x y", 'q"'], { a: 1 }].map(copyValue)).toEqual(["\\N", "a\\tb\\\\c", '{"x y","q\\\\""}', '{"a":1}']);
  });
});

// Lists long enough for a query to be really large: 100 members in each of 300 clusters, some 10 clusters per organisation.
describe("the cost of a query on the synthetic data", () => {
  let running: RunningGraph;
  let graph: GraphClient;

  beforeAll(async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    await writeSynthetic(serverUrl.toString(), { clusters: 300, organisations: 3000, memberships: 30_000 }, undefined, "synthcost");
    serverUrl.pathname = "/synthcost";
    running = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "off", logLevel: "warn", gatewaySecret: inject("gatewaySecret") });
    graph = graphClient({ ...running, postgresUrl: serverUrl.toString() });
  });

  afterAll(() => running?.stop());
  const HUGE = /* GraphQL */ `query Huge { clusters(first: 100) { nodes { memberships { organisation { memberships { cluster { memberships { id } } } } } } } }`;

  it("refuses a query that would fetch ten million memberships before any SQL, naming the list to cut", async () => {
    // 100 clusters × 100 members × some 10 clusters of each member × 100 members of each of those.
    const { answer, still } = await withoutSql(graph, () => graph.query(HUGE));
    expect(still).toBe(true);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions?.code).toBe("COST_LIMIT_EXCEEDED");
    expect(answer.errors?.[0].extensions?.cost).toBeGreaterThan(10_000_000);
    expect(answer.errors?.[0].message).toContain("The lists that multiply it most: clusters.nodes.memberships.organisation.memberships.cluster.memberships (100 per parent)");
  });

  it("serves what is large only in `first`: ten clusters with their hundred members, and a hundred clusters with two members each", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Fits {
        ten: clusters(first: 10) { nodes { id memberships { organisation { name } } } }
        hundred: clusters(first: 100) { nodes { memberships(first: 2) { organisation { name } } } }
      }
    `);
    expect(data.ten.nodes.flatMap((cluster: { memberships: unknown[] }) => cluster.memberships)).toHaveLength(1000);
    expect(data.hundred.nodes).toHaveLength(100);
  });

  it("prices by the new longest list soon after a write lengthens it", async () => {
    const store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    const { key } = await createPartner(store.em.fork(), { name: "Cost admin", id: `cost-admin-${randomUUID().slice(0, 8)}`, admin: true });
    await store.close();
    const source = { title: "Synthetic write", document: "synthetic-write.pdf", publishedOn: "2026", language: "en" };
    const asAdmin = (query: string, variables: Record<string, unknown>) => postQuery(graph.gatewayUrl, query, variables, { authorization: `Bearer ${key}` });
    const organisation = await asAdmin(`mutation O($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: { name: "One more member", kind: "NGO", country: "PL", source } });
    expect(organisation.errors).toBeUndefined();
    const membership = await asAdmin(`mutation M($input: CreateMembershipInput!) { createMembership(input: $input) { id } }`, {
      input: { clusterId: "syn-cluster-0000000", organisationId: organisation.data.createOrganisation.id, roles: ["MEMBER"], source },
    });
    expect(membership.errors).toBeUndefined();
    // The gateway asks the subgraphs again 250 ms after a write through it.
    let message = "";
    for (let tries = 0; tries < 50 && !message.includes("(101 per parent)"); tries++) {
      await new Promise(resolve => setTimeout(resolve, 200));
      message = (await graph.query(HUGE)).errors?.[0].message ?? "";
    }
    expect(message).toContain("clusters.nodes.memberships.organisation.memberships.cluster.memberships (101 per parent)");
  });
});
