import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { buildSubgraphSchema } from "@apollo/subgraph";
import express from "express";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { checkSubgraph } from "../scripts/subgraph-check";
import { postQuery } from "./helpers/graph";

/** A partner subgraph whose `Cluster.name` is an Int: it cannot compose with a graph where it is a String. */
const BROKEN_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Cluster @key(fields: "id") { id: ID! name: Int }
  type Query { brokenField: Int }
`;

/**
 * A partner's own subgraph, written outside this repository: it adds a note to every cluster. (The events subgraph was
 * the worked example until it became one of ours; `npm run subgraph:new` writes one in the house shape, see
 * test/subgraph-new.int.test.ts.)
 */
const NOTES_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  "A cluster, owned by the clusters subgraph."
  type Cluster @key(fields: "id") {
    "Stable identifier, shared with every subgraph."
    id: ID!
    "The partner's note on the cluster."
    partnerNote: String
  }
  type Query {
    "How many notes the partner keeps."
    partnerNoteCount: Int
  }
`;
const NOTES_RESOLVERS = {
  Query: { partnerNoteCount: () => 1 },
  Cluster: { __resolveReference: (ref: { id: string }) => ref, partnerNote: (cluster: { id: string }) => `Noted: ${cluster.id}` },
};

async function startPartnerSubgraph(sdl: string, resolvers: object = {}) {
  const app = express();
  const httpServer = http.createServer(app);
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never }) });
  await server.start();
  app.use("/graphql", express.json(), expressMiddleware(server));
  await new Promise<void>(resolve => httpServer.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`,
    stop: async () => {
      await server.stop();
      httpServer.close();
    },
  };
}

const waitFor = async <T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error("timed out");
};

const ROOT_FIELDS = /* GraphQL */ `query RootFields { __schema { queryType { fields { name } } } }`;
const rootFields = async (url: string) =>
  ((await postQuery(url, ROOT_FIELDS)).data?.__schema.queryType.fields as { name: string }[]).map(f => f.name).sort();

describe("a partner adds a subgraph through subgraphs.json", () => {
  let graph: RunningGraph;
  let dir: string;
  let file: string;
  let notes: Awaited<ReturnType<typeof startPartnerSubgraph>>;
  let broken: Awaited<ReturnType<typeof startPartnerSubgraph>>;
  const secret = inject("gatewaySecret");

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "clusterhub-subgraphs-"));
    file = path.join(dir, "subgraphs.json");
    await writeFile(file, await readFile(path.resolve(__dirname, "../subgraphs.json"), "utf8"));
    const serverUrl = new URL(inject("graph").postgresUrl);
    serverUrl.pathname = "/reloadhub";
    graph = await startGraph({
      databaseUrl: serverUrl.toString(),
      ports: "ephemeral",
      sampleData: "on",
      logLevel: "fatal",
      gatewaySecret: secret,
      supergraphSource: "config",
      subgraphsPath: file,
      subgraphsPollMs: 100,
    });
    notes = await startPartnerSubgraph(NOTES_SDL, NOTES_RESOLVERS);
    broken = await startPartnerSubgraph(BROKEN_SDL);
  });
  afterAll(async () => {
    await notes?.stop();
    await broken?.stop();
    await graph?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const withSubgraphs = async (extra: { name: string; url: string }[]) => {
    const config = JSON.parse(await readFile(path.resolve(__dirname, "../subgraphs.json"), "utf8"));
    config.subgraphs.push(...extra);
    await writeFile(file, JSON.stringify(config, null, 2));
  };

  it("has the check report a subgraph that breaks composition, and one that composes without breaking anything", async () => {
    const bad = await checkSubgraph({ name: "broken", url: broken.url, sdl: BROKEN_SDL, secret });
    expect(bad.compositionErrors.join("\n")).toMatch(/Cluster\.name/);
    const good = await checkSubgraph({ name: "notes", url: notes.url, sdl: NOTES_SDL, secret });
    expect(good.compositionErrors).toEqual([]);
    expect(good.breaking).toEqual([]);
    expect(good.changes.map(c => c.message)).toContain("Field 'partnerNote' was added to object type 'Cluster'");
  });

  it("keeps serving the last good graph when the file names a subgraph that breaks composition", async () => {
    const before = await rootFields(graph.gatewayUrl);
    await withSubgraphs([{ name: "broken", url: broken.url }]);
    // Give the gateway several polls to read the file and try to compose.
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(await rootFields(graph.gatewayUrl)).toEqual(before);
    const answer = await postQuery(graph.gatewayUrl, `query Names { cluster(id: "lubelska-medycyna") { name } }`);
    expect(answer.data).toEqual({ cluster: { name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" } });
  });

  it("serves the partner's subgraph once the file names it, without a restart of the gateway", async () => {
    await withSubgraphs([{ name: "notes", url: notes.url }]);
    const data = await waitFor(async () => {
      const answer = await postQuery(graph.gatewayUrl, `query Noted { partnerNoteCount cluster(id: "lubelska-medycyna") { name partnerNote } }`);
      return answer.errors ? undefined : answer.data;
    });
    expect(data).toEqual({
      partnerNoteCount: 1,
      cluster: { name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych", partnerNote: "Noted: lubelska-medycyna" },
    });
  });

  it("serves the events subgraph, ours, composed from the same file", async () => {
    const data = (
      await postQuery(graph.gatewayUrl, /* GraphQL */ `
        query LubelskaEvents { cluster(id: "lubelska-medycyna") { name events { title kind date dateAsWritten places sources { fileName } } } }
      `)
    ).data;
    expect(data).toEqual({
      cluster: {
        name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych",
        events: [
          {
            title: "Inauguracja Klastra Lubelska Medycyna",
            kind: "INAUGURATION",
            date: "2015-02",
            dateAsWritten: "Pod końcem lutego 2015 roku",
            places: ["Trybunał Koronny Miasta Lublina"],
            sources: [{ fileName: "001_f7e77101c763c025.txt" }],
          },
        ],
      },
    });
    const pfrr = await postQuery(graph.gatewayUrl, /* GraphQL */ `
      query PfrrEvents { organisation(id: "podlaska-fundacja-rozwoju-regionalnego") { name events { id status places } } }
    `);
    expect(pfrr.data.organisation.events).toEqual([
      { id: "seminaria-pfrr-homel-pinsk-grodno", status: "PLANNED", places: ["Homel", "Pińsk", "Grodno"] },
      { id: "seminaria-pfrr-nowopolock-mohylew-kliczew", status: "HELD", places: ["Nowopołock", "Mohylew", "Kliczew"] },
    ]);
  });

  it("prices the events subgraph's lists by the size its SDL declares (@listSize(assumedSize: 20) on Cluster.events), which it does not measure", async () => {
    const query = /* GraphQL */ `query EventsDeep { clusters(first: 100) { nodes { events { organisers { events { clusters { events { id } } } } } } } }`;
    const refused = await waitFor(async () => {
      const answer = await postQuery(graph.gatewayUrl, query);
      return answer.errors?.[0].extensions?.code === "COST_LIMIT_EXCEEDED" ? answer : undefined;
    });
    // 8 clusters (measured) × 20 events (declared) × 5 organisers (no size known: COST_LIST_SIZE) × 20 × 5 × 20.
    expect(refused.errors![0].message).toContain("clusters.nodes.events.organisers.events.clusters.events (20 per parent)");
    // Each field 1, plus its list's size times what is under it: clusters(nodes(events(organisers(events(clusters(events(id))))))).
    expect(refused.errors![0].extensions?.cost).toBe(1 + 8 * (1 + (1 + 20 * (1 + 5 * (1 + 20 * (1 + 5 * (1 + 20 * 1)))))));
  });

  it("lists the events a page at a time, by id, narrowed by kind and country", async () => {
    const LIST = /* GraphQL */ `
      query EventLists($after: String) {
        seminars: events(filter: { kind: SEMINAR, country: BY }) { totalCount nodes { id } }
        polish: events(filter: { country: PL }, first: 1, after: $after) { totalCount nodes { id } pageInfo { hasNextPage } }
      }
    `;
    const first = await postQuery(graph.gatewayUrl, LIST);
    expect(first.data).toEqual({
      seminars: { totalCount: 2, nodes: [{ id: "seminaria-pfrr-homel-pinsk-grodno" }, { id: "seminaria-pfrr-nowopolock-mohylew-kliczew" }] },
      polish: { totalCount: 2, nodes: [{ id: "inauguracja-klastra-lubelska-medycyna" }], pageInfo: { hasNextPage: true } },
    });
    const cursor = await postQuery(graph.gatewayUrl, `query PolishEvents { events(filter: { country: PL }, first: 1) { pageInfo { endCursor } } }`);
    const next = await postQuery(graph.gatewayUrl, LIST, { after: cursor.data.events.pageInfo.endCursor });
    expect(next.data.polish).toEqual({ totalCount: 2, nodes: [{ id: "wizyta-studyjna-delegacji-bialoruskiej" }], pageInfo: { hasNextPage: false } });
  });

  it("takes a partner's writes to the events subgraph through the gateway, with the caller the gateway vouched for", async () => {
    const store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    const { partner, key } = await createPartner(store.em.fork(), { name: "Podlaska Fundacja Rozwoju Regionalnego", id: "pfrr" }).finally(() => store.close());
    const CREATE = /* GraphQL */ `
      mutation CreateEvent($input: CreateEventInput!) { createEvent(input: $input) { id ownerId clusters { name } } }
    `;
    const input = {
      id: "seminarium-testowe",
      title: "Seminarium",
      kind: "SEMINAR",
      status: "PLANNED",
      clusterIds: ["klaster-obrobki-metali"],
      source: { title: "Plan", document: "plan.pdf", publishedOn: "2025", language: "pl" },
    };
    const anonymous = await postQuery(graph.gatewayUrl, CREATE, { input });
    expect(anonymous.errors?.map(e => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    const created = await postQuery(graph.gatewayUrl, CREATE, { input }, { authorization: `Bearer ${key}` });
    expect(created.data).toEqual({ createEvent: { id: "seminarium-testowe", ownerId: partner.id, clusters: [{ name: "Klaster Obróbki Metali" }] } });
  });
});
