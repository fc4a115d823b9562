import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { writeLinkedClusters } from "./helpers/fixture";
import { graphClient, statementsFor, type GraphClient } from "./helpers/graph";

const CLUSTERS = 40;

// A graph of its own, on databases of its own on the test PostgreSQL (through DATABASE_URL), where every cluster
// touches every subgraph: so one cluster and forty take the same query plan, and only the size of the answer differs.
describe("the cost of a request", () => {
  let running: RunningGraph;
  let graph: GraphClient;

  beforeAll(async () => {
    const serverUrl = new URL(inject("graph").postgresUrl);
    serverUrl.pathname = "/costcheck";
    running = await startGraph({ databaseUrl: serverUrl.toString(), ports: "ephemeral", sampleData: "off", logLevel: "warn" });
    await writeLinkedClusters(serverUrl.toString(), CLUSTERS);
    graph = graphClient({ ...running, postgresUrl: serverUrl.toString() });
  });

  afterAll(() => running?.stop());

  const everything = /* GraphQL */ `
    query Everything($first: Int!) {
      clusters(first: $first) {
        totalCount
        nodes {
          name
          sources { title }
          location { latitude longitude precision sources { title } }
          memberCounts { count source { title } }
          latestMemberCount { count }
          coordinator { name }
          initiators { name }
          memberships { roles sources { title } cluster { name } organisation { name sources { title } location { precision sources { title } } memberships { roles } partnerships { title } funding { role } } }
          partnerships { title sources { title } parties { role organisation { name } cluster { name } } funding { role programme { name } } }
          funding { role opportunity { title programme { name } } programme { name parent { name } parts { name } funders { name } implementers { name } beneficiaries { role } opportunities { title } sources { title } } }
          events { title sources { title } changes { action } clusters { name } organisers { name events { title } } participants { name } }
        }
      }
    }
  `;

  it("answers one cluster and forty with the same number of SQL statements in every subgraph", async () => {
    const one = await statementsFor(graph, everything, { first: 1 });
    const all = await statementsFor(graph, everything, { first: CLUSTERS });
    // Every subgraph the page asks (not the change feed's) answers it with SQL.
    expect(Object.entries(one).every(([name, count]) => name === "feed" || count > 0)).toBe(true);
    expect(all).toEqual(one);
    console.info(`SQL statements per request, by subgraph: 1 cluster ${JSON.stringify(one)}; ${CLUSTERS} clusters ${JSON.stringify(all)}`);
  });

  it("answers the whole page: every cluster with its members, partnership and funding", async () => {
    const data = await graph.data(everything, { first: CLUSTERS });
    expect(data.clusters.totalCount).toBe(CLUSTERS);
    const last = data.clusters.nodes.at(-1);
    expect(last.memberships.map((m: { organisation: { name: string } }) => m.organisation.name)).toEqual(["Organisation 039a", "Organisation 039b"]);
    expect(last.coordinator).toEqual({ name: "Organisation 039a" });
    expect(last.partnerships[0].parties).toHaveLength(2);
    expect(last.funding[0].programme.funders).toEqual([{ name: "Organisation 039b" }]);
  });

  it("judges the funding matches of one cluster and forty, and of their members, with the same statements", async () => {
    const matches = /* GraphQL */ `
      query Matches($first: Int!) {
        clusters(first: $first) {
          nodes {
            fundingMatches(asOf: "2026-12-07") { matches { programme { name } judgements { outcome fundingSources { title } } } nearMisses { failedRule } }
            memberships(first: 1) { organisation { fundingMatches(asOf: "2026-12-07") { matches { opportunity { title } } } } }
          }
        }
      }
    `;
    const one = await statementsFor(graph, matches, { first: 1 });
    const all = await statementsFor(graph, matches, { first: CLUSTERS });
    expect(one.funding).toBeGreaterThan(0);
    expect(all).toEqual(one);
  });

  // Two of each type score 1 for Lublin, the rest less: the first 10 hold two of each type, the first 50 every type too.
  const ranked = /* GraphQL */ `
    query RankedLublin($first: Int!) {
      search(query: "Lublin") {
        ranked(first: $first) {
          type score matchedName
          node {
            __typename
            ... on Cluster { id name sources { title } }
            ... on Organisation { id name sources { title } }
            ... on Partnership { id title sources { title } }
            ... on FundingProgramme { id name sources { title } }
            ... on Event { id title sources { title } }
          }
        }
      }
    }
  `;

  it("ranks every type in one list with the same number of SQL statements in every subgraph for 10 hits and for 50", async () => {
    const ten = await statementsFor(graph, ranked, { first: 10 });
    const fifty = await statementsFor(graph, ranked, { first: 50 });
    // Every subgraph that owns searchable records searches; the feed owns none and is not asked.
    const { feed, ...searching } = ten;
    expect(feed).toBe(0);
    expect(Object.values(searching).every(count => count > 0)).toBe(true);
    expect(fifty).toEqual(ten);
    console.info(`SQL statements of a ranked search, by subgraph: 10 hits ${JSON.stringify(ten)}; 50 hits ${JSON.stringify(fifty)}`);
    const data = await graph.data(ranked, { first: 50 });
    const hits = data.search.ranked as { type: string; score: number; node: { id: string } }[];
    expect(hits).toHaveLength(50);
    expect(hits.slice(0, 10).map(hit => `${hit.type} ${hit.node.id} ${hit.score}`)).toEqual(
      ["CLUSTER cluster", "ORGANISATION org", "PARTNERSHIP partnership", "FUNDING_PROGRAMME programme", "EVENT event"].flatMap(prefix =>
        prefix.startsWith("ORGANISATION") ? [`${prefix}-000-a 1`, `${prefix}-000-b 1`] : [`${prefix}-000 1`, `${prefix}-001 1`],
      ),
    );
    expect(hits.slice(10).every(hit => hit.score < 1)).toBe(true);
  });

  it("reads each cluster's first members in one statement, however many clusters the page holds", async () => {
    const firstMembers = /* GraphQL */ `
      query FirstMembers($first: Int!) {
        clusters(first: $first) { nodes { id memberships(first: 1) { id } initiators: memberships(role: INITIATOR, first: 1) { id } } }
      }
    `;
    const one = await statementsFor(graph, firstMembers, { first: 1 });
    const all = await statementsFor(graph, firstMembers, { first: CLUSTERS });
    // The clusters page, then one statement for each (first, role) asked, whatever the number of clusters.
    expect(one.clusters).toBe(3);
    expect(all).toEqual(one);
    const data = await graph.data(firstMembers, { first: CLUSTERS });
    expect(data.clusters.nodes.at(-1)).toEqual({ id: "cluster-039", memberships: [{ id: "member-039-a" }], initiators: [{ id: "member-039-b" }] });
  });
});
