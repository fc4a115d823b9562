import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { postQuery, theGraph, type GraphQLResponse } from "./helpers/graph";

const graph = theGraph();

/** The answer refuses the request with `code`, naming `argument` when given, and says nothing internal. */
function expectRefused(answer: GraphQLResponse, code: string, argument?: string) {
  const codes = answer.errors?.map(e => e.extensions?.code);
  expect(codes, JSON.stringify(answer.errors)).not.toContain("INTERNAL_SERVER_ERROR");
  expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code, ...(argument && { argument }) }));
  expect(answer.status).toBeLessThan(500);
}

const forged = (content: unknown) => Buffer.from(`v2:${JSON.stringify(content)}`, "utf8").toString("base64url");

describe("a client sending text PostgreSQL or UTF-8 cannot hold", () => {
  const BAD_TEXT = { "a NUL byte": "lub\u0000elska", "a lone high surrogate": "lub\ud800elska", "a lone low surrogate": "\udc00" };

  for (const [what, text] of Object.entries(BAD_TEXT)) {
    it(`refuses ${what} in a filter, a search, an id and a cursor with BAD_USER_INPUT naming it`, async () => {
      const filter = await graph.query(`query F($f: ClusterFilter) { clusters(filter: $f) { totalCount } }`, { f: { sector: text } });
      expectRefused(filter, "BAD_USER_INPUT", "filter.sector");
      const listSearch = await graph.query(`query F($f: ClusterFilter) { clusters(filter: $f) { totalCount } }`, { f: { search: text } });
      expectRefused(listSearch, "BAD_USER_INPUT", "filter.search");
      const search = await graph.query(`query S($q: String!) { search(query: $q) { clusters { score } } }`, { q: text });
      expectRefused(search, "BAD_USER_INPUT", "query");
      const byId = await graph.query(`query C($id: ID!) { cluster(id: $id) { name } }`, { id: text });
      expectRefused(byId, "BAD_USER_INPUT", "id");
      const nested = await graph.query(`query O($id: ID!) { organisation(id: $id) { name } }`, { id: text });
      expectRefused(nested, "BAD_USER_INPUT", "id");
      const cursor = await graph.query(`query P($after: String) { clusters(after: $after, orderBy: { field: NAME }) { totalCount } }`, {
        after: forged(["NAME:ASC", text, text]),
      });
      expectRefused(cursor, "BAD_USER_INPUT", "after");
    });
  }

  it("refuses a NUL byte written in the query itself, naming the argument", async () => {
    const answer = await graph.query(`{ cluster(id: "bad\\u0000id") { name } }`);
    expectRefused(answer, "BAD_USER_INPUT", "id");
  });
});

describe("a client forging cursors", () => {
  it("refuses a well-formed cursor whose sort value is text under an integer sort, naming `after`", async () => {
    for (const [field, direction] of [
      ["LATEST_MEMBER_COUNT", "DESC"],
      ["FOUNDED_YEAR", "ASC"],
    ]) {
      const answer = await graph.query(`query P($after: String) { clusters(after: $after, orderBy: { field: ${field}, direction: ${direction} }) { totalCount nodes { id } } }`, {
        after: forged([`${field}:${direction}`, "not a number", "lubelska-medycyna"]),
      });
      expectRefused(answer, "BAD_USER_INPUT", "after");
    }
  });

  it("refuses a sort value outside what the sort can hold, or of the wrong kind, naming `after`", async () => {
    for (const [order, value] of [
      ["FOUNDED_YEAR:ASC", 1e12],
      ["FOUNDED_YEAR:ASC", 1.5],
      ["NAME:ASC", 42],
      ["NAME:ASC", { nested: true }],
    ] as const) {
      const field = order.split(":")[0];
      const answer = await graph.query(`query P($after: String) { clusters(after: $after, orderBy: { field: ${field} }) { totalCount } }`, {
        after: forged([order, value, "lubelska-medycyna"]),
      });
      expectRefused(answer, "BAD_USER_INPUT", "after");
    }
  });

  it("still pages with the cursors it issued under an integer sort", async () => {
    const query = `query P($after: String) { clusters(first: 2, after: $after, orderBy: { field: LATEST_MEMBER_COUNT, direction: DESC }) { nodes { id } pageInfo { endCursor } } }`;
    const first = await graph.data(query);
    const second = await graph.data(query, { after: first.clusters.pageInfo.endCursor });
    expect(second.clusters.nodes).toHaveLength(2);
    expect(second.clusters.nodes).not.toContainEqual(first.clusters.nodes[0]);
  });
});

describe("a client sending malformed requests to the gateway", () => {
  const send = (body: unknown) =>
    fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) }).then(
      async response => ({ status: response.status, ...((await response.json()) as object) }) as GraphQLResponse,
    );

  it("refuses variables nested 5,000 deep with 400 and a code, and keeps serving", async () => {
    // Written as text: JSON.stringify itself overflows the stack on such a value.
    const deep = `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`;
    const query = JSON.stringify(`query Q($f: ClusterFilter) { clusters(filter: $f) { totalCount } }`);
    for (const variables of [`{"f":{"sector":"x"},"unused":${deep}}`, `{"f":${deep}}`]) {
      const answer = await send(`{"query":${query},"variables":${variables}}`);
      expect(answer.status).toBe(400);
      expectRefused(answer, "VARIABLES_DEPTH_LIMIT_EXCEEDED");
    }
    expect((await graph.query(`{ clusters(first: 1) { totalCount } }`)).errors).toBeUndefined();
  });

  it("refuses an operationName that names no operation of the document with 400", async () => {
    for (const query of [`query A { clusters(first: 1) { totalCount } }`, `query A { clusters(first: 1) { totalCount } } query B { clusters(first: 2) { totalCount } }`]) {
      const answer = await send({ query, operationName: "Missing" });
      expect(answer.status).toBe(400);
      expectRefused(answer, "OPERATION_RESOLUTION_FAILURE");
    }
  });

  it("refuses a page size out of range, an unknown enum value and a variable of the wrong type, never with an internal error", async () => {
    const list = `query L($first: Int!, $order: ClusterOrderField!) { clusters(first: $first, orderBy: { field: $order }) { totalCount } }`;
    for (const first of [-1, 0, 101, 2 ** 31 - 1]) expectRefused(await graph.query(list, { first, order: "NAME" }), "BAD_USER_INPUT", "first");
    for (const variables of [
      { first: 2 ** 40, order: "NAME" },
      { first: "ten", order: "NAME" },
      { first: 1.5, order: "NAME" },
      { first: 1, order: "SHOE_SIZE" },
      { first: 1, order: ["NAME"] },
    ]) {
      expectRefused(await graph.query(list, variables), "BAD_USER_INPUT");
    }
  });

  it("refuses a filter, a search and an id of 90,000 characters naming them, and a megabyte with 413", async () => {
    const long = "lubelska ".repeat(10_000);
    const filter = await graph.query(`query F($f: ClusterFilter) { clusters(filter: $f) { totalCount } }`, { f: { sector: long } });
    expectRefused(filter, "BAD_USER_INPUT", "filter.sector");
    const search = await graph.query(`query F($f: ClusterFilter) { clusters(filter: $f) { totalCount } }`, { f: { search: long } });
    expectRefused(search, "BAD_USER_INPUT", "filter.search");
    const everywhere = await graph.query(`query S($q: String!) { search(query: $q) { clusters { score } } }`, { q: long });
    expectRefused(everywhere, "BAD_USER_INPUT", "query");
    const id = await graph.query(`query C($id: ID!) { cluster(id: $id) { name } }`, { id: "x".repeat(90_000) });
    expectRefused(id, "BAD_USER_INPUT", "id");
    // A megabyte does not get past the gateway's body limit.
    const megabyte = await graph.query(`query F($f: ClusterFilter) { clusters(filter: $f) { totalCount } }`, { f: { search: "x".repeat(2 ** 20) } });
    expect(megabyte.status).toBe(413);
    expectRefused(megabyte, "BODY_TOO_LARGE");
  });
});

// Writes change what other stories count: these run on a graph of their own, on databases of their own.
describe("partners writing hostile input", () => {
  const serverUrl = () => {
    const url = new URL(inject("graph").postgresUrl);
    url.pathname = "/hostilehub";
    return url.toString();
  };
  let running: RunningGraph;
  let store: MikroORM;
  let key: string;
  const source = { title: "Sprawozdanie 2024", document: "sprawozdanie-2024.pdf", publishedOn: "2025-03-31", language: "pl" };
  const CREATE = /* GraphQL */ `
    mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }
  `;
  const asPartner = (query: string, variables: Record<string, unknown>) => postQuery(running.gatewayUrl, query, variables, { authorization: `Bearer ${key}` });

  beforeAll(async () => {
    running = await startGraph({ databaseUrl: serverUrl(), ports: "ephemeral", sampleData: "on", logLevel: "fatal", gatewaySecret: inject("gatewaySecret") });
    store = await openPartnerStore(subgraphDatabaseUrl(serverUrl(), "gateway"));
    key = (await createPartner(store.em.fork(), { name: "Hostile", id: `hostile-${randomUUID().slice(0, 8)}` })).key;
  });
  afterAll(async () => {
    await store?.close();
    await running?.stop();
  });

  it("refuses a NUL byte or a lone surrogate in a write's fields, naming the field", async () => {
    for (const [field, value] of [
      ["name", "Fundacja\u0000"],
      ["city", "\ud800Lublin"],
      ["aliases", ["ok", "F\u0000"]],
      ["source.title", "\udfff"],
    ] as const) {
      const input: Record<string, unknown> = { id: `fundacja-${randomUUID()}`, name: "Fundacja Testowa", kind: "NGO", country: "PL", source: { ...source } };
      if (field === "source.title") (input.source as Record<string, unknown>).title = value;
      else input[field] = value;
      expectRefused(await asPartner(CREATE, { input }), "BAD_USER_INPUT", field === "aliases" ? "input.aliases.1" : `input.${field}`);
    }
  });

  it("creates one record of six concurrent creates with the same id, and answers CONFLICT to the other five", async () => {
    // Once the gateway knows what this mutation fetches, it lets the six run at once (gateway/admission.ts FirstRuns).
    expect((await asPartner(CREATE, { input: { id: `fundacja-${randomUUID()}`, name: "Fundacja", kind: "NGO", source } })).errors).toBeUndefined();
    for (let round = 0; round < 3; round++) {
      const id = `fundacja-${randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => asPartner(CREATE, { input: { id, name: `Fundacja ${i}`, kind: "NGO", country: "PL", source } })),
      );
      const created = answers.filter(answer => !answer.errors);
      expect(created).toHaveLength(1);
      expect(created[0].data).toEqual({ createOrganisation: { id } });
      const codes = answers.flatMap(answer => answer.errors?.map(e => e.extensions?.code) ?? []);
      expect(codes).toEqual(Array(5).fill("CONFLICT"));
      const read = await asPartner(`query O($id: ID!) { organisation(id: $id) { id changes { action } } }`, { id });
      expect(read.data).toEqual({ organisation: { id, changes: [{ action: "CREATE" }] } });
    }
  });

  it("creates every one of six concurrent creates with different ids", async () => {
    const ids = Array.from({ length: 6 }, () => `fundacja-${randomUUID()}`);
    const answers = await Promise.all(ids.map(id => asPartner(CREATE, { input: { id, name: "Fundacja", kind: "NGO", country: "PL", source } })));
    expect(answers.map(answer => answer.errors)).toEqual(Array(6).fill(undefined));
  });
});
