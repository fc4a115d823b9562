import { createHash, randomUUID } from "node:crypto";
import { DOMParser } from "@xmldom/xmldom";
import fc from "fast-check";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { startGateway } from "../scripts/graph";
import { startOtlpCollector, type OtlpCollector } from "./helpers/otlp-collector";
import { DASHBOARD_POLICY } from "../gateway/dashboard";
import { codesOf, send as sendRaw } from "./helpers/http";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { postQuery } from "./helpers/graph";

/**
 * The hostile suite: random, malformed and oversized requests against every route of the real gateway, and against a
 * subgraph directly. Whatever comes in, the answer is a client error or an answer, never a server error, a stack, a
 * file path or an error without a code; and the graph keeps serving a normal client.
 *
 * HOSTILE_SEED replays a run (the seed is printed at the start), HOSTILE_RUNS sets the runs per property, HOSTILE_SHRINK=1
 * lets fast-check shrink a failure to its smallest input (slower), HOSTILE_ALL=1 runs every input and lists all that
 * fail instead of stopping at the first (for triage).
 */
const SEED = Number(process.env.HOSTILE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.HOSTILE_RUNS ?? 60);
const SHRINK = process.env.HOSTILE_SHRINK === "1";
const ALL = process.env.HOSTILE_ALL === "1";
const params = { seed: SEED, numRuns: RUNS, endOnFailure: !SHRINK } satisfies fc.Parameters<unknown>;

const graph = inject("graph");
const base = graph.gatewayUrl.replace(/\/graphql$/, "");

/** One HTTP request as the fuzzer builds it; printed short, since a body may be a megabyte. */
interface Hostile {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

const short = (text: string) => (text.length > 200 ? `${JSON.stringify(text.slice(0, 160))}… (${text.length} chars)` : JSON.stringify(text));
const printable = (request: Hostile): Hostile & { [fc.toStringMethod]: () => string } =>
  Object.assign(request, {
    [fc.toStringMethod]: () =>
      `${request.method} ${short(request.path)} {${Object.entries(request.headers).map(([name, value]) => `${name}: ${short(value)}`).join(", ")}} ${
        request.body === undefined ? "" : typeof request.body === "string" ? short(request.body) : `<${request.body.length} bytes ${Buffer.from(request.body.slice(0, 40)).toString("hex")}…>`
      }`,
  });

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

// Bodies over every process's limit (1 MiB at the subgraphs, MAX_BODY_BYTES, 100 kB by default, at the gateway): refused unread.
const OVER_ANY_LIMIT = 1024 * 1024;

async function send(request: Hostile, to = base): Promise<Answer> {
  const body = typeof request.body === "string" || request.body === undefined ? request.body : Buffer.from(request.body);
  try {
    const response = await fetch(to + request.path, { method: request.method, headers: request.headers, body, signal: AbortSignal.timeout(20_000) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    // A server that refuses an over-limit body answers 413 and closes the socket while the client may still be sending
    // it (EPIPE, ECONNRESET): the client then sees the close, not the answer. That is a refusal, not a fault.
    const code = (error as { cause?: { code?: string } }).cause?.code ?? "";
    if (body !== undefined && Buffer.byteLength(body) > OVER_ANY_LIMIT && ["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(code)) {
      return { status: 413, headers: new Headers(), text: "" };
    }
    throw error;
  }
}

// A stack line (`    at fn (file:1:2)`), a path of this machine, or a dependency's file.
const LEAKS = /\/work\/|node_modules|^\s*at .+:\d+:\d+\)?\s*$|\bat [\w.$<>]+ \([^)]*:\d+:\d+\)/m;
// The explorer's page bundles GraphiQL, whose build comments name its own `../../node_modules/...`: not ours.
const PAGE_LEAKS = /\/work\/|^\s*at .+:\d+:\d+\)?\s*$|\bat [\w.$<>]+ \([^)]*:\d+:\d+\)/m;
// Hostile input is the client's fault, never an internal error, nor a reason for a subgraph to fall over.
const SERVER_FAULTS = new Set(["INTERNAL_SERVER_ERROR", "SUBGRAPH_UNAVAILABLE"]);

/** What every answer to any request must be. */
function expectSane(answer: Answer, request: Hostile) {
  const where = `${request.method} ${short(request.path)} → ${answer.status} ${short(answer.text)}`;
  const overloaded = answer.status === 503 && answer.headers.has("retry-after");
  expect(answer.status < 500 || overloaded, `no server error: ${where}`).toBe(true);
  const type = answer.headers.get("content-type") ?? "";
  const explorer = answer.status === 200 && type.startsWith("text/html");
  expect((explorer ? PAGE_LEAKS : LEAKS).test(answer.text), `no stack or file path: ${where}`).toBe(false);
  const json = /json/.test(type) ? (() => { try { return JSON.parse(answer.text) as unknown; } catch { return undefined; } })() : undefined;
  // Node's HTTP parser refuses some requests itself (431 for headers over 16 KB) with an empty answer: nothing leaks.
  if (answer.status >= 400 && request.method !== "HEAD" && answer.text !== "") {
    expect(json !== undefined, `an error answer is JSON: ${where}`).toBe(true);
  }
  for (const result of Array.isArray(json) ? json : [json]) {
    const errors = (result as { errors?: unknown } | undefined)?.errors;
    if (errors === undefined) continue;
    expect(Array.isArray(errors), `errors is a list: ${where}`).toBe(true);
    for (const error of errors as { extensions?: { code?: unknown } }[]) {
      expect(typeof error?.extensions?.code, `every error has extensions.code: ${where}`).toBe("string");
      expect(SERVER_FAULTS.has(error.extensions!.code as string), `no ${error.extensions!.code} for hostile input: ${where}`).toBe(false);
    }
  }
}

// ---- What the fuzzer sends ----

const NUL = "\u0000";
const LONE_SURROGATES = ["\uD800", "\uDBFF", "\uDC00", "\uDFFF", "a\uD83D", "\uDE00b"];
const MEGABYTE = "x".repeat(1024 * 1024);

/** Text no client should send: NUL, lone surrogates, control characters, any code point, a megabyte. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "binary-ascii", maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}${NUL}${b}`),
  fc.constantFrom(...LONE_SURROGATES, NUL, "%00", "\\u0000", "'; drop table cluster; --", "../../etc/passwd", "${jndi:ldap://x}", "<script>alert(1)</script>"),
  fc.constant(MEGABYTE),
  fc.constant(`${MEGABYTE.slice(0, 2000)}${NUL}`),
);

/** A cursor as a client might forge one: base64 of any text, or anything at all. */
const hostileCursor = fc.oneof(
  fc.oneof(hostileText, fc.json(), fc.string({ unit: "binary" })).map(text => Buffer.from(text).toString("base64")),
  fc.oneof(hostileText, fc.json()).map(text => Buffer.from(text).toString("base64url")),
  hostileText,
);

/** JSON nested `depth` deep, as text (JSON.stringify would recurse as deep). */
const nested = (depth: number, kind: "array" | "object") => (kind === "array" ? `${"[".repeat(depth)}1${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
const deepJson = fc.tuple(fc.constantFrom(1000, 5000, 20_000), fc.constantFrom("array" as const, "object" as const)).map(([depth, kind]) => nested(depth, kind));

/** A JSON value of any shape, or one of the hostile texts. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileText, fc.integer(), fc.double(), fc.constant(null));

/** Operations of the graph with places for hostile variables: ids, cursors, filters, search texts, page sizes. */
const OPERATIONS = {
  cluster: /* GraphQL */ `query HostileCluster($id: ID!) { cluster(id: $id) { id name } }`,
  organisation: /* GraphQL */ `query HostileOrganisation($id: ID!) { organisation(id: $id) { id name } }`,
  clusters: /* GraphQL */ `query HostilePage($first: Int!, $after: String, $filter: ClusterFilter) { clusters(first: $first, after: $after, filter: $filter) { totalCount nodes { id } pageInfo { endCursor } } }`,
  organisations: /* GraphQL */ `query HostileOrganisations($after: String, $filter: OrganisationFilter) { organisations(after: $after, filter: $filter) { totalCount nodes { id } } }`,
  search: /* GraphQL */ `query HostileSearch($query: String!) { search(query: $query) { searchedFor } }`,
};

const clusterFilter = fc.oneof(
  fc.record({ country: anyValue, sector: anyValue, search: anyValue, foundedYear: fc.oneof(anyValue, fc.record({ min: anyValue, max: anyValue })) }, { requiredKeys: [] }),
  fc.record({ countries: fc.array(anyValue, { maxLength: 5 }), latestMemberCount: fc.record({ min: fc.integer(), max: fc.integer() }) }, { requiredKeys: [] }),
  anyValue,
);

/** A GraphQL request body as an object: a real operation with hostile variables, or any text as the query. */
const operationBody: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ query: fc.constant(OPERATIONS.cluster), variables: fc.record({ id: fc.oneof(hostileText, anyValue) }) }),
  fc.record({ query: fc.constant(OPERATIONS.organisation), variables: fc.record({ id: fc.oneof(hostileText, anyValue) }) }),
  fc.record({
    query: fc.constant(OPERATIONS.clusters),
    variables: fc.record({ first: fc.oneof(fc.integer({ min: -5, max: 200 }), anyValue), after: hostileCursor, filter: clusterFilter }, { requiredKeys: ["first"] }),
  }),
  fc.record({ query: fc.constant(OPERATIONS.organisations), variables: fc.record({ after: hostileCursor, filter: fc.oneof(clusterFilter, anyValue) }, { requiredKeys: [] }) }),
  fc.record({ query: fc.constant(OPERATIONS.search), variables: fc.record({ query: fc.oneof(hostileText, anyValue) }) }),
  // The values inlined in the document: GraphQL string escapes of NUL and lone surrogates.
  hostileText.map(id => ({ query: `{ cluster(id: ${JSON.stringify(id)}) { id } organisation(id: ${JSON.stringify(id)}) { id } }` })),
  fc.record({ query: fc.oneof(hostileText, fc.constant("{ __typename }")), operationName: fc.oneof(hostileText, anyValue) }),
  fc.record({ query: fc.constant(`${OPERATIONS.cluster}\n${OPERATIONS.search}`), variables: fc.record({ id: fc.constant("lubelska-medycyna"), query: fc.constant("Lwów") }), operationName: fc.oneof(hostileText, fc.constantFrom("HostileCluster", "Nope", "")) }),
  fc.record({ query: anyValue, variables: anyValue, operationName: anyValue, extensions: anyValue }, { requiredKeys: [] }),
);

/** A request body as text: an operation, a batch of them, deep variables, any JSON, or not JSON at all. */
const bodyText: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: operationBody.map(body => JSON.stringify(body)) },
  { weight: 2, arbitrary: fc.array(operationBody, { maxLength: 12 }).map(batch => JSON.stringify(batch)) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(OPERATIONS.clusters, OPERATIONS.organisations), deepJson).map(([query, deep]) => `{"query":${JSON.stringify(query)},"variables":{"first":5,"filter":${deep}}}`) },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/graphql-response+json",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "application/json; charset=nonsense",
  "text/plain",
  "text/plain; charset=utf-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/graphql",
  "application/xml",
  "",
  "garbage/%%%",
);

/** Printable header text (what fetch lets through), up to a few kilobytes. */
const headerText = fc.oneof(fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map(code => String.fromCharCode(code)), maxLength: 60 }), fc.constant("A".repeat(2000)));

/** Headers a client could add: content type, encoding it did not apply, keys, request ids, accept, preflight. */
const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      "content-type": contentType,
      "content-encoding": fc.constantFrom("gzip", "deflate", "br", "identity", "compress", "zstd"),
      authorization: fc.oneof(headerText.map(key => `Bearer ${key}`), headerText),
      "x-request-id": headerText,
      accept: fc.constantFrom("application/json", "application/graphql-response+json", "text/html", "*/*", "text/csv", "application/x-ndjson", "nonsense"),
      "apollo-require-preflight": fc.constant("true"),
      "x-apollo-operation-name": headerText,
      "x-forwarded-for": headerText,
    },
    { requiredKeys: [] },
  )
  .map(h => Object.fromEntries(Object.entries(h).filter(([name, value]) => !(name === "content-type" && value === ""))));

/** Mostly what a client sends, so that hostile bodies reach GraphQL; sometimes hostile headers, so that the envelope is fuzzed too. */
const headers: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ "x-request-id": headerText, accept: fc.constantFrom("application/json", "application/graphql-response+json", "*/*") }, { requiredKeys: [] }).map(h => ({ "content-type": "application/json", ...h })) },
  { weight: 2, arbitrary: hostileHeaders },
);

/** A query string of random parameters, some of them the GraphQL ones. */
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom("query", "variables", "operationName", "extensions", "format"), fc.string({ maxLength: 8 })), fc.oneof(hostileText.filter(t => t.length < 5000), fc.json(), deepJson.filter(t => t.length < 3000))), { maxLength: 5 })
  .map(pairs => {
    const search = new URLSearchParams();
    for (const [name, value] of pairs) search.append(name, value);
    return search.toString();
  });

const post = (path: fc.Arbitrary<string>) =>
  fc.record({ method: fc.constant("POST"), path, headers, body: bodyText }).map(request => printable(request));

// ---- The stories ----

/**
 * fc.assert with the known hostile inputs first (`examples`: found by earlier runs, kept so that every run tries them),
 * then random ones; with HOSTILE_ALL, every input is tried and each failing one named, then one failure for all.
 */
async function assertAll<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, examples: T[]) {
  if (!ALL) return fc.assert(fc.asyncProperty(arbitrary, predicate), { ...params, examples: examples.map(example => [example] as [T]) });
  const failures: string[] = [];
  const noted = async (value: T) => {
    try {
      await predicate(value);
    } catch (error) {
      failures.push(`${fc.stringify(value)}\n  ${firstLine(error)}`);
    }
  };
  for (const example of examples) await noted(example);
  await fc.assert(fc.asyncProperty(arbitrary, noted), params);
  console.log(`${failures.length} of ${examples.length + RUNS} inputs failed:\n${failures.join("\n")}`);
  expect(failures).toEqual([]);
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0];

const NORMAL = /* GraphQL */ `query NormalClient { cluster(id: "lubelska-medycyna") { name } }`;

async function expectStillServing() {
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  const answer = await fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: NORMAL }) });
  expect({ status: answer.status, body: await answer.json() }).toEqual({
    status: 200,
    body: { data: { cluster: { name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" } } },
  });
}

const JSON_TYPE = { "content-type": "application/json" };
const json = (body: Record<string, unknown>) => JSON.stringify(body);
const deepVariables = (query: string, depth = 5000) => `{"query":${JSON.stringify(query)},"variables":{"filter":${nested(depth, "object")}}}`;
const request = (method: string, path: string, body?: string, headers: Record<string, string> = JSON_TYPE): Hostile => printable({ method, path, headers, body });

/** Inputs earlier runs found failing, per route: every run tries them before the random ones. */
const KNOWN = {
  graphql: [
    request("POST", "/graphql", json({ query: OPERATIONS.cluster, variables: { id: `a${NUL}b` } })),
    request("POST", "/graphql", json({ query: OPERATIONS.organisation, variables: { id: `a${NUL}b` } })),
    request("POST", "/graphql", json({ query: OPERATIONS.clusters, variables: { first: 5, filter: { sector: NUL } } })),
    request("POST", "/graphql", json({ query: `{ cluster(id: "\\u0000") { id } }` })),
    request("POST", "/graphql", deepVariables(OPERATIONS.clusters.replace("$first: Int!", "$first: Int = 5"))),
    request("POST", "/graphql", deepVariables("{ __typename }")),
    request("POST", "/graphql", json({ query: "query A { __typename }", operationName: "B" })),
    request("POST", "/graphql", json([{ query: "query A { __typename }", operationName: "B" }, { query: NORMAL }] as unknown as Record<string, unknown>)),
    request("POST", "/graphql", json({ query: OPERATIONS.cluster, variables: { id: "\uD800" } })),
    request("POST", "/graphql", json({ query: "{ __typename }" }), { "content-type": "application/json; charset=utf-16" }),
    request("POST", "/graphql", MEGABYTE),
  ],
  get: [
    request("GET", "/graphql?query=%7B__typename%7D&operationName=X", undefined, { "apollo-require-preflight": "true" }),
    request("GET", `/graphql?${new URLSearchParams({ query: OPERATIONS.cluster, variables: json({ id: NUL }) })}`, undefined, { "apollo-require-preflight": "true" }),
    request("GET", `/graphql?${new URLSearchParams({ query: "{ __typename }", variables: `{"f":${nested(1000, "array")}}` })}`, undefined, { "apollo-require-preflight": "true" }),
  ],
  export: [
    request("POST", "/export?format=csv", json({ query: "{ clusters { nodes { id } } }" }), { "content-type": "application/json; charset=utf-16" }),
    request("POST", "/export?format=csv", "{nope"),
    request("POST", "/export?format=csv", json({ query: "{ clusters { nodes { id } } }" }), { "content-type": "application/json", "content-encoding": "gzip" }),
    request("POST", "/export?format=ndjson", json({ query: "{ clusters { nodes { id } } }", padding: "x".repeat(2_000_000) })),
    request("POST", "/export?format=csv", json({ query: OPERATIONS.clusters, variables: { first: 5, filter: { sector: NUL } } })),
    request("POST", "/export?format=csv", deepVariables(OPERATIONS.clusters.replace("$first: Int!", "$first: Int = 5"))),
    request("POST", "/export?format=csv", json({ query: "query A { clusters { nodes { id } } }", operationName: "B" })),
  ],
  service: [request("GET", "/health?x=%00"), request("GET", "/metrics?%ZZ")],
  unknown: [request("GET", "/nope"), request("POST", "/", "{}"), request("DELETE", "/graphql/x")],
};

describe("the hostile suite", () => {
  beforeAll(() => console.log(`hostile suite: HOSTILE_SEED=${SEED} HOSTILE_RUNS=${RUNS} replays this run`));
  // The gateway is alive and answers a normal client after every property, whatever it was sent.
  afterEach(expectStillServing);

  const check = (arbitrary: fc.Arbitrary<Hostile>, examples: Hostile[], to = base) =>
    assertAll(arbitrary, async request => expectSane(await send(request, to), request), examples);

  it("POST /graphql: any body, content type and headers get an answer or a coded client error", () => check(post(fc.constant("/graphql")), KNOWN.graphql), 60_000);

  it("GET /graphql: any query string gets an answer, the explorer, or a coded client error", () =>
    check(fc.record({ method: fc.constantFrom("GET", "HEAD"), path: queryString.map(search => `/graphql?${search}`), headers }).map(request => printable(request)), KNOWN.get), 60_000);

  it("POST /export: any format, body and headers get rows or a coded client error in JSON", () =>
    check(post(fc.oneof(fc.constantFrom("csv", "ndjson"), hostileText.filter(t => t.length < 100)).map(format => `/export?${new URLSearchParams({ format })}`)), KNOWN.export), 60_000);

  it("GET /health, /health/live, /health/ready and /metrics: any query string and headers, the same answer", () =>
    check(fc.record({ method: fc.constantFrom("GET", "HEAD"), path: fc.tuple(fc.constantFrom("/health", "/health/live", "/health/ready", "/metrics"), queryString).map(([path, search]) => `${path}?${search}`), headers }).map(request => printable(request)), KNOWN.service), 60_000);

  it("an unknown route or method gets a coded client error in JSON", () =>
    check(
      fc
        .record({
          method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"),
          path: fc.oneof(
            fc.webPath().filter(path => !/^\/(graphql|export|health|metrics)\b/i.test(path) && !/work|node_modules/.test(path)),
            fc.constantFrom("/graphql/../../etc/passwd", "/%00", "/%ZZ", "/export/x", "/.env", "/graphql%00"),
          ),
          headers,
          body: fc.option(bodyText, { nil: undefined }),
        })
        .map(request => printable(request.method === "GET" ? { ...request, body: undefined } : request)),
      KNOWN.unknown,
    ), 60_000);

  it("a subgraph asked directly, unsigned or with a forged signature, refuses with a coded 4xx", async () => {
    const forged = fc.record(
      {
        "x-clusterhub-signature": headerText,
        "x-clusterhub-timestamp": fc.oneof(headerText, fc.integer().map(String), fc.constant(String(Date.now()))),
        "x-clusterhub-partner": headerText,
        "x-clusterhub-admin": fc.constantFrom("0", "1", "true", ""),
      },
      { requiredKeys: [] },
    );
    const subgraphs = Object.values(graph.subgraphUrls).map(url => url.replace(/\/graphql$/, ""));
    const targets = fc.tuple(
      fc.constantFrom(...subgraphs),
      fc
        .record({
          method: fc.constantFrom("GET", "POST"),
          path: fc.oneof(fc.constant("/graphql"), queryString.map(search => `/graphql?${search}`), fc.constantFrom("/GRAPHQL/", "/graphql/x", "/nope", "/%00")),
          headers: fc.tuple(headers, forged).map(([a, b]) => ({ ...a, ...b })),
          body: bodyText,
        })
        .map(request => printable(request.method === "GET" ? { ...request, body: undefined } : request)),
    );
    const refused = async ([subgraph, request]: [string, Hostile]) => {
      const answer = await send(request, subgraph);
      expectSane(answer, request);
      expect(answer.status, `refused: ${request.method} ${request.path} → ${answer.status} ${short(answer.text)}`).toBeGreaterThanOrEqual(400);
    };
    const unsigned = (body: string, headers: Record<string, string> = JSON_TYPE) => [subgraphs[0], request("POST", "/graphql", body, headers)] as [string, Hostile];
    await assertAll(targets, refused, [
      unsigned(json({ query: "{ __typename }" })),
      unsigned(json({ query: "{ __typename }" }), { ...JSON_TYPE, "x-clusterhub-signature": "0".repeat(64), "x-clusterhub-timestamp": String(Date.now()) }),
      unsigned(deepVariables("{ __typename }")),
      unsigned(MEGABYTE),
    ]);
  }, 60_000);
});

// A gateway of its own with tracing on, in front of the suite's subgraphs, exporting to a collector of the test's: what
// a client puts in traceparent and tracestate decides at most which trace its spans join, and breaks nothing.
describe("hostile trace context (traceparent, tracestate) with tracing on", () => {
  let collector: OtlpCollector;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let tracedBase: string;

  beforeAll(async () => {
    collector = await startOtlpCollector();
    gateway = await startGateway({
      subgraphUrls: graph.subgraphUrls,
      env: {
        GATEWAY_SECRET: inject("gatewaySecret"),
        RATE_LIMIT_PER_ADDRESS: "100000",
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_BSP_SCHEDULE_DELAY: "100",
      },
    });
    tracedBase = gateway.url.replace(/\/graphql$/, "");
  });
  afterAll(async () => {
    await gateway?.stop();
    await collector?.stop();
  });

  const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: length, maxLength: length });
  /** A traceparent: well formed, nearly so (wrong version, zero ids, upper case, extra fields), or anything. */
  const traceparent = fc.oneof(
    fc.tuple(fc.constantFrom("00", "01", "cc", "ff", "0", "000", "zz"), hex(32), hex(16), fc.constantFrom("00", "01", "ff", "1", "zz")).map(parts => parts.join("-")),
    fc.tuple(hex(32), hex(16)).map(([trace, span]) => `00-${trace.toUpperCase()}-${span}-01`),
    fc.constantFrom(`00-${"0".repeat(32)}-${"1".repeat(16)}-01`, `00-${"1".repeat(32)}-${"0".repeat(16)}-01`, "00--", "-", ""),
    fc.tuple(hex(32), hex(16), fc.constantFrom("00", "cc")).map(([trace, span, version]) => `${version}-${trace}-${span}-01-${"x".repeat(8000)}`),
    headerText,
  );
  /** A tracestate: members well formed or not, many of them, or kilobytes. */
  const tracestate = fc.oneof(
    fc.array(fc.tuple(headerText, headerText).map(([key, value]) => `${key}=${value}`), { maxLength: 40 }).map(members => members.join(",")),
    fc.constant(`a=${"b".repeat(8000)}`),
    headerText,
  );

  it("answers a normal client's query whatever traceparent and tracestate it sends, and exports only sane trace ids", async () => {
    const sent = fc.record({ traceparent, tracestate }, { requiredKeys: [] }).map(context =>
      printable({ method: "POST", path: "/graphql", headers: { "content-type": "application/json", ...context }, body: json({ query: NORMAL }) }),
    );
    await assertAll(
      sent,
      async request => {
        const answer = await send(request, tracedBase);
        expectSane(answer, request);
        // Headers over 16 KB in all are refused by Node's HTTP parser itself (431, empty), before any of our code.
        if (answer.status === 431) return;
        expect(JSON.parse(answer.text), `answered: ${fc.stringify(request)}`).toEqual({ data: { cluster: { name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" } } });
      },
      [
        request("POST", "/graphql", json({ query: NORMAL }), { ...JSON_TYPE, traceparent: `00-${"0".repeat(32)}-${"1".repeat(16)}-01` }),
        request("POST", "/graphql", json({ query: NORMAL }), { ...JSON_TYPE, traceparent: `cc-${"a".repeat(32)}-${"b".repeat(16)}-01-${"x".repeat(8000)}`, tracestate: `a=${"b".repeat(8000)}` }),
      ],
    );
    // Spans were exported, and every one of them has ids of the W3C form: no garbage from a header became an id.
    const spans = await (async () => {
      for (let tries = 0; tries < 100 && !collector.spans.length; tries++) await new Promise(resolve => setTimeout(resolve, 100));
      return collector.spans;
    })();
    expect(spans.length).toBeGreaterThan(0);
    const insane = spans.filter(span => !/^(?!0{32})[0-9a-f]{32}$/.test(span.traceId) || !/^(?!0{16})[0-9a-f]{16}$/.test(span.spanId));
    expect(insane).toEqual([]);
  }, 120_000);

  it("starts a trace of its own for a malformed traceparent, and follows a well-formed one", async () => {
    const well = `00-${"4bf92f3577b34da6a3ce929d0e0e4736"}-${"00f067aa0ba902b7"}-01`;
    const malformed = [
      `00-${"7BF92F3577B34DA6A3CE929D0E0E4736"}-00f067aa0ba902b7-01`,
      `ff-${"5bf92f3577b34da6a3ce929d0e0e4736"}-00f067aa0ba902b7-01`,
      `00-${"6bf92f3577b34da6a3ce929d0e0e4736"}-00f067aa0ba902b7-01-extra`,
    ];
    for (const header of [well, ...malformed]) {
      const answer = await send(request("POST", "/graphql", json({ query: NORMAL }), { ...JSON_TYPE, traceparent: header }), tracedBase);
      expect(answer.status).toBe(200);
    }
    const followed = (traceId: string) => collector.spans.some(span => span.traceId === traceId);
    for (let tries = 0; tries < 200 && !followed("4bf92f3577b34da6a3ce929d0e0e4736"); tries++) await new Promise(resolve => setTimeout(resolve, 100));
    expect(followed("4bf92f3577b34da6a3ce929d0e0e4736")).toBe(true);
    for (const header of malformed) expect(followed(header.split("-")[1].toLowerCase()), header).toBe(false);
  }, 60_000);
});

describe("the hostile suite: places, bounding boxes and GeoJSON export", () => {
  afterEach(expectStillServing);
  const LAYER = /* GraphQL */ `query Layer($box: BoundingBox) { clusters(filter: { within: $box }) { nodes { id location { latitude longitude } } } }`;
  const degrees = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: -200, max: 200, noNaN: true }), fc.constantFrom(-180, 180, -90, 90, 0, -0, 1e308, -1e308));
  const box = fc.record({ west: degrees, south: degrees, east: degrees, north: degrees }, { requiredKeys: [] });

  it("POST /export?format=geojson: any body and headers get a FeatureCollection or a coded client error in JSON", () =>
    assertAll(post(fc.constantFrom("/export?format=geojson", "/export?format=GeoJSON", "/export?format=geojson&format=csv")), async hostile => expectSane(await send(hostile), hostile), [
      request("POST", "/export?format=geojson", json({ query: "{ clusters { nodes { id name } } }" })),
      request("POST", "/export?format=geojson", json({ query: "{ clusters { nodes { id location { latitude } } } }" })),
      request("POST", "/export?format=geojson", json({ query: "{ clusters(first: 1000) { nodes { id location { latitude longitude } } } }" })),
      request("POST", "/export?format=geojson", json({ query: "{ __typename }" })),
      request("POST", "/export?format=geojson", json({ query: LAYER, variables: { box: { west: 1e308, south: -1e308, east: 0, north: 0 } } })),
      request("POST", "/export?format=geojson", json({ query: LAYER, padding: "x".repeat(2_000_000) })),
      request("POST", "/export?format=geojson", deepVariables(LAYER)),
    ]), 60_000);

  it("any bounding box, in any list, gets the records in it or BAD_USER_INPUT naming the box's field", () =>
    assertAll(fc.tuple(fc.constantFrom("clusters", "organisations"), box), async ([list, within]) => {
      const query = `query Box($box: BoundingBox!) { ${list}(filter: { within: $box }) { totalCount nodes { id } } }`;
      const hostile = request("POST", "/graphql", json({ query, variables: { box: within } }));
      const answer = await send(hostile);
      expectSane(answer, hostile);
      const body = JSON.parse(answer.text) as { data?: unknown; errors?: { extensions: { code: string; argument?: string } }[] };
      if (body.errors) {
        expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
        // A missing or non-number corner is refused by GraphQL itself; a number out of range names the corner.
        if (Object.keys(within).length === 4) expect(body.errors[0].extensions.argument).toMatch(/^filter\.within\.(west|south|east|north)$/);
      }
    }, [["clusters", { west: -0, south: 1e308, east: -1e308, north: 90 }], ["organisations", { west: 180, south: 90, east: -180, north: 90 }], ["clusters", { west: 0 }]]), 60_000);
});

describe("the hostile suite: the dashboard's page and files", () => {
  afterEach(expectStillServing);
  const FILES = ["/dashboard", "/dashboard/dashboard.js", "/dashboard/dashboard.css"];
  // A path the raw HTTP client sends as it is: fetch would resolve `..` before sending.
  const raw = async (request: Hostile): Promise<Answer> => {
    const answer = await sendRaw(base + request.path, { method: request.method, headers: request.headers, body: request.body as string | undefined });
    return { status: answer.status, headers: new Headers(Object.entries(answer.headers).map(([name, value]): [string, string] => [name, String(value)])), text: answer.text };
  };

  it("GET or HEAD of the page and its files, with any query string and headers: the file, or a coded client error", () =>
    assertAll(
      fc.record({ method: fc.constantFrom("GET", "HEAD"), path: fc.tuple(fc.constantFrom(...FILES), queryString).map(([path, search]) => `${path}?${search}`), headers }).map(request => printable(request)),
      async request => {
        const answer = await send(request);
        expectSane(answer, request);
        if (answer.status === 200) expect(answer.headers.get("content-security-policy")).toBe(DASHBOARD_POLICY);
      },
      [request("GET", `/dashboard?${"q=x&".repeat(3000)}`), request("GET", "/dashboard/dashboard.js?%ZZ")],
    ), 60_000);

  it("any other file, a path out of the folder, or another method: a coded 4xx in JSON, and nothing read from the disk", () =>
    assertAll(
      fc
        .record({
          method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"),
          path: fc.oneof(
            fc.webPath().map(path => `/dashboard${path.startsWith("/") ? path : `/${path}`}`).filter(path => !FILES.includes(path.replace(/\/$/, "").split("?")[0])),
            fc.constantFrom(
              "/dashboard/../package.json",
              "/dashboard/..%2f..%2fpackage.json",
              "/dashboard/%2e%2e%2fpackage.json",
              "/dashboard/index.html",
              "/dashboard/main.ts",
              "/dashboard/gql/graphql.ts",
              "/dashboard/codegen.ts",
              "/dashboard/dashboard.js%00",
              "/dashboard/%00",
              "/dashboard/%ZZ",
              "/dashboard//etc/passwd",
            ),
          ),
          headers,
        })
        .map(request => printable(request)),
      async request => {
        const answer = await raw(request);
        expectSane(answer, request);
        expect(answer.status, `refused: ${request.method} ${request.path} → ${answer.status}`).toBeGreaterThanOrEqual(400);
        expect(answer.text).not.toMatch(/cluster-hub|"dependencies"|import |export |passwd|root:/);
      },
      [
        request("POST", "/dashboard", "{}"),
        request("DELETE", "/dashboard/dashboard.js"),
        request("PUT", "/dashboard/dashboard.css", "x"),
        request("GET", "/dashboard/../package.json"),
        request("GET", "/dashboard/%2e%2e%2fpackage.json"),
      ],
    ), 60_000);
});

describe("hostile names in writes (issue 17)", () => {
  const source = { title: "Hostile names", document: "hostile-names.pdf", publishedOn: "2025", language: "pl" };
  // An update of a cluster that does not exist: rules run before the resolver, so nothing is ever written.
  const UPDATE = /* GraphQL */ `
    mutation HostileNames($id: ID!, $input: UpdateClusterInput!) { updateCluster(id: $id, expectedVersion: 1, input: $input) { id } }
  `;
  const CREATE = /* GraphQL */ `
    mutation HostileOrganisationNames($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }
  `;
  let key: string;
  let store: Awaited<ReturnType<typeof openPartnerStore>>;

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    key = (await createPartner(store.em.fork(), { name: "Hostile names", id: `hostile-names-${randomUUID().slice(0, 8)}` })).key;
  });
  afterAll(() => store?.close());

  const asPartner = (query: string, variables: Record<string, unknown>) =>
    postQuery(graph.gatewayUrl, query, variables, { authorization: `Bearer ${key}` });
  const missing = () => `no-such-cluster-${randomUUID()}`;
  const name = (fields: Record<string, unknown> = {}) => ({ text: "Lviv region medical cluster", language: "en", kind: "DESCRIPTIVE_LABEL", note: "A label.", ...fields });

  it.each([
    ["a language that is not ISO 639-1", [name({ language: "english" })], "names.0.language"],
    ["a hub-made name that says not what it rests on", [name({ note: null })], "names.0.note"],
    ["a hub-made name with an empty note", [name({ kind: "TRANSLATION", note: "" })], "names.0.note"],
    ["an empty name", [name({ text: "" })], "names.0.text"],
    ["a name longer than 300 characters", [name({ text: "к".repeat(301) })], "names.0.text"],
    ["more than 20 names", Array.from({ length: 21 }, (_, i) => name({ text: `name ${i}` })), "names"],
    ["null for the list (a list is replaced, never cleared)", null, "names"],
  ])("refuses %s with BAD_USER_INPUT naming the field, and writes nothing", async (_what, names, field) => {
    const answer = await asPartner(UPDATE, { id: missing(), input: { names, source } });
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: field }));
    const created = await asPartner(CREATE, { input: { name: "Hostile", kind: "NGO", names: Array.isArray(names) ? names : [], source } });
    if (Array.isArray(names)) expect(created.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: field }));
  });

  it("refuses a kind the schema does not know, such as OFFICIAL, before any resolver runs", async () => {
    const answer = await asPartner(UPDATE, { id: missing(), input: { names: [name({ kind: "OFFICIAL" })], source } });
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("any list of names gets a coded refusal (NOT_FOUND for the missing cluster when the names pass), never a server error", async () => {
    const names = fc.array(
      fc.record({
        text: hostileText,
        language: fc.oneof(fc.constantFrom("uk", "pl", "en", "EN", "u", ""), hostileText),
        kind: fc.constantFrom("AS_WRITTEN", "TRANSLATION", "TRANSLITERATION", "DESCRIPTIVE_LABEL", "OUTSIDE_KNOWLEDGE", "OFFICIAL", ""),
        note: fc.option(hostileText, { nil: undefined }),
      }),
      { maxLength: 25 },
    );
    await fc.assert(
      fc.asyncProperty(names, async list => {
        const answer = await asPartner(UPDATE, { id: missing(), input: { names: list, source } });
        expect(answer.status).toBeLessThan(500);
        const code = answer.errors?.[0].extensions?.code;
        expect(typeof code).toBe("string");
        expect(code).not.toBe("INTERNAL_SERVER_ERROR");
      }),
      { ...params, numRuns: Math.min(RUNS, 40) },
    );
  }, 60_000);
});

describe("the hostile suite: funding matches (funding-matches)", () => {
  const FOR = /* GraphQL */ `
    query HostileProspect($country: CountryCode!, $kind: OrganisationKind!, $sectors: [String!], $asOf: PartialDate) {
      fundingMatchesFor(country: $country, kind: $kind, sectors: $sectors, asOf: $asOf) { asOf matches { programme { id } } nearMisses { failedRule } }
    }
  `;
  const CLUSTER = /* GraphQL */ `
    query HostileClusterMatches($asOf: PartialDate) { cluster(id: "lubelska-medycyna") { fundingMatches(asOf: $asOf) { asOf } } }
  `;
  const prospect = { country: "PL", kind: "COMPANY", sectors: ["farmacja"], asOf: "2026-12-07" };
  const ask = (query: string, variables: Record<string, unknown>) => postQuery(graph.gatewayUrl, query, variables);

  it.each([
    ["a year where a day is wanted", { asOf: "2015" }, "asOf"],
    ["a month where a day is wanted", { asOf: "2015-03" }, "asOf"],
    ["more than 20 sectors", { sectors: Array.from({ length: 21 }, (_, i) => `sector ${i}`) }, "sectors"],
    ["ten thousand sectors", { sectors: Array.from({ length: 10_000 }, () => "x") }, "sectors"],
    ["an empty sector", { sectors: [""] }, "sectors"],
    ["a blank sector", { sectors: ["   "] }, "sectors"],
    ["a sector of 201 characters", { sectors: ["s".repeat(201)] }, "sectors"],
    ["a NUL in a sector", { sectors: [`farm${NUL}acja`] }, "sectors.0"],
    ["a lone surrogate in a sector", { sectors: ["\uD800"] }, "sectors.0"],
  ])("refuses %s with BAD_USER_INPUT naming the argument", async (_what, change, argument) => {
    const answer = await ask(FOR, { ...prospect, ...change });
    expect(answer.status).toBeLessThan(500);
    expect(answer.data?.fundingMatchesFor ?? null).toBeNull();
    expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument }));
  });

  it("refuses a day that is no day, on a cluster's matches too, with BAD_USER_INPUT naming asOf", async () => {
    const answer = await ask(CLUSTER, { asOf: "2015" });
    expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "asOf" }));
    expect(answer.data?.cluster).toEqual({ fundingMatches: null });
  });

  it.each([
    ["a country that is no ISO code", { country: "XX" }],
    ["a kind the schema does not know", { kind: "CLUSTER" }],
    ["a date that is no date", { asOf: "2015-02-30" }],
    ["no country", { country: null }],
    ["a sector that is a number", { sectors: [42] }],
  ])("refuses %s before any resolver runs, with a code", async (_what, change) => {
    const answer = await ask(FOR, { ...prospect, ...change });
    expect(answer.status).toBeLessThan(500);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("any arguments get an answer or a coded refusal, never a server error", async () => {
    const args = fc.record({
      country: fc.oneof(fc.constantFrom("PL", "UA", "BY", "DE", "XX", "pl", ""), hostileText),
      kind: fc.oneof(fc.constantFrom("COMPANY", "NGO", "CLUSTER", ""), hostileText),
      sectors: fc.option(fc.array(fc.oneof(hostileText, fc.constantFrom("biotechnologia", "Біотехнології", "")), { maxLength: 25 }), { nil: undefined }),
      asOf: fc.option(fc.oneof(fc.constantFrom("2015-03-16", "2015", "0000-01-01", "9999-12-31", "2015-02-30"), hostileText), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(args, async variables => {
        const answer = await ask(FOR, variables);
        expect(answer.status).toBeLessThan(500);
        for (const error of answer.errors ?? []) {
          expect(typeof error.extensions?.code).toBe("string");
          expect(SERVER_FAULTS.has(error.extensions!.code!)).toBe(false);
        }
        if (!answer.errors) expect(answer.data.fundingMatchesFor.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { ...params, numRuns: Math.min(RUNS, 40) },
    );
  }, 60_000);
});

describe("the hostile suite: portal (its routes and the session cookie)", () => {
  const base = graph.gatewayUrl.replace(/\/graphql$/, "");
  const ME = JSON.stringify({ query: "query Me { me { id } }" });
  let store: Awaited<ReturnType<typeof openPartnerStore>>;
  let partner: { id: string; key: string; keyId: string };

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    const id = `hostile-portal-${randomUUID().slice(0, 8)}`;
    const made = await createPartner(store.em.fork(), { name: "Hostile portal", id });
    partner = { id, key: made.key, keyId: made.keyId };
  });
  afterAll(() => store?.close());

  const json = { "content-type": "application/json", accept: "application/json" };
  const signIn = (key: unknown, headers: Record<string, string> = {}) =>
    sendRaw(`${base}/portal/session`, { method: "POST", headers: { ...json, ...headers }, body: JSON.stringify({ key }) });
  /** A fresh session of the partner: its cookie (`name=value`) and CSRF token. */
  const session = async (key = partner.key, headers: Record<string, string> = {}) => {
    const answer = await signIn(key, headers);
    expect(answer.status).toBe(201);
    const cookie = String(answer.headers["set-cookie"]).split(";")[0];
    return { cookie, csrf: answer.json().csrfToken as string, setCookie: String(answer.headers["set-cookie"]) };
  };
  const me = (headers: Record<string, string>) => sendRaw(`${base}/graphql`, { method: "POST", headers: { ...json, ...headers }, body: ME });
  // A text's UTF-8 bytes as a header carries them (any byte but the controls HTTP forbids, which are %-escaped), lone surrogates too.
  const asHeader = (text: string) => Buffer.from(text, "utf8").toString("latin1").replace(/[\x00-\x08\x0a-\x1f\x7f]/g, c => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);

  it.each([
    ["no key", undefined, 400, "BAD_USER_INPUT"],
    ["a number for the key", 42, 400, "BAD_USER_INPUT"],
    ["a key longer than any key", "k".repeat(10_000), 400, "BAD_USER_INPUT"],
    ["an unknown key", "chk_not-a-key-anyone-was-given", 401, "UNAUTHENTICATED"],
  ])("refuses signing in with %s, with a coded answer and no cookie", async (_what, key, status, code) => {
    const answer = await signIn(key);
    expect([answer.status, codesOf(answer)]).toEqual([status, [code]]);
    expect(answer.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses a sign-in that is not JSON (a cross-site form) and a body over the limit, before reading a key", async () => {
    const form = await sendRaw(`${base}/portal/session`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `key=${partner.key}` });
    expect([form.status, codesOf(form)]).toEqual([415, ["UNSUPPORTED_MEDIA_TYPE"]]);
    const huge = await sendRaw(`${base}/portal/session`, { method: "POST", headers: json, body: JSON.stringify({ key: "x".repeat(2 * 1024 * 1024) }) });
    expect([huge.status, codesOf(huge)]).toEqual([413, ["BODY_TOO_LARGE"]]);
    expect(form.headers["set-cookie"] ?? huge.headers["set-cookie"]).toBeUndefined();
  });

  it("sets an HttpOnly, SameSite=Strict cookie on / with a random id, Secure behind https, and never the key", async () => {
    const plain = await session();
    expect(plain.setCookie).toMatch(/^clusterhub_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(plain.setCookie).not.toContain(partner.key);
    const secure = await session(partner.key, { "x-forwarded-proto": "https" });
    expect(secure.setCookie).toContain("; Secure");
    expect(secure.cookie).not.toBe(plain.cookie);
  });

  it("acts as the partner only with the session's CSRF token: none or another is 403, the right one is the partner", async () => {
    const { cookie, csrf } = await session();
    const missing = await me({ cookie });
    expect([missing.status, codesOf(missing)]).toEqual([403, ["CSRF_TOKEN_INVALID"]]);
    const wrong = await me({ cookie, "x-csrf-token": `${csrf.slice(0, -2)}xx` });
    expect([wrong.status, codesOf(wrong)]).toEqual([403, ["CSRF_TOKEN_INVALID"]]);
    const other = await session();
    const crossed = await me({ cookie, "x-csrf-token": other.csrf });
    expect(crossed.status).toBe(403);
    const right = await me({ cookie, "x-csrf-token": csrf });
    expect(right.json().data).toEqual({ me: { id: partner.id } });
    const signOut = await sendRaw(`${base}/portal/session`, { method: "DELETE", headers: { cookie } });
    expect([signOut.status, codesOf(signOut)]).toEqual([403, ["CSRF_TOKEN_INVALID"]]);
  });

  it("ignores a cookie it did not issue, of any shape: the request is anonymous, never a server error", async () => {
    await fc.assert(
      // Headers over Node's 16 KiB are refused by Node itself (431) before the gateway sees them.
      fc.asyncProperty(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), hostileText.filter(text => text.length < 4000)), fc.string(), async (value, csrf) => {
        const cookie = `clusterhub_session=${asHeader(value)}`;
        const answer = await me({ cookie, "x-csrf-token": asHeader(csrf) });
        expect([answer.status, answer.json().data]).toEqual([200, { me: null }]);
        const current = await sendRaw(`${base}/portal/session`, { headers: { cookie } });
        expect(current.status).toBe(401);
      }),
      { ...params, numRuns: Math.min(RUNS, 30) },
    );
  }, 60_000);

  it("makes fixation impossible: every sign-in gets a new id, and the id the browser had before stops working", async () => {
    const before = await session();
    const again = await signIn(partner.key, { cookie: before.cookie });
    const after = String(again.headers["set-cookie"]).split(";")[0];
    expect(after).not.toBe(before.cookie);
    expect((await me({ cookie: before.cookie, "x-csrf-token": before.csrf })).json().data).toEqual({ me: null });
    expect((await me({ cookie: after, "x-csrf-token": again.json().csrfToken })).json().data).toEqual({ me: { id: partner.id } });
  });

  it("ends a session that has been idle too long, or lived too long, and one whose key is revoked", async () => {
    const idle = await session();
    const old = await session();
    const hashOf = (cookie: string) => createHash("sha256").update(cookie.split("=")[1]).digest("hex");
    const connection = store.em.getConnection();
    await connection.execute(`update portal_session set last_seen_at = now() - interval '2 hours' where hash = ?`, [hashOf(idle.cookie)]);
    await connection.execute(`update portal_session set created_at = now() - interval '2 days' where hash = ?`, [hashOf(old.cookie)]);
    for (const ended of [idle, old]) {
      expect((await me({ cookie: ended.cookie, "x-csrf-token": ended.csrf })).json().data).toEqual({ me: null });
      expect((await sendRaw(`${base}/portal/session`, { headers: { cookie: ended.cookie } })).status).toBe(401);
    }

    const revoked = await createPartner(store.em.fork(), { name: "Revoked portal", id: `revoked-portal-${randomUUID().slice(0, 8)}` });
    const live = await session(revoked.key);
    expect((await me({ cookie: live.cookie, "x-csrf-token": live.csrf })).json().data.me).not.toBeNull();
    const revoke = await postQuery(graph.gatewayUrl, `mutation R($id: ID!) { revokeKey(id: $id) { id } }`, { id: revoked.keyId }, { authorization: `Bearer ${revoked.key}` });
    expect(revoke.errors).toBeUndefined();
    expect((await me({ cookie: live.cookie, "x-csrf-token": live.csrf })).json().data).toEqual({ me: null });
  });

  it("signs out with the token, after which the cookie is dead; the portal's other paths are coded 404s", async () => {
    const { cookie, csrf } = await session();
    const out = await sendRaw(`${base}/portal/session`, { method: "DELETE", headers: { cookie, "x-csrf-token": csrf } });
    expect(out.status).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/^clusterhub_session=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expect((await me({ cookie, "x-csrf-token": csrf })).json().data).toEqual({ me: null });
    for (const path of ["/portal/nothing.js", "/portal/..%2Fpackage.json", "/portal/session/extra"]) {
      const answer = await sendRaw(`${base}${path}`);
      expect([path, answer.status, codesOf(answer)]).toEqual([path, 404, ["NOT_FOUND"]]);
    }
  });
});

describe("the hostile suite: nested-facts (editing facts, retracting, mine)", () => {
  const source = { title: "Hostile facts", document: "hostile-facts.pdf", publishedOn: "2025", language: "pl" };
  let key: string;
  let store: Awaited<ReturnType<typeof openPartnerStore>>;

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    key = (await createPartner(store.em.fork(), { name: "Hostile facts", id: `hostile-facts-${randomUUID().slice(0, 8)}` })).key;
  });
  afterAll(() => store?.close());

  const asPartner = (query: string, variables: Record<string, unknown>) => postQuery(graph.gatewayUrl, query, variables, { authorization: `Bearer ${key}` });
  // Writes to records that do not exist: whatever passes the rules ends in NOT_FOUND, so nothing is ever written.
  const missing = () => `no-such-record-${randomUUID()}`;
  const refusedWithCode = (answer: { status: number; errors?: { extensions?: Record<string, unknown> }[] }) => {
    expect(answer.status).toBeLessThan(500);
    const code = answer.errors?.[0]?.extensions?.code;
    expect(typeof code).toBe("string");
    expect(code).not.toBe("INTERNAL_SERVER_ERROR");
    return code;
  };

  const RETRACT_LABEL = /* GraphQL */ `
    mutation HostileRetractLabel($clusterId: ID!, $id: ID!, $expectedVersion: Int!, $reason: String!) {
      retractClusterLabel(clusterId: $clusterId, id: $id, expectedVersion: $expectedVersion, reason: $reason) { id }
    }
  `;
  const RETRACT_MEMBERSHIP = /* GraphQL */ `
    mutation HostileRetractMembership($id: ID!, $reason: String!) { retractMembership(id: $id, expectedVersion: 1, reason: $reason) { id } }
  `;

  it.each([
    ["an empty reason", ""],
    ["a reason of blanks", " \t\n "],
    ["a reason over 2000 characters", "я".repeat(2001)],
  ])("refuses %s with BAD_USER_INPUT naming `reason`, before looking for the record", async (_what, reason) => {
    for (const answer of [
      await asPartner(RETRACT_MEMBERSHIP, { id: missing(), reason }),
      await asPartner(RETRACT_LABEL, { clusterId: missing(), id: "1", expectedVersion: 1, reason }),
    ])
      expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "reason" }));
  });

  it("answers any reason, fact id and version with a coded refusal, never a server error", async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), async (reason, id, expectedVersion) => {
        refusedWithCode(await asPartner(RETRACT_LABEL, { clusterId: missing(), id, expectedVersion, reason }));
        refusedWithCode(await asPartner(RETRACT_MEMBERSHIP, { id, reason }));
      }),
      { ...params, numRuns: Math.min(RUNS, 30) },
    );
  }, 60_000);

  it("answers any label, founding date or identifier input with a coded refusal (NOT_FOUND once it passes the rules)", async () => {
    const ADD = /* GraphQL */ `
      mutation HostileFacts($id: ID!, $label: AddClusterLabelInput!, $date: AddClusterFoundingDateInput!, $identifier: AddOrganisationIdentifierInput!) {
        addClusterLabel(clusterId: $id, expectedVersion: 1, input: $label) { id }
        addClusterFoundingDate(clusterId: $id, expectedVersion: 1, input: $date) { id }
        addOrganisationIdentifier(organisationId: $id, expectedVersion: 1, input: $identifier) { id }
      }
    `;
    const anything = fc.oneof(hostileText, fc.constant(null), fc.integer(), fc.boolean());
    const inputs = fc.record({
      label: fc.record({ name: anything, nameEn: anything, note: anything, source: fc.constant(source) }, { requiredKeys: ["source"] }),
      date: fc.record({ kind: fc.oneof(fc.constantFrom("ESTABLISHED", "INAUGURATED", "DELETED"), anything), date: anything, asWritten: anything, source: fc.constant(source) }, { requiredKeys: ["source"] }),
      identifier: fc.record({ scheme: anything, value: anything, source: fc.constant(source) }, { requiredKeys: ["source"] }),
    });
    await fc.assert(
      fc.asyncProperty(inputs, async variables => {
        refusedWithCode(await asPartner(ADD, { id: missing(), ...variables }));
      }),
      { ...params, numRuns: Math.min(RUNS, 30) },
    );
  }, 60_000);

  it("refuses a label name over 300 characters and an identifier scheme that is not a register's name, naming the field", async () => {
    const label = await asPartner(`mutation L($input: AddClusterLabelInput!) { addClusterLabel(clusterId: "x", expectedVersion: 1, input: $input) { id } }`, {
      input: { name: "к".repeat(301), source },
    });
    expect(label.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "name" }));
    const identifier = await asPartner(`mutation I($input: AddOrganisationIdentifierInput!) { addOrganisationIdentifier(organisationId: "x", expectedVersion: 1, input: $input) { id } }`, {
      input: { scheme: "<script>", value: "1", source },
    });
    // The scheme is an enum (IdentifierScheme): GraphQL's own coercion refuses it, naming the variable's path.
    expect(identifier.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    expect(identifier.errors?.[0].message).toContain("input.scheme");
  });

  it.each([
    ["no party", {}, "organisationId"],
    ["two parties", { organisationId: "a", clusterId: "b" }, "organisationId"],
  ])("refuses a funding involvement with %s, naming the field", async (_what, parties, field) => {
    const answer = await asPartner(`mutation F($input: AddFundingInvolvementInput!) { addFundingInvolvement(programmeId: "x", input: $input) { id } }`, {
      input: { ...parties, role: "FUNDER", source },
    });
    expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: field }));
  });

  it.each([
    ["a negative amount", { amount: -1, currency: "EUR" }, "budget.amount"],
    ["a currency that is not ISO 4217", { amount: 10, currency: "euro" }, "budget.currency"],
  ])("refuses a budget with %s, naming the field", async (_what, budget, field) => {
    const answer = await asPartner(`mutation B($input: UpdateFundingProgrammeInput!) { updateFundingProgramme(id: "x", expectedVersion: 1, input: $input) { id } }`, {
      input: { budget, source },
    });
    expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: field }));
  });

  it("answers any change to a party, an involvement or a member count with a coded refusal (NOT_FOUND once it passes the rules)", async () => {
    const PARTS = /* GraphQL */ `
      mutation HostileParts($id: ID!, $party: UpdatePartnershipPartyInput!, $involvement: UpdateFundingInvolvementInput!, $reason: String!) {
        updatePartnershipParty(id: $id, expectedVersion: 1, input: $party) { id }
        updateFundingInvolvement(id: $id, expectedVersion: 1, input: $involvement) { id }
        retractMemberCount(id: $id, expectedVersion: 1, reason: $reason) { id }
      }
    `;
    const anything = fc.oneof(hostileText, fc.constant(null), fc.integer());
    const inputs = fc.record({
      party: fc.record({ role: fc.oneof(fc.constantFrom("HOST", "OWNER"), anything), note: anything, source: fc.constant(source) }, { requiredKeys: ["source"] }),
      involvement: fc.record({ role: fc.oneof(fc.constantFrom("FUNDER", "PAYER"), anything), note: anything, source: fc.constant(source) }, { requiredKeys: ["source"] }),
      reason: hostileText,
    });
    await fc.assert(
      fc.asyncProperty(inputs, async variables => {
        refusedWithCode(await asPartner(PARTS, { id: missing(), ...variables }));
      }),
      { ...params, numRuns: Math.min(RUNS, 30) },
    );
  }, 60_000);

  it("refuses `mine` without a key with UNAUTHENTICATED, and a scope that is not a boolean with BAD_USER_INPUT", async () => {
    const anonymous = await postQuery(graph.gatewayUrl, `query Mine { organisations(mine: true) { totalCount } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    for (const value of ['"yes"', "1", "null"]) {
      const answer = await postQuery(graph.gatewayUrl, `query Scope { clusters(includeRetracted: ${value}) { totalCount } }`);
      expect(answer.status).toBeLessThan(500);
      expect(answer.errors?.[0].extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
    }
  });
});

describe("the hostile suite: reconciliation (/reconcile) and organisationByIdentifier (branch reconcile)", () => {
  afterEach(expectStillServing);
  const FORM = { "content-type": "application/x-www-form-urlencoded" };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const refusal = async (hostile: Hostile) => {
    const answer = await send(hostile);
    expectSane(answer, hostile);
    const body = JSON.parse(answer.text) as { errors?: { extensions: { code: string; argument?: string } }[] };
    return { status: answer.status, code: body.errors?.[0].extensions.code, argument: body.errors?.[0].extensions.argument };
  };
  const queriesForm = (queries: unknown) => request("POST", "/reconcile", form({ queries: typeof queries === "string" ? queries : JSON.stringify(queries) }), FORM);

  /** A reconciliation query as a careless or hostile spreadsheet tool might write one. */
  const hostileQuery = fc.record(
    {
      query: fc.oneof(hostileText, fc.constantFrom("Lubelska Medycyna", "Lwów", "", "   ", "—"), anyValue),
      type: fc.oneof(fc.constantFrom("Cluster", "Organisation", "Person", ""), fc.array(fc.constantFrom("Cluster", "Organisation", "X"), { maxLength: 4 }), anyValue),
      limit: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 1e308, 51, 1_000_000), anyValue),
      properties: fc.oneof(
        fc.array(fc.record({ pid: fc.oneof(fc.constantFrom("country", "city", "identifier", "identifier.KRS", "identifier.NOPE", "kind"), hostileText), v: anyValue }, { requiredKeys: [] }), { maxLength: 12 }),
        anyValue,
      ),
      type_strict: fc.oneof(fc.constantFrom("any", "should", "all"), anyValue),
      extra: anyValue,
    },
    { requiredKeys: [] },
  );
  const hostileBatch = fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileText.filter(t => t.length < 300)), fc.oneof(hostileQuery, anyValue), { maxKeys: 12 });
  const hostileExtend = fc.record({ ids: fc.oneof(fc.array(fc.oneof(hostileText, fc.constantFrom("lubelska-medycyna")), { maxLength: 60 }), anyValue), properties: fc.oneof(fc.array(fc.record({ id: fc.oneof(fc.constantFrom("country", "members", "identifier.NIP"), hostileText), settings: anyValue }, { requiredKeys: [] }), { maxLength: 40 }), anyValue) }, { requiredKeys: [] });

  it("POST /reconcile: any batch of queries or extension, as a form or JSON, gets candidates or a coded client error", () =>
    assertAll(
      fc.tuple(fc.oneof(hostileBatch, anyValue), fc.constantFrom("queries", "extend"), fc.constantFrom("form", "json", "raw"), fc.option(hostileExtend, { nil: undefined })).map(([batch, field, as, extend]) => {
        const value = field === "extend" && extend ? extend : batch;
        if (as === "json") return request("POST", "/reconcile", JSON.stringify({ [field]: value }));
        return request("POST", "/reconcile", form({ [field]: as === "raw" && typeof value === "string" ? value : JSON.stringify(value) ?? "null" }), FORM);
      }),
      async hostile => {
        const answer = await send(hostile);
        expectSane(answer, hostile);
        expect([200, 400, 413], `${hostile.body?.slice?.(0, 200)} → ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
      },
      [
        queriesForm("{not json"),
        queriesForm({ q0: { query: `${NUL}`, type: "Cluster" } }),
        queriesForm({ q0: { query: "\uD800", type: "Organisation" } }),
        queriesForm({ q0: { query: "Lwów", properties: [{ pid: "identifier", v: MEGABYTE.slice(0, 150) }] } }),
        queriesForm({ q0: { properties: [{ pid: "identifier.KRS", v: "x".repeat(150) }] } }),
        queriesForm({ q0: { query: "Lwów", limit: 1e308 } }),
        request("POST", "/reconcile", form({ extend: JSON.stringify({ ids: ["lubelska-medycyna", `a${NUL}b`], properties: [{ id: "country" }] }) }), FORM),
        request("POST", "/reconcile", JSON.stringify([{ queries: {} }])),
      ],
    ), 120_000);

  it("GET on every service: any parameters get an answer or a coded client error, and `callback` (JSONP) is refused everywhere", async () => {
    const PATHS = ["/reconcile", "/reconcile/preview", "/reconcile/suggest/entity", "/reconcile/suggest/type", "/reconcile/suggest/property", "/reconcile/properties/propose"];
    const names = fc.oneof(fc.constantFrom("queries", "extend", "id", "prefix", "type", "cursor", "limit"), fc.string({ maxLength: 8 }));
    const parameters = fc.array(fc.tuple(names, fc.oneof(hostileText.filter(t => t.length < 3000), fc.json(), deepJson.filter(t => t.length < 3000))), { maxLength: 5 });
    await assertAll(
      fc.tuple(fc.constantFrom(...PATHS), parameters).map(([path, pairs]) => {
        const search = new URLSearchParams();
        for (const [name, value] of pairs) search.append(name, value);
        return request("GET", `${path}?${search.toString()}`, undefined, {});
      }),
      async hostile => {
        const answer = await send(hostile);
        expectSane(answer, hostile);
        expect([200, 400, 404, 414, 431], `${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
      },
      [request("GET", "/reconcile/preview?id=%3Cscript%3Ealert(1)%3C%2Fscript%3E", undefined, {}), request("GET", "/reconcile/suggest/entity?prefix=a&prefix=b", undefined, {}), request("GET", "/reconcile/suggest/entity?cursor=1e308&prefix=Lw", undefined, {})],
    );
    for (const path of PATHS) {
      expect(await refusal(request("GET", `${path}?callback=alert`, undefined, {})), path).toEqual({ status: 400, code: "JSONP_NOT_SUPPORTED", argument: undefined });
    }
  }, 120_000);

  it.each([
    ["malformed JSON", queriesForm("{\"q0\": {\"query\": "), "queries"],
    ["a batch that is a list", queriesForm([{ query: "Lwów" }]), "queries"],
    ["an unknown type", queriesForm({ q0: { query: "Lwów", type: "Person" } }), "queries.q0.type"],
    ["a limit that is text", queriesForm({ q0: { query: "Lwów", limit: "ten" } }), "queries.q0.limit"],
    ["a query that is a number", queriesForm({ q0: { query: 42 } }), "queries.q0.query"],
    ["a field the protocol lacks", queriesForm({ q0: { query: "Lwów", mode: "fuzzy" } }), "queries.q0"],
    ["properties that are no list", queriesForm({ q0: { query: "Lwów", properties: { pid: "country" } } }), "queries.q0.properties"],
    ["a property queries may not give", queriesForm({ q0: { query: "Lwów", properties: [{ pid: "website", v: "x" }] } }), "queries.q0.properties.0.pid"],
    ["an identifier without its scheme", queriesForm({ q0: { properties: [{ pid: "identifier", v: "0000012345" }] } }), "queries.q0.properties.0.v"],
    ["an identifier the scheme's check refuses", queriesForm({ q0: { properties: [{ pid: "identifier.NIP", v: "123-456-32-19" }] } }), "queries.q0.properties"],
    ["a query of 201 characters", queriesForm({ q0: { query: "к".repeat(201) } }), "queries.q0.query"],
    ["a query with neither text nor properties", queriesForm({ q0: { type: "Cluster" } }), "queries.q0.query"],
    ["a query with a NUL beside a good identifier", queriesForm({ q0: { query: `Fundacja${NUL}`, properties: [{ pid: "identifier", v: "NIP:123-456-32-18" }] } }), "queries.q0.query"],
    ["JSON 5,000 deep", queriesForm(nested(5000, "array")), "queries"],
    ["an extension of a property the service lacks", request("POST", "/reconcile", form({ extend: JSON.stringify({ ids: ["lubelska-medycyna"], properties: [{ id: "password" }] }) }), FORM), "extend.properties.0.id"],
    ["an extension without ids", request("POST", "/reconcile", form({ extend: JSON.stringify({ properties: [{ id: "country" }] }) }), FORM), "extend.ids"],
    ["queries and extend at once", request("POST", "/reconcile", form({ queries: "{}", extend: "{}" }), FORM), "extend"],
    ["a preview without an id", request("GET", "/reconcile/preview", undefined, {}), "id"],
    ["a preview id of 201 characters", request("GET", `/reconcile/preview?id=${"a".repeat(201)}`, undefined, {}), "id"],
    ["a proposal for an unknown type", request("GET", "/reconcile/properties/propose?type=Person", undefined, {}), "type"],
  ])("refuses %s with 400 BAD_USER_INPUT naming it", async (_what, hostile, argument) => {
    expect(await refusal(hostile)).toEqual({ status: 400, code: "BAD_USER_INPUT", argument });
  });

  it("bounds a batch: 51 queries, or 51 ids to extend, are refused with BATCH_LIMIT_EXCEEDED before any is run; a megabyte with 413", async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`q${i}`, { query: "Lwów" }]));
    expect(await refusal(queriesForm(many))).toEqual({ status: 400, code: "BATCH_LIMIT_EXCEEDED", argument: undefined });
    const thousands = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`q${i}`, { query: "a" }]));
    expect(await refusal(queriesForm(thousands))).toEqual({ status: 400, code: "BATCH_LIMIT_EXCEEDED", argument: undefined });
    const ids = Array.from({ length: 51 }, (_, i) => `id-${i}`);
    expect(await refusal(request("POST", "/reconcile", form({ extend: JSON.stringify({ ids, properties: [{ id: "country" }] }) }), FORM))).toEqual({ status: 400, code: "BATCH_LIMIT_EXCEEDED", argument: undefined });
    expect(await refusal(queriesForm({ q0: { query: MEGABYTE } }))).toEqual({ status: 413, code: "BODY_TOO_LARGE", argument: undefined });
  });

  it("reads a form only at /reconcile, and only with its fields: three fields, a form elsewhere and text/plain are refused", async () => {
    expect(await refusal(request("POST", "/reconcile", form({ queries: "{}", a: "1", b: "2" }), FORM))).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect(await refusal(request("POST", "/graphql", form({ query: "{ __typename }" }), FORM))).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await refusal(request("POST", "/reconcile/suggest/entity", form({ prefix: "Lw" }), FORM))).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
    expect(await refusal(request("POST", "/reconcile", "queries={}", { "content-type": "text/plain" }))).toMatchObject({ status: 415, code: "UNSUPPORTED_MEDIA_TYPE" });
  });

  it("organisationByIdentifier: any scheme and value get an organisation, null or BAD_USER_INPUT, never a server error", () =>
    assertAll(
      fc.tuple(fc.oneof(fc.constantFrom("KRS", "REGON", "NIP", "EDRPOU", "ROR", "WIKIDATA", "EU_PIC", "UNP"), hostileText.filter(t => t.length < 100)), fc.oneof(hostileText, fc.stringMatching(/^[0-9 -]{0,20}$/), fc.constantFrom("https://ror.org/03vek6s52", "Q42", "0000012345"))).map(([scheme, value]) =>
        request("POST", "/graphql", json({ query: `query ById($scheme: IdentifierScheme!, $value: String!) { organisationByIdentifier(scheme: $scheme, value: $value) { id } }`, variables: { scheme, value } })),
      ),
      async hostile => {
        const answer = await send(hostile);
        expectSane(answer, hostile);
        const body = JSON.parse(answer.text) as { data?: { organisationByIdentifier: unknown }; errors?: { extensions: { code: string } }[] };
        if (body.errors) expect(["BAD_USER_INPUT", "BODY_TOO_LARGE"]).toContain(body.errors[0].extensions.code);
        else expect(body.data).toEqual({ organisationByIdentifier: null });
      },
      [request("POST", "/graphql", json({ query: `{ organisationByIdentifier(scheme: KRS, value: "${"9".repeat(5000)}") { id } }` }))],
    ), 60_000);
});

describe("events-search: hostile arguments of the ranked search and the events hits", () => {
  const RANKED = /* GraphQL */ `
    query HostileRanked($q: String!, $first: Int!) {
      search(query: $q) { ranked(first: $first) { type score node { ... on Event { id } ... on Cluster { id } } } events(first: $first) { score } }
    }
  `;
  const ask = (q: string, first: number) => postQuery(graph.gatewayUrl, RANKED, { q, first });

  it.each([
    ["first 0", "Lviv", 0, "first", "got 0"],
    ["first -1", "Lviv", -1, "first", "got -1"],
    ["first 51", "Lviv", 51, "first", "must be between 1 and 50, got 51"],
    ["a query of 201 characters", "л".repeat(201), 5, "query", "must be at most 200 characters, got 201"],
    ["a query of 10,000 characters", "x".repeat(10_000), 5, "query", "must be at most 200 characters, got 10000"],
    ["a query of no letter or digit", " «» -- ", 5, "query", "must contain at least one letter or digit"],
  ])("refuses %s with BAD_USER_INPUT naming the argument", async (_what, q, first, argument, problem) => {
    const answer = await ask(q, first);
    expect(answer.status).toBeLessThan(500);
    expect(answer.errors?.length).toBeGreaterThan(0);
    for (const error of answer.errors ?? []) expect(error.extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT" }));
    expect(answer.errors?.map(error => error.message)).toContainEqual(expect.stringContaining(problem));
    if (argument === "query") expect(answer.errors?.[0].extensions?.argument).toBe("query");
  });

  it("refuses a first beyond a page at the gateway, before any subgraph is asked", async () => {
    const answer = await ask("Lviv", 1_000_000);
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("any query text and first get ranked hits or a coded refusal, never a server error", async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(2 ** 31 - 1, -(2 ** 31))), async (q, first) => {
        const answer = await ask(q, first);
        expect(answer.status).toBeLessThan(500);
        for (const error of answer.errors ?? []) {
          expect(typeof error.extensions?.code).toBe("string");
          expect(error.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
        }
        if (!answer.errors) expect(answer.data.search.ranked.length).toBeLessThanOrEqual(first);
      }),
      { ...params, numRuns: Math.min(RUNS, 40) },
    );
  }, 120_000);
});

describe("graph-cost: the network export and the cost of lists", () => {
  afterEach(expectStillServing);
  const NETWORK = /* GraphQL */ `query Net { clusters(first: 100) { nodes { id name memberships { roles organisation { id name } } } } }`;
  // Aliases graphology-gexf would read as drawing instructions, fragments on every type, the same node reached twice.
  const tricky = /* GraphQL */ `
    query Tricky { a: clusters(first: 2) { nodes { ...C } } b: clusters(first: 2) { nodes { ...C z: name } } }
    fragment C on Cluster { id color: name size: country x: foundedYear label: id weight: name memberships { organisation { id } } partnerships { id parties { cluster { id } } } }
  `;
  const fail = (message: string) => { throw new Error(`malformed XML: ${message}`); };
  const wellFormedXml = (text: string) => new DOMParser({ errorHandler: { error: fail, fatalError: fail } }).parseFromString(text, "text/xml");

  it("POST /export?format=gexf|graphml: any body and headers get a network file or a coded client error in JSON", () =>
    assertAll(post(fc.constantFrom("/export?format=gexf", "/export?format=graphml", "/export?format=GEXF", "/export?format=gexf&format=graphml")), async hostile => {
      const answer = await send(hostile);
      expectSane(answer, hostile);
      if (answer.status === 200) wellFormedXml(answer.text);
    }, [
      request("POST", "/export?format=gexf", json({ query: NETWORK })),
      request("POST", "/export?format=graphml", json({ query: tricky })),
      request("POST", "/export?format=gexf", json({ query: tricky })),
      request("POST", "/export?format=gexf", json({ query: "{ __typename }" })),
      request("POST", "/export?format=graphml", json({ query: "{ clusters(first: 1000) { nodes { id } } }" })),
      request("POST", "/export?format=graphml", json({ query: "mutation { __typename }" })),
      request("POST", "/export?format=gexf", json({ query: NETWORK, padding: "x".repeat(2_000_000) })),
      request("POST", "/export?format=graphml", deepVariables(NETWORK)),
    ]), 60_000);

  it("GET /list-sizes of a subgraph, unsigned or forged, with any query string: a coded 401 (431 for headers or a path too long) and no sizes", () => {
    const subgraphs = Object.values(graph.subgraphUrls).map(url => url.replace(/\/graphql$/, ""));
    const forged = fc.record({ "signature-input": headerText, signature: headerText, "x-clusterhub-partner": headerText }, { requiredKeys: [] });
    return assertAll(
      fc.tuple(fc.constantFrom(...subgraphs), fc.record({ method: fc.constantFrom("GET", "HEAD"), path: fc.oneof(fc.constant("/list-sizes"), queryString.map(search => `/list-sizes?${search}`), fc.constantFrom("/LIST-SIZES/", "/list-sizes/")), headers: forged }).map(request => printable(request))),
      async ([subgraph, hostile]: [string, Hostile]) => {
        const answer = await send(hostile, subgraph);
        expectSane(answer, hostile);
        // Node's HTTP parser answers 431 itself for request headers (the path included) over 16 KB.
        expect([401, 431]).toContain(answer.status);
        expect(answer.text).not.toContain("Cluster.memberships");
      },
      [[subgraphs[0], request("GET", "/list-sizes", undefined, {})] as [string, Hostile]],
    );
  }, 60_000);

  it("any page size and nesting of lists gets an answer or a coded refusal, a refusal over the cost naming its estimate", () => {
    const list = fc.constantFrom("memberships", "memberships(first: 100)", "memberships(first: 1)", "memberships(first: $first)");
    const nested = fc.array(list, { minLength: 1, maxLength: 5 }).map(lists =>
      lists.reduceRight((inner, field, i) => (i % 2 ? `organisation { memberships { cluster { ${field} { ${inner} } } } }` : `${field} { id ${inner} }`), "id"),
    );
    return assertAll(
      fc.tuple(nested, fc.oneof(fc.integer({ min: -5, max: 200 }), anyValue)).map(([selection, first]) =>
        request("POST", "/graphql", json({ query: `query Lists($first: Int = 3) { clusters(first: 100) { nodes { ${selection} } } }`, variables: { first } })),
      ),
      async hostile => {
        const answer = await send(hostile);
        expectSane(answer, hostile);
        const body = JSON.parse(answer.text) as { errors?: { message: string; extensions: { code: string; cost?: number } }[] };
        const refused = body.errors?.find(error => error.extensions.code === "COST_LIMIT_EXCEEDED");
        if (refused) expect(refused.message).toMatch(/^Query cost \d+ is over the limit of \d+ \(about \d+ with lists of average length\)/);
      },
      [request("POST", "/graphql", json({ query: "query Lists($first: Int = 3) { clusters(first: 100) { nodes { memberships(first: $first) { id } } } }", variables: { first: null } }))],
    );
  }, 60_000);

  it("answers the tricky aliases and fragments with a file whose nodes are the clusters asked for, every value an attribute", async () => {
    const answer = await send(request("POST", "/export?format=gexf", json({ query: tricky })));
    expect(answer.status, answer.text).toBe(200);
    const network = parseGexf(Graph, answer.text);
    expect(network.filterNodes((_n, a) => a.type === "Cluster")).toHaveLength(2);
    expect(answer.text).not.toContain("viz:");
  });
});

describe("the hostile suite: retracted-tallies (the events subgraph's link mutations, through the gateway)", () => {
  const source = { title: "Hostile links", document: "hostile-links.pdf", publishedOn: "2025", language: "pl" };
  let owner: string;
  let stranger: string;
  let store: Awaited<ReturnType<typeof openPartnerStore>>;
  // One event of the owner's, retracted at the end so that no list or search of the shared sample graph shows it.
  const eventId = `hostile-links-${randomUUID()}`;

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    const make = async (name: string) => (await createPartner(store.em.fork(), { name, id: `${name.toLowerCase().replace(/ /g, "-")}-${randomUUID().slice(0, 8)}` })).key;
    [owner, stranger] = [await make("Hostile links"), await make("Hostile links stranger")];
    const created = await postQuery(graph.gatewayUrl, `mutation E($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { id: eventId, title: "Hostile forum", kind: "FORUM", status: "HELD", source },
    }, { authorization: `Bearer ${owner}` });
    expect(created.errors).toBeUndefined();
  });
  afterAll(async () => {
    const { data } = await postQuery(graph.gatewayUrl, `query V($id: ID!) { event(id: $id) { version } }`, { id: eventId });
    if (data?.event) await as(owner)(`mutation R($id: ID!, $v: Int!) { retractEvent(id: $id, expectedVersion: $v, reason: "Hostile suite") { id } }`, { id: eventId, v: data.event.version });
    await store?.close();
  });

  const as = (key: string | null) => (query: string, variables: Record<string, unknown>) =>
    postQuery(graph.gatewayUrl, query, variables, key ? { authorization: `Bearer ${key}` } : {});
  const code = (answer: { status: number; errors?: { extensions?: Record<string, unknown> }[] }) => {
    expect(answer.status).toBeLessThan(500);
    const found = answer.errors?.[0]?.extensions?.code;
    expect(typeof found).toBe("string");
    expect(found).not.toBe("INTERNAL_SERVER_ERROR");
    return found;
  };
  const version = async () => (await as(null)(`query V($id: ID!) { event(id: $id) { version } }`, { id: eventId })).data.event.version as number;

  /** Each link mutation of the events subgraph: its name, the argument naming the linked record, and its add input. */
  const LINKS = [
    { link: "EventOrganiser", idName: "organisationId" },
    { link: "EventParticipant", idName: "organisationId" },
    { link: "EventCluster", idName: "clusterId" },
  ];
  const ADD = (link: string) => `mutation A($eventId: ID!, $v: Int!, $input: Add${link}Input!) { add${link}(eventId: $eventId, expectedVersion: $v, input: $input) { version } }`;
  const RETRACT = (link: string, idName: string) =>
    `mutation R($eventId: ID!, $id: ID!, $v: Int!, $reason: String!) { retract${link}(eventId: $eventId, ${idName}: $id, expectedVersion: $v, reason: $reason) { version } }`;
  const RESTORE = (link: string, idName: string) =>
    `mutation S($eventId: ID!, $id: ID!, $v: Int!) { restore${link}(eventId: $eventId, ${idName}: $id, expectedVersion: $v) { version } }`;

  it.each(LINKS)("refuses add$link, retract$link and restore$link without a key with UNAUTHENTICATED, writing nothing", async ({ link, idName }) => {
    const before = await version();
    expect(code(await as(null)(ADD(link), { eventId, v: before, input: { [idName]: "umcs", source } }))).toBe("UNAUTHENTICATED");
    expect(code(await as(null)(RETRACT(link, idName), { eventId, id: "umcs", v: before, reason: "Bez klucza" }))).toBe("UNAUTHENTICATED");
    expect(code(await as(null)(RESTORE(link, idName), { eventId, id: "umcs", v: before }))).toBe("UNAUTHENTICATED");
    expect(await version()).toBe(before);
  });

  it.each(LINKS)("refuses an empty or 201-character $idName and a bad reason in $link with BAD_USER_INPUT naming it", async ({ link, idName }) => {
    for (const id of ["", "x".repeat(201)]) {
      const answer = await as(owner)(ADD(link), { eventId, v: await version(), input: { [idName]: id, source } });
      expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: idName }));
    }
    for (const reason of ["", " \n\t ", "я".repeat(2001)]) {
      const answer = await as(owner)(RETRACT(link, idName), { eventId, id: "umcs", v: await version(), reason });
      expect(answer.errors?.[0].extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "reason" }));
    }
  });

  it.each(LINKS)("guards $link on a real event: another partner, a stale version, a double add, a missing link and a retracted one are coded refusals", async ({ link, idName }) => {
    const id = `hostile-${randomUUID().slice(0, 8)}`;
    const v = await version();
    expect(code(await as(stranger)(ADD(link), { eventId, v, input: { [idName]: id, source } }))).toBe("FORBIDDEN");
    expect(code(await as(owner)(ADD(link), { eventId, v: v - 1, input: { [idName]: id, source } }))).toBe("CONFLICT");
    expect(code(await as(owner)(RETRACT(link, idName), { eventId, id, v, reason: "Nie było go" }))).toBe("NOT_FOUND");
    expect(code(await as(owner)(RESTORE(link, idName), { eventId, id, v }))).toBe("NOT_FOUND");
    expect((await as(owner)(ADD(link), { eventId, v, input: { [idName]: id, source } })).data).toEqual({ [`add${link}`]: { version: v + 1 } });
    expect(code(await as(owner)(ADD(link), { eventId, v: v + 1, input: { [idName]: id, source } }))).toBe("CONFLICT");
    expect(code(await as(stranger)(RETRACT(link, idName), { eventId, id, v: v + 1, reason: "Cudzy" }))).toBe("FORBIDDEN");
    expect((await as(owner)(RETRACT(link, idName), { eventId, id, v: v + 1, reason: "Pomyłka" })).data).toEqual({ [`retract${link}`]: { version: v + 2 } });
    expect(code(await as(owner)(ADD(link), { eventId, v: v + 2, input: { [idName]: id, source } }))).toBe("CONFLICT");
    expect(code(await as(owner)(RETRACT(link, idName), { eventId, id, v: v + 2, reason: "Jeszcze raz" }))).toBe("NOT_FOUND");
    expect(code(await as(stranger)(RESTORE(link, idName), { eventId, id, v: v + 2 }))).toBe("FORBIDDEN");
    expect((await as(owner)(RESTORE(link, idName), { eventId, id, v: v + 2 })).data).toEqual({ [`restore${link}`]: { version: v + 3 } });
    expect(code(await as(owner)(RESTORE(link, idName), { eventId, id, v: v + 3 }))).toBe("NOT_FOUND");
  });

  it("answers any event id, linked id, version and reason with a coded refusal, never a server error", async () => {
    const anyVersion = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LINKS), hostileText, hostileText, anyVersion, hostileText, async ({ link, idName }, event, id, v, reason) => {
        const missing = `${event}-${randomUUID()}`;
        code(await as(owner)(ADD(link), { eventId: missing, v, input: { [idName]: id, source } }));
        code(await as(owner)(RETRACT(link, idName), { eventId: missing, id, v, reason }));
        code(await as(owner)(RESTORE(link, idName), { eventId: missing, id, v }));
        // On the real event only a version that is not its own is given, so that nothing is written.
        code(await as(owner)(RETRACT(link, idName), { eventId, id, v: v === (await version()) ? v + 1 : v, reason }));
      }),
      { ...params, numRuns: Math.min(RUNS, 20) },
    );
  }, 90_000);
});

describe("the hostile suite: change-feed (changes, webhooks)", () => {
  const CHANGES = /* GraphQL */ `
    query HostileChanges($since: String, $types: [String!], $first: Int!) { changes(since: $since, types: $types, first: $first) { endCursor nodes { cursor } } }
  `;
  const SUBSCRIBE = /* GraphQL */ `
    mutation HostileSubscribe($input: WebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id } } }
  `;
  const REPLAY = /* GraphQL */ `
    mutation HostileReplay($id: ID!, $ids: [ID!]) { replayWebhookDeliveries(subscriptionId: $id, deliveryIds: $ids) { id } }
  `;
  const CANCEL = /* GraphQL */ `mutation HostileCancel($id: ID!) { cancelWebhookSubscription(id: $id) { id } }`;
  let key: string;
  let store: Awaited<ReturnType<typeof openPartnerStore>>;

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(graph.postgresUrl, "gateway"));
    key = (await createPartner(store.em.fork(), { name: "Hostile webhooks", id: `hostile-webhooks-${randomUUID().slice(0, 8)}` })).key;
  });
  afterAll(() => store?.close());

  const as = (who: string | null) => (query: string, variables: Record<string, unknown>) =>
    postQuery(graph.gatewayUrl, query, variables, who ? { authorization: `Bearer ${who}` } : {});
  const refusal = (answer: { status: number; errors?: { extensions?: Record<string, unknown> }[] }) => {
    expect(answer.status).toBeLessThan(500);
    return answer.errors?.[0].extensions;
  };

  it.each([
    ["a cursor the feed never gave", { since: "not-a-cursor" }, "since"],
    ["a cursor of another list", { since: Buffer.from("cursor:lubelska-medycyna").toString("base64url") }, "since"],
    ["a cursor with a position past any integer", { since: Buffer.from(`feed:${"9".repeat(40)}`).toString("base64url") }, "since"],
    ["a type that is not a type name", { types: ["'; drop table feed_change; --"] }, "types"],
    ["more than 50 types", { types: Array.from({ length: 51 }, (_, i) => `Type${i}`) }, "types"],
    ["a page of 0", { first: 0 }, "first"],
    ["a page of 101", { first: 101 }, "first"],
  ])("refuses %s in changes with BAD_USER_INPUT naming it", async (_what, variables, argument) => {
    const extensions = refusal(await as(null)(CHANGES, { first: 10, ...variables }));
    expect(extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument }));
  });

  it("answers any since and types with a page or a coded refusal, never a server error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.oneof(hostileText, fc.string().map(text => Buffer.from(`feed:${text}`).toString("base64url"))), { nil: null }), fc.array(hostileText, { maxLength: 5 }), async (since, types) => {
        const answer = await as(null)(CHANGES, { since, types, first: 5 });
        expect(answer.status).toBeLessThan(500);
        // BAD_USER_INPUT from the feed, or the gateway's own refusal of a body over its limit (BODY_TOO_LARGE).
        if (answer.errors) expect(answer.errors[0].extensions?.code).toMatch(/^(BAD_USER_INPUT|BODY_TOO_LARGE)$/);
      }),
      { ...params, numRuns: Math.min(RUNS, 40) },
    );
  }, 60_000);

  it("refuses webhooks to anyone without a partner key", async () => {
    expect(refusal(await as(null)(SUBSCRIBE, { input: { url: "https://example.org/hook" } }))?.code).toBe("UNAUTHENTICATED");
    expect(refusal(await as(null)(`query HostileWebhooks { webhookSubscriptions { id } }`, {}))?.code).toBe("UNAUTHENTICATED");
  });

  it.each([
    ["a file URL", "file:///etc/passwd"],
    ["a javascript URL", "javascript:alert(1)"],
    ["a gopher URL", "gopher://example.org/"],
    ["not a URL", "not a url"],
    ["a URL with credentials", "https://user:secret@example.org/hook"],
    ["loopback", "http://127.0.0.1:4006/graphql"],
    ["loopback by name", "http://localhost/hook"],
    ["IPv6 loopback", "http://[::1]/hook"],
    ["an IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/hook"],
    ["a private network", "http://10.0.0.5/hook"],
    ["a private network, 192.168", "https://192.168.1.1/hook"],
    ["the cloud metadata address", "http://169.254.169.254/latest/meta-data/"],
    ["a decimal loopback", "http://2130706433/hook"],
    ["a bare host name", "http://intranet/hook"],
    ["a URL of 2001 characters", `https://example.org/${"a".repeat(1981)}`],
  ])("refuses a webhook to %s with BAD_USER_INPUT naming url (private addresses need WEBHOOK_ALLOW_PRIVATE_URLS)", async (_what, url) => {
    const extensions = refusal(await as(key)(SUBSCRIBE, { input: { url } }));
    expect(extensions).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "url" }));
  });

  it("refuses bad filters, and unknown or foreign subscriptions as NOT_FOUND", async () => {
    expect(refusal(await as(key)(SUBSCRIBE, { input: { url: "https://example.org/hook", types: ["cluster!"] } }))).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "types" }));
    expect(refusal(await as(key)(SUBSCRIBE, { input: { url: "https://example.org/hook", countries: ["XX"] } }))?.code).toBe("BAD_USER_INPUT");
    for (const id of [randomUUID(), "'; drop table webhook_subscription; --", "x".repeat(50_000)]) {
      expect(refusal(await as(key)(CANCEL, { id }))?.code, id.slice(0, 20)).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
      expect(refusal(await as(key)(REPLAY, { id }))?.code, id.slice(0, 20)).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
    }
  });

  it("shows the secret once, lets only the owner replay, and refuses more than 100 deliveries or a delivery not its own", async () => {
    const made = await as(key)(SUBSCRIBE, { input: { url: "https://example.org/hook", types: ["Cluster"], countries: ["PL"] } });
    expect(made.errors).toBeUndefined();
    const id = made.data.createWebhookSubscription.subscription.id;
    const listed = await as(key)(`query HostileWebhooks { webhookSubscriptions { id url types countries active } }`, {});
    expect(JSON.stringify(listed.data)).not.toContain(made.data.createWebhookSubscription.secret);
    const someoneElse = (await createPartner(store.em.fork(), { name: "Hostile other", id: `hostile-other-${randomUUID().slice(0, 8)}` })).key;
    expect(refusal(await as(someoneElse)(REPLAY, { id }))?.code).toBe("NOT_FOUND");
    expect(refusal(await as(someoneElse)(CANCEL, { id }))?.code).toBe("NOT_FOUND");
    expect((await as(someoneElse)(`query HostileWebhooks { webhookSubscriptions { id } }`, {})).data).toEqual({ webhookSubscriptions: [] });
    expect(refusal(await as(key)(REPLAY, { id, ids: Array.from({ length: 101 }, () => randomUUID()) }))).toEqual(expect.objectContaining({ code: "BAD_USER_INPUT", argument: "deliveryIds" }));
    expect(refusal(await as(key)(REPLAY, { id, ids: ["msg_not_one_of_its_own"] }))?.code).toBe("NOT_FOUND");
    expect((await as(key)(CANCEL, { id })).errors).toBeUndefined();
  });
});
