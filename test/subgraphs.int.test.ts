import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloServer, type BaseContext } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { wrap } from "@mikro-orm/core";
import { openDatabase, subgraphDatabaseUrl } from "../lib/platform/database";
import { findIn } from "../lib/subgraph/loaders";
import { Cluster } from "../services/clusters/cluster/cluster.entity";
import { Membership } from "../services/clusters/membership/membership.entity";
import { Organisation } from "../services/organisations/organisation/organisation.entity";
import { SCHEMA_DIR } from "../scripts/schema";
import { loadSubgraph, SUBGRAPHS, type SubgraphName } from "../services/registry";

/** One subgraph on its own, in this process, against the database the test graph migrated and loaded. */
async function subgraphAlone(name: SubgraphName) {
  const subgraph = await loadSubgraph(name);
  const { orm, statements } = await openDatabase({
    databaseUrl: subgraphDatabaseUrl(inject("graph").postgresUrl, name),
    entities: subgraph.entities,
    migrations: subgraph.migrations,
  });
  const server = new ApolloServer<BaseContext>({ schema: await subgraph.buildSchema() });
  await server.start();
  return {
    orm,
    statements,
    async execute(query: string, variables?: Record<string, unknown>) {
      const response = await server.executeOperation({ query, variables }, { contextValue: subgraph.createContext(orm as MikroORM) });
      if (response.body.kind !== "single") throw new Error("expected a single result");
      return response.body.singleResult;
    },
    stop: async () => {
      await server.stop();
      await orm.close();
    },
  };
}

describe.each(SUBGRAPHS)("the %s subgraph on its own", name => {
  let subgraph: Awaited<ReturnType<typeof subgraphAlone>>;
  beforeAll(async () => void (subgraph = await subgraphAlone(name)));
  afterAll(() => subgraph?.stop());

  it("serves the SDL that is checked in under schema/", async () => {
    const result = await subgraph.execute(`{ _service { sdl } }`);
    const sdl = (result.data?._service as { sdl: string }).sdl;
    expect(`${sdl.trim()}\n`).toBe(readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), "utf8"));
  });
});

describe("entity references", () => {
  let clusters: Awaited<ReturnType<typeof subgraphAlone>>;
  let organisations: Awaited<ReturnType<typeof subgraphAlone>>;
  beforeAll(async () => void ([clusters, organisations] = await Promise.all([subgraphAlone("clusters"), subgraphAlone("organisations")])));
  afterAll(() => Promise.all([clusters?.stop(), organisations?.stop()]));
  /** Asks a subgraph for entities by reference, as the gateway does. */
  const entities = (subgraph: typeof clusters, selection: string, representations: Record<string, unknown>[]) =>
    subgraph.execute(`query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`, { representations });

  it("resolves known clusters in order and null for an unknown one, in one statement", async () => {
    const before = clusters.statements();
    const result = await entities(clusters, "... on Cluster { id name }", [
      { __typename: "Cluster", id: "lubelska-medycyna" },
      { __typename: "Cluster", id: "no-such-cluster" },
      { __typename: "Cluster", id: "klaster-life-science" },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        { id: "lubelska-medycyna", name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" },
        null,
        { id: "klaster-life-science", name: "Klaster Life Science" },
      ],
    });
    expect(clusters.statements() - before).toBe(1);
  });

  it("adds memberships to organisations it does not own, in one statement for many", async () => {
    const before = clusters.statements();
    const result = await entities(clusters, "... on Organisation { id memberships { roles cluster { id } } }", [
      { __typename: "Organisation", id: "uniwersytet-jagiellonski" },
      { __typename: "Organisation", id: "jagiellonskie-centrum-innowacji" },
    ]);
    expect(result.data).toEqual({
      _entities: [
        { id: "uniwersytet-jagiellonski", memberships: [{ roles: ["INITIATOR"], cluster: { id: "klaster-life-science" } }] },
        { id: "jagiellonskie-centrum-innowacji", memberships: [{ roles: ["COORDINATOR"], cluster: { id: "klaster-life-science" } }] },
      ],
    });
    // One for the memberships of both organisations, one for their clusters.
    expect(clusters.statements() - before).toBe(2);
  });

  it("resolves organisations by reference in the organisations subgraph", async () => {
    const result = await entities(organisations, "__typename ... on Organisation { id }", [{ __typename: "Organisation", id: "pzl-swidnik" }, { __typename: "Organisation", id: "nope" }]);
    expect(result.data).toEqual({ _entities: [{ __typename: "Organisation", id: "pzl-swidnik" }, null] });
  });

  it("answers a batch of two entity types in the order asked, each with its type", async () => {
    const result = await entities(clusters, "__typename ... on Cluster { name } ... on Organisation { id memberships { cluster { id } } }", [
      { __typename: "Organisation", id: "uniwersytet-jagiellonski" },
      { __typename: "Cluster", id: "klaster-life-science" },
      { __typename: "Cluster", id: "klaster-life-science" },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        { __typename: "Organisation", id: "uniwersytet-jagiellonski", memberships: [{ cluster: { id: "klaster-life-science" } }] },
        { __typename: "Cluster", name: "Klaster Life Science" },
        { __typename: "Cluster", name: "Klaster Life Science" },
      ],
    });
  });

  it("reports a reference that fails on that entity alone, and names a type it does not know", async () => {
    // PostgreSQL refuses a NUL byte in text, so that reference is refused as bad input before any lookup.
    const failing = await entities(clusters, "... on Organisation { id } ... on Cluster { id }", [{ __typename: "Organisation", id: "pzl-swidnik" }, { __typename: "Cluster", id: "bad\u0000id" }]);
    expect(failing.data).toEqual({ _entities: [{ id: "pzl-swidnik" }, null] });
    expect(failing.errors?.map(e => e.path)).toEqual([["_entities", 1]]);
    expect(failing.errors?.map(e => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(failing.errors?.[0].extensions?.argument).toBe("id");

    const unknown = await entities(clusters, "__typename", [{ __typename: "Spaceship", id: "x" }]);
    expect(unknown.errors?.[0].message).toContain('"Spaceship"');
  });
});

describe("funding matches of entities the gateway sends with their owners' facts (@requires)", () => {
  let funding: Awaited<ReturnType<typeof subgraphAlone>>;
  beforeAll(async () => void (funding = await subgraphAlone("funding")));
  afterAll(() => funding?.stop());

  it("judges the facts a representation carries, and a representation without them as unknown, never as passed", async () => {
    const result = await funding.execute(
      /* GraphQL */ `query Matches($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Cluster { fundingMatches(asOf: "2015-03-16") { country matches { programme { id } opportunity { id } passed } nearMisses { programme { id } failedRule } } }
        }
      }`,
      {
        representations: [
          { __typename: "Cluster", id: "a-belarusian-cluster", country: "BY", sectors: ["obróbka metali"], sources: [] },
          { __typename: "Cluster", id: "a-cluster-asked-bare" },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const eu4business = "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp";
    const belarus = "wsparcie-rozwoju-gospodarczego-na-poziomie-lokalnym-w-republice-bialorus";
    const silent = [
      { programme: { id: eu4business }, opportunity: { id: "covid-19-biznes-klinika" }, passed: 0 },
      { programme: { id: eu4business }, opportunity: null, passed: 0 },
    ];
    expect(result.data).toEqual({
      _entities: [
        {
          fundingMatches: {
            country: "BY",
            matches: [{ programme: { id: belarus }, opportunity: null, passed: 1 }, ...silent],
            nearMisses: [{ programme: { id: "perspektywa-finansowa-2014-2020" }, failedRule: "COUNTRY" }],
          },
        },
        {
          // No country: COUNTRY is UNKNOWN everywhere; the perspective still passes on its dates (2014-2020).
          fundingMatches: {
            country: null,
            matches: [{ programme: { id: "perspektywa-finansowa-2014-2020" }, opportunity: null, passed: 1 }, ...silent, { programme: { id: belarus }, opportunity: null, passed: 0 }],
            nearMisses: [],
          },
        },
      ],
    });
  });
});

describe("events, one of our subgraphs, and the ranked search", () => {
  let clusters: Awaited<ReturnType<typeof subgraphAlone>>;
  let events: Awaited<ReturnType<typeof subgraphAlone>>;
  beforeAll(async () => void ([clusters, events] = await Promise.all([subgraphAlone("clusters"), subgraphAlone("events")])));
  afterAll(() => Promise.all([clusters?.stop(), events?.stop()]));
  const entities = (subgraph: typeof clusters, selection: string, representations: Record<string, unknown>[]) =>
    subgraph.execute(`query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`, { representations });

  it("adds events to clusters and organisations it does not own, one statement for each relation however many", async () => {
    const before = events.statements();
    const result = await entities(events, "... on Cluster { id events { id } } ... on Organisation { id events { id } }", [
      { __typename: "Cluster", id: "medychnyi-klaster-lvivshchyny" },
      { __typename: "Cluster", id: "lubelska-medycyna" },
      { __typename: "Organisation", id: "podlaska-fundacja-rozwoju-regionalnego" },
      { __typename: "Organisation", id: "giz" },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        {
          id: "medychnyi-klaster-lvivshchyny",
          events: [{ id: "forum-trendy-rynku-v-medychnii-haluzi" }, { id: "prezentatsiia-medychnoho-klasteru-lvivshchyny" }, { id: "zahalni-zbory-medychnoho-klasteru-lvivshchyny" }],
        },
        { id: "lubelska-medycyna", events: [{ id: "inauguracja-klastra-lubelska-medycyna" }] },
        { id: "podlaska-fundacja-rozwoju-regionalnego", events: [{ id: "seminaria-pfrr-homel-pinsk-grodno" }, { id: "seminaria-pfrr-nowopolock-mohylew-kliczew" }] },
        { id: "giz", events: [{ id: "prezentatsiia-medychnoho-klasteru-lvivshchyny" }] },
      ],
    });
    expect(events.statements() - before).toBe(2);
  });

  it("answers the gateway's entity fetch for SearchResults with the events it finds, two searches in one statement", async () => {
    const before = events.statements();
    const result = await entities(events, "... on SearchResults { query events(first: 1) { node { id } matchedName score } }", [
      { __typename: "SearchResults", query: "Гродно" },
      { __typename: "SearchResults", query: "Lubelska Medycyna" },
    ]);
    expect(result.data).toEqual({
      _entities: [
        { query: "Гродно", events: [{ node: { id: "seminaria-pfrr-homel-pinsk-grodno" }, matchedName: "Grodno", score: 1 }] },
        { query: "Lubelska Medycyna", events: [{ node: { id: "inauguracja-klastra-lubelska-medycyna" }, matchedName: "Inauguracja Klastra Lubelska Medycyna", score: 1 }] },
      ],
    });
    expect(events.statements() - before).toBe(1);
  });

  it("merges the hits the gateway hands over with its own clusters by score, ties in the order of types, a missing type left out", async () => {
    const before = clusters.statements();
    const hit = (id: string, score: number) => ({ node: { id }, matchedName: id, score });
    const result = await entities(clusters, "... on SearchResults { ranked(first: 4) { type matchedName score node { __typename ... on Cluster { id name } ... on Organisation { id } ... on Event { id } ... on FundingProgramme { id } } } }", [
      {
        __typename: "SearchResults",
        query: "Lubelska Medycyna",
        organisations: [hit("org-best", 1), hit("org-worse", 0.4)],
        // The partnerships subgraph did not answer.
        partnerships: null,
        programmes: [],
        events: [hit("event-best", 1), hit("event-next", 0.5)],
      },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      _entities: [
        {
          ranked: [
            {
              type: "CLUSTER",
              matchedName: "Lubelska Medycyna",
              score: 1,
              node: { __typename: "Cluster", id: "lubelska-medycyna", name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" },
            },
            { type: "ORGANISATION", matchedName: "org-best", score: 1, node: { __typename: "Organisation", id: "org-best" } },
            { type: "EVENT", matchedName: "event-best", score: 1, node: { __typename: "Event", id: "event-best" } },
            { type: "EVENT", matchedName: "event-next", score: 0.5, node: { __typename: "Event", id: "event-next" } },
          ],
        },
      ],
    });
    // Its own clusters' hits, one statement; the others' came with the representation.
    expect(clusters.statements() - before).toBe(1);
  });
});

describe("the loaders' query", () => {
  it("answers what em.find answers: the same records, columns and order, lazy search columns left out, as unmanaged instances", async () => {
    const clusters = await subgraphAlone("clusters");
    try {
      const ids = ["klaster-life-science", "lubelska-medycyna", "nope"];
      const fast = await findIn(clusters.orm.em.fork(), Membership, "clusterId", ids, { id: "asc" });
      const slow = await clusters.orm.em.fork().find(Membership, { clusterId: { $in: ids } }, { orderBy: { id: "asc" } });
      expect(fast.length).toBeGreaterThan(1);
      expect(fast.map(m => ({ ...m }))).toEqual(slow.map(m => wrap(m).toObject()));
      const em = clusters.orm.em.fork();
      const [cluster] = await findIn(em, Cluster, "id", ["klaster-life-science"]);
      expect(cluster).toBeInstanceOf(Cluster);
      const [found] = await clusters.orm.em.fork().find(Cluster, { id: "klaster-life-science" });
      expect({ ...cluster }).toEqual(wrap(found).toObject());
      // Read, not managed: nothing a read returns can be flushed by a later write in the same request.
      expect(em.getUnitOfWork().getById(Cluster.name, "klaster-life-science")).toBeUndefined();
      expect(await findIn(em, Cluster, "id", [])).toEqual([]);
    } finally {
      await clusters.stop();
    }
  });

  it("reads JSON columns as em.find does (an organisation's identifiers)", async () => {
    const organisations = await subgraphAlone("organisations");
    try {
      const ids = ["pzl-swidnik", "nope"];
      const [fast] = await findIn(organisations.orm.em.fork(), Organisation, "id", ids);
      const [slow] = await organisations.orm.em.fork().find(Organisation, { id: { $in: ids } });
      expect(fast).toBeInstanceOf(Organisation);
      expect({ ...fast }).toEqual(wrap(slow).toObject());
      expect(Array.isArray(fast.identifiers)).toBe(true);
    } finally {
      await organisations.stop();
    }
  });
});
