import { Client } from "pg";
import { describe, expect, it } from "vitest";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { theGraph } from "./helpers/graph";

const graph = theGraph();
const ids = (connection: { nodes: { id: string }[] }) => connection.nodes.map(node => node.id);

describe("an analyst filtering and sorting the root lists", () => {
  it("sorts clusters by founding year, newest first, the undated last", async () => {
    const data = await graph.data(/* GraphQL */ `
      query ByFounding { clusters(orderBy: { field: FOUNDED_YEAR, direction: DESC }, first: 100) { nodes { id } } }
    `);
    expect(ids(data.clusters)).toEqual([
      "lubelski-klaster-biotechnologiczny",
      "lubelski-klaster-lotniczy",
      "lubelska-medycyna",
      "klaster-life-science",
      "slaski-klaster-lotniczy",
      "polski-klaster-budowlany",
      "medychnyi-klaster-lvivshchyny",
      "klaster-obrobki-metali",
    ]);
  });

  it("keeps clusters by founding year and latest member count ranges, in several countries", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Grown {
        clusters(
          filter: { countries: [UA, PL], foundedYear: { min: 2000, max: 2014 }, latestMemberCount: { min: 30 } }
          orderBy: { field: LATEST_MEMBER_COUNT, direction: DESC }
        ) { totalCount nodes { id latestMemberCount { count } } }
      }
    `);
    expect(data.clusters).toEqual({
      totalCount: 3,
      nodes: [
        { id: "lubelska-medycyna", latestMemberCount: { count: 103 } },
        { id: "klaster-life-science", latestMemberCount: { count: 70 } },
        { id: "lubelski-klaster-lotniczy", latestMemberCount: { count: 37 } },
      ],
    });
  });

  it("finds clusters by sector whatever its case", async () => {
    const data = await graph.data(`{ clusters(filter: { sector: "TECHNOLOGIE LOTNICZE" }) { nodes { id } } }`);
    expect(ids(data.clusters)).toEqual(["lubelski-klaster-lotniczy", "slaski-klaster-lotniczy"]);
  });

  it("pages through a sorted list with (name, id) cursors, in order and none twice", async () => {
    const page = (after: string | null) =>
      graph.data(
        `query P($after: String) { clusters(first: 3, after: $after, orderBy: { field: NAME }) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await page(after);
      seen.push(...data.clusters.edges.map((e: { node: { name: string } }) => e.node.name));
      if (!data.clusters.pageInfo.hasNextPage) break;
      after = data.clusters.pageInfo.endCursor;
    }
    expect(seen).toEqual([...seen].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase(), "en")));
    expect(new Set(seen).size).toBe(8);
  });

  it("gives the same next page after clusters are added before the cursor and at the end", async () => {
    const page = (after: string | null) =>
      graph.data(`query P($after: String) { clusters(first: 3, after: $after, orderBy: { field: FOUNDED_YEAR }) { nodes { id } pageInfo { endCursor } } }`, {
        after,
      });
    const first = await page(null);
    const expected = await page(first.clusters.pageInfo.endCursor);
    // Test rows in the shared sample database, removed again whatever happens; no other test file runs meanwhile.
    const client = new Client({ connectionString: subgraphDatabaseUrl(graph.postgresUrl, "clusters") });
    await client.connect();
    try {
      await client.query(
        `insert into cluster (id, name, country, founded_year, source_ids) values ('aaa-test-early', 'Early', 'PL', 1990, '{test}'), ('zzz-test-late', 'Late', 'PL', null, '{test}')`,
      );
      const again = await page(first.clusters.pageInfo.endCursor);
      expect(again.clusters.nodes).toEqual(expected.clusters.nodes);
      expect((await page(null)).clusters.nodes[0]).toEqual({ id: "aaa-test-early" });
    } finally {
      await client.query(`delete from cluster where id in ('aaa-test-early', 'zzz-test-late')`);
      await client.end();
    }
  });

  it("refuses a cursor issued for another order, naming `after`", async () => {
    const first = await graph.data(`{ clusters(first: 1, orderBy: { field: NAME }) { pageInfo { endCursor } } }`);
    const response = await graph.query(`query Q($after: String) { clusters(after: $after, orderBy: { field: COUNTRY }) { totalCount } }`, {
      after: first.clusters.pageInfo.endCursor,
    });
    expect(response.errors?.[0]).toEqual(
      expect.objectContaining({ message: expect.stringContaining("was issued for the order NAME:ASC"), extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "after" }) }),
    );
  });

  it("refuses a range whose ends are the wrong way round", async () => {
    const response = await graph.query(`{ clusters(filter: { foundedYear: { min: 2020, max: 2000 } }) { totalCount } }`);
    expect(response.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "filter.foundedYear" }));
  });
});

describe("a dashboard listing clusters with a few members each", () => {
  const members = (first: number | null, role: string | null) => /* GraphQL */ `
    { clusters(first: 100) { nodes { id memberships${first || role ? `(${[first ? `first: ${first}` : "", role ? `role: ${role}` : ""].filter(Boolean).join(", ")})` : ""} { id roles } } } }
  `;
  type Nodes = { clusters: { nodes: { id: string; memberships: { id: string; roles: string[] }[] }[] } };

  it("gets each cluster's first members, in the order of the whole list, with or without a role", async () => {
    const all = await graph.data<Nodes>(members(null, null));
    expect(all.clusters.nodes.some(node => node.memberships.length > 2)).toBe(true);
    const firstTwo = await graph.data<Nodes>(members(2, null));
    expect(firstTwo.clusters.nodes).toEqual(all.clusters.nodes.map(node => ({ ...node, memberships: node.memberships.slice(0, 2) })));
    const firstMember = await graph.data<Nodes>(members(1, "MEMBER"));
    expect(firstMember.clusters.nodes).toEqual(
      all.clusters.nodes.map(node => ({ ...node, memberships: node.memberships.filter(m => m.roles.includes("MEMBER")).slice(0, 1) })),
    );
  });

  it("refuses a number of members outside 1 to 100, naming `first`", async () => {
    for (const first of [0, 101]) {
      const answer = await graph.query(`{ cluster(id: "lubelska-medycyna") { memberships(first: ${first}) { id } } }`);
      expect(answer.errors?.[0]).toMatchObject({ message: expect.stringContaining("first"), extensions: { code: "BAD_USER_INPUT" } });
    }
  });
});

describe("an analyst filtering the other lists", () => {
  it("keeps organisations of several countries and kinds, sorted by name", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Agencies {
        organisations(filter: { countries: [DE, US], kinds: [DEVELOPMENT_AGENCY] }, orderBy: { field: NAME }) { totalCount nodes { id } }
      }
    `);
    expect(data.organisations).toEqual({ totalCount: 2, nodes: [{ id: "giz" }, { id: "usaid" }] });
  });

  it("keeps partnerships by any of several countries, status and kinds", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Partnerships {
        usa: partnerships(filter: { anyOfCountries: [US, UA], status: ONGOING }) { nodes { id } }
        seminars: partnerships(filter: { countries: [PL, BY], kinds: [TRAINING_SERIES, STUDY_VISIT] }, orderBy: { field: KIND, direction: DESC }) {
          totalCount
          nodes { kind }
        }
      }
    `);
    expect(data.usa.nodes).toEqual([{ id: "klaster-life-science-spolka-usa" }]);
    expect(data.seminars).toEqual({ totalCount: 3, nodes: [{ kind: "TRAINING_SERIES" }, { kind: "TRAINING_SERIES" }, { kind: "STUDY_VISIT" }] });
  });

  it("keeps funding programmes whose period overlaps a range, and opportunities by country and deadline", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Funding {
        fundingProgrammes(filter: { period: { from: "2016-05", to: "2017" } }) { nodes { id startDate endDate } }
        open: fundingOpportunities(filter: { countries: [UA, BY] }) { totalCount }
        dated: fundingOpportunities(filter: { countries: [UA, BY], deadline: { from: "2020" } }) { totalCount }
      }
    `);
    expect(data.fundingProgrammes.nodes).toEqual([{ id: "perspektywa-finansowa-2014-2020", startDate: "2014", endDate: "2020" }]);
    expect(data.open.totalCount).toBe(1);
    expect(data.dated.totalCount).toBe(0);
  });
});

describe("search across languages and alphabets", () => {
  it("finds an organisation by its alias, a partnership by a place without its accent, a programme in Cyrillic", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Searches {
        searchOrganisations(query: "uniwersytet medyczny", first: 1) { node { id } matchedName }
        searchPartnerships(query: "Pinsk", first: 1) { node { id } matchedName }
        searchFundingProgrammes(query: "ЕU4Business конкурентоспроможність", first: 1) { node { id } }
      }
    `);
    expect(data).toEqual({
      searchOrganisations: [{ node: { id: "uniwersytet-medyczny-w-lublinie" }, matchedName: "Uniwersytet Medyczny" }],
      searchPartnerships: [{ node: { id: "pfrr-seminaria-bialorus-listopad" }, matchedName: "Pińsk" }],
      searchFundingProgrammes: [{ node: { id: "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp" } }],
    });
  });

  it.each(["Lviv", "Львів", "Lwów", "lwow", "Lemberg"])("finds the Lviv cluster by %s", async query => {
    const data = await graph.data(`query S($q: String!) { searchClusters(query: $q) { node { id } matchedName score } }`, { q: query });
    expect(data.searchClusters[0]).toEqual({ node: { id: "medychnyi-klaster-lvivshchyny" }, matchedName: "Львів", score: 1 });
  });

  it("finds Lubelska Medycyna in lower case without its diacritics, and as a filter of the list", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Lubelska {
        searchClusters(query: "lubelska medycyna", first: 1) { node { id name } matchedName }
        clusters(filter: { search: "lubelska medycyna" }) { totalCount nodes { id } }
      }
    `);
    expect(data.searchClusters).toEqual([
      { node: { id: "lubelska-medycyna", name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" }, matchedName: "Lubelska Medycyna" },
    ]);
    expect(data.clusters).toEqual({ totalCount: 1, nodes: [{ id: "lubelska-medycyna" }] });
  });

  it("refuses a query with nothing to search for", async () => {
    const response = await graph.query(`{ searchClusters(query: " -- ") { score } }`);
    expect(response.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "query" }));
  });
});
