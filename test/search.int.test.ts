import { randomUUID } from "node:crypto";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../lib/platform/auth";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { EXPLORER_EXAMPLES } from "../gateway/explorer";
import { searchDocument } from "../lib/records/search";
import { statementsFor, theGraph, withoutSql } from "./helpers/graph";
import { subgraphAs } from "./helpers/subgraph";

const graph = theGraph();

// No sample organisation is in Lviv; these two are, one written in Ukrainian and one in Polish. Removed afterwards.
const LVIV_ORGANISATIONS = [
  { id: "aaa-test-lviv-clinic", name: "Клініка Здоров'я", city: "Львів" },
  { id: "aaa-test-lwow-society", name: "Towarzystwo Miłośników Medycyny", city: "Lwów" },
];

const SEARCH = /* GraphQL */ `
  query Search($q: String!) {
    search(query: $q) {
      query
      searchedFor
      clusters { node { id } matchedName score }
      organisations { node { id } matchedName score }
    }
  }
`;

describe("one search box over the whole graph", () => {
  let organisations: Client;

  beforeAll(async () => {
    organisations = new Client({ connectionString: subgraphDatabaseUrl(graph.postgresUrl, "organisations") });
    await organisations.connect();
    for (const { id, name, city } of LVIV_ORGANISATIONS) {
      const { searchNames, searchText } = searchDocument([name, city]);
      await organisations.query(
        `insert into organisation (id, name, kind, country, city, source_ids, search_names, search_text) values ($1, $2, 'NGO', 'UA', $3, '{test}', $4, $5)`,
        [id, name, city, searchNames, searchText],
      );
    }
  });

  afterAll(async () => {
    await organisations?.query(`delete from organisation where id = any($1)`, [LVIV_ORGANISATIONS.map(o => o.id)]);
    await organisations?.end();
  });

  it.each(["Lviv", "Львів", "Lwów", "lwow"])("finds the same Lviv cluster and organisations for %s, ranked, with the name each matched by", async query => {
    const data = await graph.data(SEARCH, { q: query });
    expect(data.search).toEqual({
      query,
      searchedFor: "lviv",
      clusters: [{ node: { id: "medychnyi-klaster-lvivshchyny" }, matchedName: "Львів", score: 1 }],
      organisations: [
        { node: { id: "aaa-test-lviv-clinic" }, matchedName: "Львів", score: 1 },
        { node: { id: "aaa-test-lwow-society" }, matchedName: "Lwów", score: 1 },
      ],
    });
  });

  it.each([
    ["Lviv medical cluster", "Lviv region medical cluster", "en"],
    ["lwowski klaster medyczny", "Lwowski klaster medyczny", "pl"],
    ["Львів", "Львів", null],
  ])("finds the Lviv cluster first for %s, by a name that says the hub made it", async (query, matchedName, language) => {
    const data = await graph.data(
      /* GraphQL */ `
        query LvivCluster($q: String!) {
          search(query: $q) { clusters(first: 3) { node { id names { text language kind madeByHub source { fileName } } } matchedName } }
        }
      `,
      { q: query },
    );
    const [best] = data.search.clusters;
    expect(best.node.id).toBe("medychnyi-klaster-lvivshchyny");
    expect(best.matchedName).toBe(matchedName);
    // Article 000 never names the cluster: the name it matched by, unless the city, is the hub's label, and says so.
    if (language)
      expect(best.node.names).toContainEqual({
        text: matchedName,
        language,
        kind: "DESCRIPTIVE_LABEL",
        madeByHub: true,
        source: { fileName: "000_67a849953958aec4.txt" },
      });
  });

  it("finds Lubelska Medycyna in lower case without its diacritics, best first among the clusters of Lublin", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Lubelska {
        search(query: "lubelska medycyna") {
          clusters(first: 3) { node { id name } matchedName score }
          organisations(first: 1) { node { id } }
          partnerships(first: 1) { node { id } }
          programmes(first: 1) { node { id } }
        }
      }
    `);
    expect(data.search.clusters[0]).toEqual({
      node: { id: "lubelska-medycyna", name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" },
      matchedName: "Lubelska Medycyna",
      score: 1,
    });
    const scores = data.search.clusters.map((hit: { score: number }) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it.each(["Lwów", "Lublin", "klaster", "uniwersytet", "medycyna", "Kraków"])(
    "ranks %s as scoring every match by word similarity would: the index's order, the same scores, ties by id",
    async query => {
      const data = await graph.data(`query S($q: String!) { search(query: $q) { searchedFor clusters(first: 50) { node { id } score } organisations(first: 50) { node { id } score } } }`, { q: query });
      const scored = async (client: Client, table: string) =>
        (
          await client.query(
            `select id, round(word_similarity(unaccent($1), search_text)::numeric, 3)::float as score from "${table}" ` +
              `where unaccent($1) <% search_text order by word_similarity(unaccent($1), search_text) desc, id limit 50`,
            [data.search.searchedFor],
          )
        ).rows.map(({ id, score }) => ({ node: { id }, score }));
      expect(data.search.clusters.length + data.search.organisations.length).toBeGreaterThan(1);
      const clusters = new Client({ connectionString: subgraphDatabaseUrl(graph.postgresUrl, "clusters") });
      await clusters.connect();
      try {
        expect({ clusters: data.search.clusters, organisations: data.search.organisations }).toEqual({
          clusters: await scored(clusters, "cluster"),
          organisations: await scored(organisations, "organisation"),
        });
      } finally {
        await clusters.end();
      }
    },
  );

  it("answers each kind of record from the subgraph that owns it: partnerships by place, programmes in Cyrillic", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Everywhere {
        pinsk: search(query: "Pinsk") { partnerships(first: 1) { node { id title } matchedName } }
        eu4business: search(query: "ЕU4Business конкурентоспроможність") { programmes(first: 1) { node { id } } }
      }
    `);
    expect(data).toEqual({
      pinsk: { partnerships: [{ node: { id: "pfrr-seminaria-bialorus-listopad", title: expect.any(String) }, matchedName: "Pińsk" }] },
      eu4business: { programmes: [{ node: { id: "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp" } }] },
    });
  });

  it.each(["Lviv", "Львів", "Lwów"])("finds the Lviv cluster's founding assembly for %s by its Ukrainian title", async query => {
    const data = await graph.data(`query Events($q: String!) { search(query: $q) { events { node { id title } matchedName score } } }`, { q: query });
    expect(data.search.events).toContainEqual({
      node: { id: "zahalni-zbory-medychnoho-klasteru-lvivshchyny", title: "Загальні збори, на яких медичний кластер Львівщини був офіційно створений" },
      matchedName: "Загальні збори, на яких медичний кластер Львівщини був офіційно створений",
      score: 1,
    });
  });

  it("finds events across alphabets: Polish places for a Cyrillic query, a Ukrainian title for a Latin one", async () => {
    const data = await graph.data(/* GraphQL */ `
      query EventsAcross {
        grodno: search(query: "Гродно") { events(first: 1) { node { id places } matchedName score } }
        forum: search(query: "Forum") { events(first: 1) { node { id } matchedName } }
      }
    `);
    expect(data).toEqual({
      grodno: { events: [{ node: { id: "seminaria-pfrr-homel-pinsk-grodno", places: ["Homel", "Pińsk", "Grodno"] }, matchedName: "Grodno", score: 1 }] },
      forum: { events: [{ node: { id: "forum-trendy-rynku-v-medychnii-haluzi" }, matchedName: "Форум «Тренди ринку в медичній галузі»" }] },
    });
  });

  it.each(["Lublin", "Lviv"])(
    "ranks every type for %s in one list by score, each type's hits the first of its own list, in its order",
    async query => {
      const data = await graph.data(
        /* GraphQL */ `
          query Ranked($q: String!) {
            search(query: $q) {
              clusters { node { id } matchedName score }
              organisations { node { id } matchedName score }
              partnerships { node { id } matchedName score }
              programmes { node { id } matchedName score }
              events { node { id } matchedName score }
              ranked(first: 8) {
                type matchedName score
                node {
                  __typename
                  ... on Cluster { id name }
                  ... on Organisation { id name }
                  ... on Partnership { id title }
                  ... on FundingProgramme { id name }
                  ... on Event { id title }
                }
              }
            }
          }
        `,
        { q: query },
      );
      type Hit = { node: { id: string }; matchedName: string; score: number };
      const { ranked, ...lists } = data.search as { ranked: (Hit & { type: string; node: { __typename: string; id: string; name?: string; title?: string } })[] } & Record<string, Hit[]>;
      const TYPES = { CLUSTER: ["clusters", "Cluster"], ORGANISATION: ["organisations", "Organisation"], PARTNERSHIP: ["partnerships", "Partnership"], FUNDING_PROGRAMME: ["programmes", "FundingProgramme"], EVENT: ["events", "Event"] } as const;
      const total = Object.values(lists).reduce((sum, hits) => sum + hits.length, 0);
      expect(ranked).toHaveLength(Math.min(8, total));
      expect(new Set(ranked.map(hit => hit.type)).size).toBeGreaterThan(1);
      const scores = ranked.map(hit => hit.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const [type, [field, typename]] of Object.entries(TYPES)) {
        const mine = ranked.filter(hit => hit.type === type);
        // The node is the record itself, fetched from the subgraph that owns it.
        for (const hit of mine) expect(hit.node).toEqual(expect.objectContaining({ __typename: typename, [typename === "Partnership" || typename === "Event" ? "title" : "name"]: expect.any(String) }));
        expect(mine.map(({ node, matchedName, score }) => ({ node: { id: node.id }, matchedName, score }))).toEqual(lists[field].slice(0, mine.length));
        // What the cut left out of this type scores no better than the last hit kept.
        const next = lists[field][mine.length];
        if (next && ranked.length === 8) expect(next.score).toBeLessThanOrEqual(ranked.at(-1)!.score);
      }
    },
  );

  it("ranks with one SQL statement for the hits in each subgraph, alongside the per-type lists", async () => {
    const RANKED = /* GraphQL */ `
      query RankedCost($first: Int!) {
        search(query: "Lublin") {
          organisations(first: 2) { node { id } }
          ranked(first: $first) { type score node { ... on Cluster { id } ... on Organisation { id } ... on Partnership { id } ... on FundingProgramme { id } ... on Event { id } } }
        }
      }
    `;
    // Hits' ids are keys: no subgraph is asked for its records, and organisations answers both of its lists in one statement.
    expect(await statementsFor(graph, RANKED, { first: 1 })).toEqual({ organisations: 1, clusters: 1, partnerships: 1, funding: 1, events: 1, feed: 0 });
    expect(await statementsFor(graph, RANKED, { first: 50 })).toEqual({ organisations: 1, clusters: 1, partnerships: 1, funding: 1, events: 1, feed: 0 });
  });

  it("costs one SQL statement per search in each subgraph that owns records, however many hits it asks for", async () => {
    const searches = (queries: string[], first: number) => /* GraphQL */ `
      query Costs {
        ${queries.map((q, i) => `s${i}: search(query: "${q}") {
          clusters(first: ${first}) { node { id } } organisations(first: ${first}) { node { id } }
          partnerships(first: ${first}) { node { id } } programmes(first: ${first}) { node { id } } events(first: ${first}) { node { id } } }`).join("\n")}
      }
    `;
    const one = await statementsFor(graph, searches(["Lviv"], 1));
    expect(one).toEqual({ organisations: 1, clusters: 1, partnerships: 1, funding: 1, events: 1, feed: 0 });
    expect(await statementsFor(graph, searches(["Lublin"], 50))).toEqual(one);
    // The gateway fetches each aliased search's hits from a subgraph separately; the clusters subgraph answers them
    // all in the root fetch, so its loader joins them into one statement.
    const four = await statementsFor(graph, searches(["Lviv", "Lublin", "Białystok", "EU4Business"], 50));
    expect(four).toEqual({ organisations: 4, clusters: 1, partnerships: 4, funding: 4, events: 4, feed: 0 });
  });

  it.each([
    ["an empty query", " -- ", "must contain at least one letter or digit"],
    ["a query of more than 200 characters", "x".repeat(201), "must be at most 200 characters, got 201"],
  ])("refuses %s, naming the argument, and asks no subgraph for hits", async (_what, query, problem) => {
    const { answer: response, still } = await withoutSql(graph, () =>
      graph.query(`query S($q: String!) { search(query: $q) { clusters { score } organisations { score } } }`, { q: query }),
    );
    expect(response.data).toBeNull();
    expect(response.errors?.[0]).toEqual(
      expect.objectContaining({ message: `Invalid value for "query": ${problem}`, extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "query" }) }),
    );
    expect(still).toBe(true);
  });

  it("refuses more hits than a page at the gateway, and more than 50 in the subgraph, naming `first`", async () => {
    const overPage = await graph.query(`{ search(query: "Lviv") { clusters(first: 1000) { score } } }`);
    expect(overPage.status).toBe(400);
    expect(overPage.errors?.[0]).toEqual(
      expect.objectContaining({ message: 'Invalid value for "first": must be between 1 and 100, got 1000', extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) }),
    );
    const overHits = await graph.query(`{ search(query: "Lviv") { organisations(first: 51) { score } } }`);
    expect(overHits.errors?.[0]).toEqual(
      expect.objectContaining({ message: 'Invalid value for "first": must be between 1 and 50, got 51', extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "first" }) }),
    );
  });

  it("answers the explorer's search example tab", async () => {
    const example = EXPLORER_EXAMPLES.find(tab => tab.query.includes("search(query:"));
    const data = await graph.data(example!.query);
    expect(data.search.clusters[0]).toEqual(expect.objectContaining({ matchedName: "Львів", score: 1 }));
    expect(data.search.events.map((hit: { node: { id: string } }) => hit.node.id)).toContain("zahalni-zbory-medychnoho-klasteru-lvivshchyny");
    expect(data.search.ranked[0]).toEqual({ type: "CLUSTER", score: 1, matchedName: "Львів", node: { name: "Медичний кластер Львівщини" } });
  });
});

describe("a partner's records in the search, each subgraph alone", () => {
  const partner: Caller = { partnerId: `search-${randomUUID()}`, admin: false };
  const source = { title: "Статут", url: "https://example.org/statut", publishedOn: "2025-02", language: "uk" };
  let clusters: Awaited<ReturnType<typeof subgraphAs>>;
  let organisations: Awaited<ReturnType<typeof subgraphAs>>;
  beforeAll(async () => {
    [clusters, organisations] = await Promise.all([subgraphAs("clusters", "searchhub"), subgraphAs("organisations", "searchhub")]);
  });
  afterAll(async () => {
    await clusters?.stop();
    await organisations?.stop();
  });

  it("finds a cluster a partner creates in Львів by Lwów at once, and by its new name, not its old one, once renamed", async () => {
    const id = `klaster-${randomUUID()}`;
    const created = await clusters.execute(partner, `mutation C($input: CreateClusterInput!) { createCluster(input: $input) { version } }`, {
      input: { id, name: "Кластер Тестовий Дніпровський", country: "UA", city: "Львів", source },
    });
    expect(created.errors).toBeUndefined();
    const found = (query: string) =>
      clusters.execute(null, `query S($q: String!) { search(query: $q) { clusters(first: 50) { node { id } matchedName } } }`, { q: query });
    expect((await found("Lwów")).data.search.clusters).toContainEqual({ node: { id }, matchedName: "Львів" });

    await clusters.execute(partner, `mutation U($id: ID!, $input: UpdateClusterInput!) { updateCluster(id: $id, expectedVersion: 1, input: $input) { version } }`, {
      id,
      input: { name: "Klaster Zmieniony Podkarpacki", source },
    });
    expect((await found("zmieniony podkarpacki")).data.search.clusters).toContainEqual({ node: { id }, matchedName: "Klaster Zmieniony Podkarpacki" });
    expect((await found("Тестовий Дніпровський")).data.search.clusters.map((hit: { node: { id: string } }) => hit.node.id)).not.toContain(id);
  });

  it("answers the gateway's entity fetch for SearchResults with the organisations it owns", async () => {
    const response = await organisations.execute(
      null,
      /* GraphQL */ `
        query Entities($representations: [_Any!]!) {
          _entities(representations: $representations) { ... on SearchResults { query organisations(first: 1) { node { id } matchedName } } }
        }
      `,
      { representations: [{ __typename: "SearchResults", query: "uniwersytet medyczny" }, { __typename: "SearchResults", query: "UMCS" }] },
    );
    expect(response.data).toEqual({
      _entities: [
        { query: "uniwersytet medyczny", organisations: [{ node: { id: "uniwersytet-medyczny-w-lublinie" }, matchedName: "Uniwersytet Medyczny" }] },
        { query: "UMCS", organisations: [{ node: { id: "uniwersytet-marii-curie-sklodowskiej" }, matchedName: "UMCS" }] },
      ],
    });
  });
});
