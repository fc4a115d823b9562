import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { startGateway, startGraph, type RunningGraph } from "../scripts/graph";
import { postQuery, statementsFor, theGraph } from "./helpers/graph";

// The specification's own JSON Schemas (test/fixtures/reconciliation-api-0.2/README.md says where from).
const SCHEMAS = path.join(__dirname, "fixtures/reconciliation-api-0.2");
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
addFormats(ajv);
// The manifest's `authentication` refers to Swagger 2.0, which the schemas do not ship; the service declares none.
ajv.addSchema({ $id: "http://swagger.io/v2/schema.json", definitions: { securityDefinitions: { additionalProperties: {} } } });
// By file name: reconciliation-query-batch.json's `$id` says reconciliation-query.json.
const ids = new Map<string, string>();
for (const file of readdirSync(SCHEMAS).filter(name => name.endsWith(".json"))) {
  // `http://json-schema.org/schema#` names no draft ajv knows; the schemas are draft-07, ajv's own.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(path.join(SCHEMAS, file), "utf8")) as Record<string, unknown>;
  ajv.addSchema(schema);
  ids.set(file.replace(/\.json$/, ""), String(schema.$id));
}
const schema = (name: string): ValidateFunction | undefined => ajv.getSchema(ids.get(name) ?? name);

/** Expects `value` valid against the specification's schema `name`, with ajv's errors as the message when it is not. */
function expectValid(name: string, value: unknown) {
  const validate = schema(name);
  expect(validate, name).toBeTypeOf("function");
  const valid = validate!(value);
  expect(valid, `${name}: ${ajv.errorsText(validate!.errors)}`).toBe(true);
}

const graph = theGraph();
const base = graph.gatewayUrl.replace(/\/graphql$/, "");

/** What OpenRefine sends: a form with one field, `queries` or `extend`, holding JSON. */
const postForm = (fields: Record<string, unknown>, url = `${base}/reconcile`) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, JSON.stringify(value)]))).toString(),
  });
const get = (pathAndQuery: string) => fetch(`${base}${pathAndQuery}`);

const LVIV_CLUSTER = "medychnyi-klaster-lvivshchyny";

describe("an analyst reconciling a spreadsheet from OpenRefine", () => {
  it("finds the service: a manifest valid against the specification's schema, readable from any origin", async () => {
    const answer = await get("/reconcile");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    const manifest = await answer.json();
    expectValid("manifest", manifest);
    expect(manifest).toMatchObject({
      versions: ["0.2"],
      defaultTypes: [
        { id: "Cluster", name: "Cluster" },
        { id: "Organisation", name: "Organisation" },
      ],
      preview: { url: `${base}/reconcile/preview?id={{id}}` },
      extend: { propose_properties: { service_url: base, service_path: "/reconcile/properties/propose" } },
    });
  });

  it("refuses JSONP with its code and says why, rather than answering a script", async () => {
    const answer = await get("/reconcile?callback=steal");
    expect(answer.status).toBe(400);
    expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await answer.json()).errors[0].extensions.code).toBe("JSONP_NOT_SUPPORTED");
  });

  it("matches the Lviv medical cluster, which article 000 never names, from the Polish and English spellings of a spreadsheet", async () => {
    const queries = {
      q0: { query: "Lwowski klaster medyczny", type: "Cluster" },
      q1: { query: "Lviv region medical cluster", type: "Cluster", properties: [{ pid: "country", v: "Ukraine" }] },
      q2: { query: "lwowski Klaster Medyczny", properties: [{ pid: "city", v: "Lwów" }] },
      q3: { query: "Medyczny klaster Lwów", type: "Cluster", limit: 3 },
      q4: { query: "Lviv medical cluster", type: "Cluster" },
    };
    expectValid("reconciliation-query-batch", queries);
    const answer = await postForm({ queries });
    expect(answer.status).toBe(200);
    const results = await answer.json();
    expectValid("reconciliation-result-batch", results);
    expect(Object.keys(results)).toEqual(["q0", "q1", "q2", "q3", "q4"]);
    // The words in another order are the same name to the trigram comparison.
    for (const key of ["q0", "q1", "q2", "q3"]) {
      expect(results[key].result[0], key).toMatchObject({ id: LVIV_CLUSTER, name: "Медичний кластер Львівщини", match: true, score: 100, type: [{ id: "Cluster", name: "Cluster" }] });
    }
    expect(results.q1.result[0].features).toContainEqual({ id: "country_match", value: true });
    expect(results.q2.result[0].features).toContainEqual({ id: "city_match", value: true });
    expect(results.q3.result.length).toBeLessThanOrEqual(3);
    // A shorter English name is the first candidate, scored below a certain match.
    expect(results.q4.result[0]).toMatchObject({ id: LVIV_CLUSTER, match: false });
    expect(results.q4.result[0].score).toBeLessThan(90);
  });

  it("takes the queries as JSON too, and as GET, with the same answer", async () => {
    const queries = { a: { query: "Lubelska Medycyna", type: ["Cluster"] } };
    const asJson = await (await fetch(`${base}/reconcile`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ queries }) })).json();
    const asGet = await (await get(`/reconcile?queries=${encodeURIComponent(JSON.stringify(queries))}`)).json();
    expectValid("reconciliation-result-batch", asJson);
    expect(asJson.a.result[0]).toMatchObject({ id: "lubelska-medycyna", match: true });
    expect(asGet).toEqual(asJson);
  });

  it("keeps a candidate whose country differs from the spreadsheet's, scored lower and never a match", async () => {
    const results = await (await postForm({ queries: { q0: { query: "Lubelska Medycyna", type: "Cluster", properties: [{ pid: "country", v: "UA" }] } } })).json();
    expectValid("reconciliation-result-batch", results);
    expect(results.q0.result[0]).toMatchObject({ id: "lubelska-medycyna", match: false });
    expect(results.q0.result[0].score).toBeLessThanOrEqual(50);
    expect(results.q0.result[0].features).toContainEqual({ id: "country_match", value: false });
  });

  it("does not take a city's name for a cluster's: `Lviv` alone finds the cluster, but as no match", async () => {
    const results = await (await postForm({ queries: { q0: { query: "Lviv", type: "Cluster" } } })).json();
    expect(results.q0.result[0]).toMatchObject({ id: LVIV_CLUSTER, match: false });
    expect(results.q0.result[0].features).toContainEqual({ id: "name_is_place", value: true });
  });

  it("answers an empty result for a cell with no letter or digit, and an empty batch with an empty object", async () => {
    const results = await (await postForm({ queries: { q0: { query: "—", type: "Organisation" } } })).json();
    expect(results).toEqual({ q0: { result: [] } });
    expect(await (await postForm({ queries: {} })).json()).toEqual({});
  });

  it("previews a candidate as a small page without scripts, which OpenRefine may frame", async () => {
    const answer = await get(`/reconcile/preview?id=${LVIV_CLUSTER}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(answer.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(answer.headers.get("x-frame-options")).toBeNull();
    const page = await answer.text();
    expect(page).toContain("<h1>Медичний кластер Львівщини</h1>");
    expect(page).toContain("Lwowski klaster medyczny (pl)");
    expect(page).not.toMatch(/<script/i);
    const missing = await get("/reconcile/preview?id=no-such-record");
    expect(missing.status).toBe(404);
    expect((await missing.json()).errors[0].extensions.code).toBe("NOT_FOUND");
  });

  it("suggests entities, types and properties as the specification's schemas say", async () => {
    const entities = await (await get("/reconcile/suggest/entity?prefix=Lubelsk")).json();
    expectValid("suggest-entities-response", entities);
    expect(entities.result.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining(["lubelska-medycyna", "lubelski-klaster-lotniczy"]));
    expect(entities.result[0].notable[0]).toHaveProperty("id");
    const clustersOnly = await (await get("/reconcile/suggest/entity?prefix=Lubelsk&type=Organisation")).json();
    expect(clustersOnly.result.every((e: { notable: { id: string }[] }) => e.notable[0].id === "Organisation")).toBe(true);
    const types = await (await get("/reconcile/suggest/type?prefix=clu")).json();
    expectValid("suggest-types-response", types);
    expect(types.result.map((t: { id: string }) => t.id)).toEqual(["Cluster"]);
    const properties = await (await get("/reconcile/suggest/property?prefix=ident&type=Organisation")).json();
    expectValid("suggest-properties-response", properties);
    expect(properties.result.map((p: { id: string }) => p.id)).toContain("identifier.KRS");
    expect((await (await get("/reconcile/suggest/entity?prefix=")).json()).result).toEqual([]);
  });

  it("proposes properties for a type, and extends reconciled rows with their values, members as entities", async () => {
    const proposed = await (await get("/reconcile/properties/propose?type=Cluster")).json();
    // 0.2 publishes no schema for this answer; its section "Property proposals" gives the shape.
    expect(proposed).toMatchObject({ type: "Cluster", properties: expect.arrayContaining([{ id: "country", name: "Country" }, { id: "members", name: "Member organisations" }]) });
    const extend = { ids: ["lubelska-medycyna", "no-such-record"], properties: [{ id: "country" }, { id: "foundedYear" }, { id: "members" }, { id: "kind" }] };
    expectValid("data-extension-query", extend);
    const answer = await postForm({ extend });
    expect(answer.status).toBe(200);
    const extended = await answer.json();
    expectValid("data-extension-response", extended);
    expect(extended.meta).toEqual([
      { id: "country", name: "Country" },
      { id: "foundedYear", name: "Founded (year)" },
      { id: "members", name: "Member organisations", type: { id: "Organisation", name: "Organisation" } },
      { id: "kind", name: "Kind of organisation" },
    ]);
    expect(extended.rows["lubelska-medycyna"]).toMatchObject({ country: [{ str: "PL" }], foundedYear: [{ int: 2014 }], kind: [] });
    expect(extended.rows["lubelska-medycyna"].members).toContainEqual({ id: "uniwersytet-medyczny-w-lublinie", name: "Uniwersytet Medyczny w Lublinie" });
    expect(extended.rows["no-such-record"]).toEqual({ country: [], foundedYear: [], members: [], kind: [] });
  });
});

describe("the rate limit, which a batch of queries pays query by query", () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    // A gateway of its own in front of the shared subgraphs, with 12 requests a minute from one address.
    gateway = await startGateway({ subgraphUrls: graph.subgraphUrls, env: { GATEWAY_SECRET: inject("gatewaySecret"), RATE_LIMIT_PER_ADDRESS: "12", GATEWAY_PUBLIC_URL: "https://hub.example.org/" } });
  });
  afterAll(() => gateway?.stop());

  it("counts each query of a batch as a request: a second batch of ten within the minute gets 429 with Retry-After, and nothing runs", async () => {
    const at = gateway.url.replace(/\/graphql$/, "");
    const manifest = await (await fetch(`${at}/reconcile`)).json();
    // Behind a proxy, the manifest names the address its clients reach, not the Host header.
    expect(manifest.preview.url).toBe("https://hub.example.org/reconcile/preview?id={{id}}");
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`q${i}`, { query: "Lubelska Medycyna", type: "Cluster" }]));
    const first = await postForm({ queries: ten }, `${at}/reconcile`);
    expect(first.status).toBe(200);
    const second = await postForm({ queries: ten }, `${at}/reconcile`);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await second.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
  });
});

describe("looking organisations up by registry identifier", () => {
  it("answers null for an identifier no organisation carries (the sample articles give none), and several lookups cost one statement", async () => {
    const query = /* GraphQL */ `
      query ThreeIdentifiers {
        krs: organisationByIdentifier(scheme: KRS, value: "0000012345") { id }
        ror: organisationByIdentifier(scheme: ROR, value: "https://ror.org/03vek6s52") { id }
        wikidata: organisationByIdentifier(scheme: WIKIDATA, value: "Q42") { id }
      }
    `;
    expect(await graph.data(query)).toEqual({ krs: null, ror: null, wikidata: null });
    expect((await statementsFor(graph, query)).organisations).toBe(1);
  });
});

// A partner's write would change what other stories find, so this runs on a graph of its own, on databases of its own.
describe("an organisation's registry identifier, written by a partner and looked up", () => {
  const serverUrl = () => {
    const url = new URL(inject("graph").postgresUrl);
    url.pathname = "/reconcileids";
    return url.toString();
  };
  let running: RunningGraph;
  let key: string;
  const source = { title: "Rejestr", document: "rejestr.pdf", publishedOn: "2025-01-01", language: "pl" };

  beforeAll(async () => {
    running = await startGraph({ databaseUrl: serverUrl(), ports: "ephemeral", sampleData: "off", logLevel: "fatal", gatewaySecret: inject("gatewaySecret") });
    const store = await openPartnerStore(subgraphDatabaseUrl(serverUrl(), "gateway"));
    ({ key } = await createPartner(store.em.fork(), { name: "Registry", id: `registry-${randomUUID().slice(0, 8)}` }));
    await store.close();
  });
  afterAll(() => running?.stop());

  const write = (query: string, variables: Record<string, unknown>) => postQuery(running.gatewayUrl, query, variables, { authorization: `Bearer ${key}` });

  it("keeps the identifiers a partner adds, in their compact form, and finds the organisation by them until one is retracted", async () => {
    const created = await write(`mutation Create($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id version identifiers { scheme value } } }`, {
      input: { id: "fundacja-testowa", name: "Fundacja Testowa", kind: "NGO", country: "PL", city: "Lublin", source },
    });
    expect(created.data).toEqual({ createOrganisation: { id: "fundacja-testowa", version: 1, identifiers: [] } });
    const add = `mutation Identify($id: ID!, $version: Int!, $input: AddOrganisationIdentifierInput!) {
      addOrganisationIdentifier(organisationId: $id, expectedVersion: $version, input: $input) { version identifiers { id scheme value } }
    }`;
    const nip = await write(add, { id: "fundacja-testowa", version: 1, input: { scheme: "NIP", value: "PL 123-456-32-18", source } });
    expect(nip.errors).toBeUndefined();
    const wikidata = await write(add, { id: "fundacja-testowa", version: 2, input: { scheme: "WIKIDATA", value: "https://www.wikidata.org/wiki/Q42", source } });
    expect(wikidata.data.addOrganisationIdentifier.identifiers).toEqual([
      { id: "1", scheme: "NIP", value: "1234563218" },
      { id: "2", scheme: "WIKIDATA", value: "Q42" },
    ]);

    const lookUp = `query ByIdentifier($scheme: IdentifierScheme!, $value: String!) { organisationByIdentifier(scheme: $scheme, value: $value) { id name } }`;
    expect((await postQuery(running.gatewayUrl, lookUp, { scheme: "NIP", value: "123-456-32-18" })).data).toEqual({ organisationByIdentifier: { id: "fundacja-testowa", name: "Fundacja Testowa" } });
    expect((await postQuery(running.gatewayUrl, lookUp, { scheme: "REGON", value: "123456785" })).data).toEqual({ organisationByIdentifier: null });
    const bad = await postQuery(running.gatewayUrl, lookUp, { scheme: "NIP", value: "123-456-32-19" });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "value" });

    // A third identifier, added and then retracted, no longer finds the organisation; the other two still do.
    const krs = await write(add, { id: "fundacja-testowa", version: 3, input: { scheme: "KRS", value: "0000012345", source } });
    expect(krs.errors).toBeUndefined();
    const retracted = await write(
      `mutation Retract($id: ID!) { retractOrganisationIdentifier(organisationId: $id, id: "3", expectedVersion: 4, reason: "Another foundation's number") { version } }`,
      { id: "fundacja-testowa" },
    );
    expect(retracted.errors).toBeUndefined();
    expect((await postQuery(running.gatewayUrl, lookUp, { scheme: "KRS", value: "0000012345" })).data).toEqual({ organisationByIdentifier: null });
  });

  it("refuses an identifier whose format or check digit is wrong, naming the field", async () => {
    const created = await write(`mutation Create($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id version } }`, {
      input: { id: "fundacja-druga", name: "Fundacja Druga", kind: "NGO", country: "PL", source },
    });
    expect(created.errors).toBeUndefined();
    const refused = await write(
      `mutation Identify($input: AddOrganisationIdentifierInput!) { addOrganisationIdentifier(organisationId: "fundacja-druga", expectedVersion: 1, input: $input) { id } }`,
      { input: { scheme: "KRS", value: "12345", source } },
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "value" });
    // An update naming only a value is checked against the identifier's own scheme.
    const first = await write(
      `mutation Identify($input: AddOrganisationIdentifierInput!) { addOrganisationIdentifier(organisationId: "fundacja-druga", expectedVersion: 1, input: $input) { version } }`,
      { input: { scheme: "NIP", value: "1234563218", source } },
    );
    expect(first.errors).toBeUndefined();
    const changed = await write(
      `mutation Change($input: UpdateOrganisationIdentifierInput!) { updateOrganisationIdentifier(organisationId: "fundacja-druga", id: "1", expectedVersion: 2, input: $input) { version } }`,
      { input: { value: "1234563219", source } },
    );
    expect(changed.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "value" });
  });

  it("reconciles a spreadsheet row by its NIP alone, as a match, whatever the name column says", async () => {
    const queries = { q0: { query: "Fundacja T.", type: "Organisation", properties: [{ pid: "identifier", v: "NIP: 123-456-32-18" }] }, q1: { properties: [{ pid: "identifier.WIKIDATA", v: "Q42" }] } };
    expectValid("reconciliation-query-batch", queries);
    const answer = await fetch(`${running.gatewayUrl.replace(/\/graphql$/, "")}/reconcile`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ queries: JSON.stringify(queries) }).toString(),
    });
    const results = await answer.json();
    expectValid("reconciliation-result-batch", results);
    expect(results.q0.result[0]).toMatchObject({ id: "fundacja-testowa", match: true, score: 100, features: [{ id: "identifier_match", value: true }] });
    expect(results.q1.result).toEqual([expect.objectContaining({ id: "fundacja-testowa", match: true })]);
  });
});
