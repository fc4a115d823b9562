import { createHash, randomBytes } from "node:crypto";
import { gunzipSync } from "node:zlib";
import type { MikroORM } from "@mikro-orm/postgresql";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readGatewayConfig } from "../gateway/config";
import { runGateway, type RunningGateway } from "../gateway/gateway";
import { createPartner, issueKey, openPartnerStore, revokeKey } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { startGateway } from "../scripts/graph";
import { subgraphUrlVariable } from "../gateway/config";
import { codesOf, send, type RawAnswer } from "./helpers/http";

// A gateway of its own, in this process so that the test can list its Express routes, in front of the shared graph's
// subgraphs, with a partner database of its own and a small rate limit: 20 requests a minute from an address without a
// valid key. Every story asks from a loopback address of its own (127.0.0.0/8), so each has a bucket of its own.
const ADDRESS_LIMIT = 20;
const storeUrl = () => {
  const url = new URL(inject("graph").postgresUrl);
  url.pathname = "/frontdoor";
  return subgraphDatabaseUrl(url.toString(), "gateway");
};
let gateway: RunningGateway;
let store: MikroORM;
let base: string;

beforeAll(async () => {
  store = await openPartnerStore(storeUrl());
  gateway = await runGateway(
    readGatewayConfig({
      PORT: "0",
      LOG_LEVEL: "fatal",
      GATEWAY_SECRET: inject("gatewaySecret"),
      DATABASE_URL: storeUrl(),
      RATE_LIMIT_PER_ADDRESS: String(ADDRESS_LIMIT),
      RATE_LIMIT_PER_KEY: "1000",
      ...Object.fromEntries(Object.entries(inject("graph").subgraphUrls).map(([name, url]) => [subgraphUrlVariable(name), url])),
    }),
  );
  base = gateway.url.replace(/\/graphql$/, "");
});
afterAll(async () => {
  await gateway?.stop();
  await store?.close();
});

let lastAddress = 10;
/** A loopback address no story has used yet: a fresh rate-limit bucket. */
const freshAddress = () => `127.0.0.${++lastAddress}`;

const json = (body: unknown) => ({ "content-type": "application/json", body: JSON.stringify(body) });
const post = (path: string, body: unknown, from: string, headers: Record<string, string> = {}) => {
  const { body: text, ...type } = json(body);
  return send(`${base}${path}`, { method: "POST", headers: { ...type, ...headers }, body: text, from });
};

// What a route for every method (app.all) is tried with.
const EVERY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** The routes the gateway's Express app has, as method and path, read from its router's stack (Express 5). */
function routesOf(app: RunningGateway["app"]): { method: string; path: string }[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap(layer => {
    if (!layer.route) return [];
    const methods = Object.keys(layer.route.methods).map(method => method.toUpperCase());
    return (methods.length > EVERY_METHOD.length ? EVERY_METHOD : methods).map(method => ({ method, path: layer.route!.path }));
  });
}

function expectSecurityHeaders(answer: RawAnswer) {
  expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(answer.headers["x-frame-options"]).toBe("DENY");
  expect(answer.headers["x-powered-by"]).toBeUndefined();
  expect(answer.headers["x-request-id"]).toBeTruthy();
}

describe("one front door for every route", () => {
  it("puts the front door before every route the app has, and nothing else but the 404 and the last error handler after them", () => {
    const stack = (gateway.app as unknown as { router: { stack: { name: string; route?: unknown }[] } }).router.stack;
    // Anything mounted with app.use would escape the walks below, which try each route: a new handler must be a route.
    const layers = stack.map(layer => (layer.route ? "route" : layer.name));
    expect(layers[0]).toBe("router");
    expect(layers.slice(1, -2).every(layer => layer === "route")).toBe(true);
    expect(layers.slice(-2)).toEqual(["notFound", "lastResort"]);
    expect(routesOf(gateway.app)).toEqual(
      expect.arrayContaining([
        { method: "GET", path: "/graphql" },
        { method: "POST", path: "/graphql" },
        { method: "POST", path: "/export" },
        { method: "GET", path: "/dashboard" },
        { method: "GET", path: "/dashboard/:file" },
        { method: "GET", path: "/health" },
        { method: "GET", path: "/metrics" },
      ]),
    );
  });

  it("refuses a body over MAX_BODY_BYTES with 413 on every route, and on a path it does not serve, with the security headers", async () => {
    const oversized = JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(100_001) } });
    for (const { method, path } of [...routesOf(gateway.app), { method: "GET", path: "/nowhere" }]) {
      const answer = await send(`${base}${path}`, { method, headers: { "content-type": "application/json", accept: "text/html" }, body: oversized, from: freshAddress() });
      expect({ method, path, status: answer.status, codes: codesOf(answer) }).toEqual({ method, path, status: 413, codes: ["BODY_TOO_LARGE"] });
      expectSecurityHeaders(answer);
    }
  });

  it("rate-limits every route, and a path it does not serve, from one address", async () => {
    for (const { method, path } of [...routesOf(gateway.app), { method: "GET", path: "/nowhere" }]) {
      const from = freshAddress();
      for (let i = 0; i < ADDRESS_LIMIT; i++) await send(`${base}/health`, { from });
      const answer = await send(`${base}${path}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }), from });
      expect({ method, path, status: answer.status, codes: codesOf(answer) }).toEqual({ method, path, status: 429, codes: ["RATE_LIMITED"] });
      expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
      expectSecurityHeaders(answer);
    }
  });

  it("sends the security headers with what it serves too: GraphQL, an export, health and metrics", async () => {
    const from = freshAddress();
    const served = [
      await post("/graphql", { query: "{ __typename }" }, from),
      await post("/export?format=csv", { query: "{ clusters(first: 1) { nodes { id } } }" }, from),
      await send(`${base}/health`, { from }),
      await send(`${base}/metrics`, { from }),
    ];
    expect(served.map(answer => answer.status)).toEqual([200, 200, 200, 200]);
    for (const answer of served) {
      expectSecurityHeaders(answer);
      expect(answer.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
    }
  });

  it("answers a path it does not serve with a coded 404 in JSON, without echoing the path", async () => {
    const answer = await send(`${base}/%3Cscript%3Ealert(1)%3C/script%3E`, { from: freshAddress() });
    expect(answer.status).toBe(404);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(answer.json()).toEqual({
      errors: [{ message: "Nothing here: the gateway serves /graphql, /export, /reconcile, /dashboard, /portal, /health and /metrics", extensions: { code: "NOT_FOUND", requestId: answer.headers["x-request-id"] } }],
    });
  });
});

describe("rate limits that count everyone", () => {
  const lookups = async (key: string) => {
    const metrics = await send(`${base}/metrics`, { headers: { authorization: `Bearer ${key}` }, from: "127.0.0.2" });
    expect(metrics.status).toBe(200);
    const count = (outcome: string) => Number(new RegExp(`clusterhub_gateway_key_lookups_total\\{outcome="${outcome}"\\} (\\d+)`).exec(metrics.text)?.[1] ?? 0);
    return { found: count("found"), unknown: count("unknown") };
  };
  const ask = (from: string, key: string) => post("/graphql", { query: "{ __typename }" }, from, { authorization: `Bearer ${key}` });
  const statuses = (answers: RawAnswer[]) => answers.map(answer => answer.status);

  let partner: { id: string; key: string; keyId: string };
  beforeAll(async () => {
    const made = await createPartner(store.em.fork(), { name: "Front door", id: `front-door-${randomBytes(4).toString("hex")}` });
    partner = { id: made.partner.id, key: made.key, keyId: made.keyId };
  });

  it("charges made-up keys to the address and refuses them 429 past its limit, looking up only as many as the address may send", async () => {
    const before = await lookups(partner.key);
    const from = freshAddress();
    const answers: RawAnswer[] = [];
    for (let i = 0; i < 60; i++) answers.push(await ask(from, `chk_${randomBytes(32).toString("base64url")}`));
    expect(statuses(answers)).toEqual([...Array(ADDRESS_LIMIT).fill(401), ...Array(60 - ADDRESS_LIMIT).fill(429)]);
    expect(codesOf(answers[0])).toEqual(["UNAUTHENTICATED"]);
    expect(codesOf(answers[59])).toEqual(["RATE_LIMITED"]);
    expect((await lookups(partner.key)).unknown - before.unknown).toBe(ADDRESS_LIMIT);
  });

  it("remembers a key it did not find: asking again with it looks nothing up, and still costs the address", async () => {
    const made = `chk_${randomBytes(32).toString("base64url")}`;
    const from = freshAddress();
    const first = await ask(from, made);
    const before = await lookups(partner.key);
    const again = [];
    for (let i = 0; i < ADDRESS_LIMIT; i++) again.push(await ask(from, made));
    expect(statuses([first, ...again])).toEqual([...Array(ADDRESS_LIMIT).fill(401), 429]);
    expect((await lookups(partner.key)).unknown).toBe(before.unknown);
    // A malformed header is charged alike.
    const malformed = await send(gateway.url, { method: "POST", headers: { "content-type": "application/json", authorization: "Basic Zm9vOmJhcg==" }, body: "{}", from });
    expect(codesOf(malformed)).toEqual(["RATE_LIMITED"]);
  });

  it("serves a partner at once, from an address that made-up keys have used up, and with a key made after the flood", async () => {
    const from = freshAddress();
    for (let i = 0; i < ADDRESS_LIMIT + 2; i++) await ask(from, `made-up-${i}`);
    await lookups(partner.key); // the partner has been served lately, from elsewhere
    const served = await ask(from, partner.key);
    expect(served.status).toBe(200);
    expect(served.json()).toEqual({ data: { __typename: "Query" } });

    const { key: newKey } = await issueKey(store.em.fork(), partner.id);
    const fresh = await ask(freshAddress(), newKey);
    expect(fresh.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("refuses a revoked key from the next request on", async () => {
    const { key, keyId } = await issueKey(store.em.fork(), partner.id);
    const from = freshAddress();
    expect((await ask(from, key)).status).toBe(200);
    await revokeKey(store.em.fork(), keyId);
    const refused = await ask(from, key);
    expect(refused.status).toBe(401);
    expect(refused.json().errors[0].message).toBe("The key is unknown or has been revoked");
  });

  it("charges a batch one token per operation", async () => {
    const operation = { query: "{ __typename }" };
    const from = freshAddress();
    // MAX_BATCH is 10: two batches of 10 spend the address's 20.
    const first = await post("/graphql", Array(10).fill(operation), from);
    expect(first.status).toBe(200);
    const batch = await post("/graphql", Array(10).fill(operation), from);
    expect(batch.json()).toEqual(Array(10).fill({ data: { __typename: "Query" } }));
    const after = await post("/graphql", operation, from);
    expect(codesOf(after)).toEqual(["RATE_LIMITED"]);

    const spent = freshAddress();
    for (let i = 0; i < ADDRESS_LIMIT - 9; i++) await post("/graphql", operation, spent);
    const tooMany = await post("/graphql", Array(10).fill(operation), spent);
    expect(tooMany.status).toBe(429);
    expect(tooMany.json().errors[0].message).toMatch(/a batch of 10 operations counts 10 requests/);
  });
});

describe("the explorer at the front door", () => {
  const page = (from: string, headers: Record<string, string> = {}) =>
    send(gateway.url, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "accept-encoding": "gzip", ...headers }, from });

  it("is compressed, cached by ETag, 304 when the browser has it, and within the address's rate limit", async () => {
    const from = freshAddress();
    const first = await page(from);
    expect(first.status).toBe(200);
    expect(first.headers["content-encoding"]).toBe("gzip");
    expect(first.headers["cache-control"]).toBe("public, max-age=600");
    expect(first.body.length).toBeLessThan(3_000_000);
    const html = gunzipSync(first.body).toString("utf8");
    expect(html).toContain("<title>Cluster Hub explorer</title>");

    const again = await page(from, { "if-none-match": first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);

    // The gzipped page counted 10 requests (one per 256 KiB), the 304 one: 9 more 304s spend the address's 20.
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push((await page(from, { "if-none-match": first.headers.etag! })).status);
    expect(answers).toEqual([...Array(9).fill(304), 429]);
  });

  it("counts the page sent whole, uncompressed, as up to a minute's requests, and refuses it with no page headers", async () => {
    const from = freshAddress();
    const whole = await page(from, { "accept-encoding": "identity" });
    expect(whole.status).toBe(200);
    expect(whole.headers["content-encoding"]).toBeUndefined();
    expect(whole.body.length).toBeGreaterThan(8_000_000);
    const refused = await page(from, { "accept-encoding": "identity" });
    expect(codesOf(refused)).toEqual(["RATE_LIMITED"]);
    expect(refused.headers["cache-control"]).toBeUndefined();
    expect(refused.headers["content-security-policy"]).toContain("default-src 'none'");
  });

  it("allows its own inline scripts by their hashes, and no framing", async () => {
    const answer = await page(freshAddress());
    const html = gunzipSync(answer.body).toString("utf8");
    const policy = answer.headers["content-security-policy"]!;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, code]) => `'sha256-${createHash("sha256").update(code).digest("base64")}'`);
    expect(scripts.length).toBeGreaterThan(0);
    expect(policy).toBe(
      `default-src 'none'; script-src ${scripts.join(" ")} blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    );
    expect(policy).not.toContain("unsafe-eval");
    expect(answer.headers["x-frame-options"]).toBe("DENY");
  });
});

// A gateway process in each NODE_ENV whose partner store has lost its api_key table (a deploy that skipped a
// migration), so that a keyed request makes the key check throw: what a client sees of an error must not depend on it.
describe.each(["production", "development"])("errors in NODE_ENV=%s", nodeEnv => {
  let child: Awaited<ReturnType<typeof startGateway>>;
  let origin: string;
  const brokenStoreUrl = () => {
    const url = new URL(inject("graph").postgresUrl);
    url.pathname = `/frontdoor${nodeEnv}`;
    return subgraphDatabaseUrl(url.toString(), "gateway");
  };
  beforeAll(async () => {
    child = await startGateway({
      subgraphUrls: inject("graph").subgraphUrls,
      env: { NODE_ENV: nodeEnv, GATEWAY_SECRET: inject("gatewaySecret"), DATABASE_URL: brokenStoreUrl() },
      logLevel: "fatal",
    });
    origin = child.url.replace(/\/graphql$/, "");
    const pg = new Client({ connectionString: brokenStoreUrl() });
    await pg.connect();
    // CASCADE: the portal's sessions hang on the keys (gateway/partners.ts).
    await pg.query("DROP TABLE api_key CASCADE");
    await pg.end();
  });
  afterAll(() => child?.stop());

  const exportCsv = (body: string, headers: Record<string, string> = {}) =>
    send(`${origin}/export?format=csv`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

  /** The answer is GraphQL-over-HTTP JSON with one coded error and the request id, and says nothing of the code behind it. */
  function expectCodedJson(answer: RawAnswer, status: number, code: string) {
    expect({ status: answer.status, type: answer.headers["content-type"] }).toEqual({ status, type: "application/json; charset=utf-8" });
    expect(answer.json()).toEqual({ errors: [expect.objectContaining({ message: expect.any(String), extensions: expect.objectContaining({ code, requestId: answer.headers["x-request-id"] }) })] });
    expect(answer.text).not.toMatch(/<html|<pre|stacktrace|\bat \S+ \(|\/work\/|node_modules|\.[jt]s:\d+/i);
  }

  it("answers malformed JSON on /export and /graphql with 400 BAD_REQUEST", async () => {
    expectCodedJson(await exportCsv('{"query": "{ clusters { totalCount } }"'), 400, "BAD_REQUEST");
    expectCodedJson(await send(child.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ query" }), 400, "BAD_REQUEST");
  });

  it("answers a body that is not JSON, or not in a charset it reads, with 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    expectCodedJson(await exportCsv("query=%7B%7D", { "content-type": "application/x-www-form-urlencoded" }), 415, "UNSUPPORTED_MEDIA_TYPE");
    expectCodedJson(await exportCsv(JSON.stringify({ query: "{ __typename }" }), { "content-type": "application/json; charset=koi8-x" }), 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("answers an error thrown inside the gateway with 500 INTERNAL_SERVER_ERROR, masked, on /export and /graphql", async () => {
    const keyed = { authorization: "Bearer chk_any-key-at-all" };
    expectCodedJson(await exportCsv(JSON.stringify({ query: "{ clusters { nodes { id } } }" }), keyed), 500, "INTERNAL_SERVER_ERROR");
    const graphql = await send(child.url, { method: "POST", headers: { "content-type": "application/json", ...keyed }, body: JSON.stringify({ query: "{ __typename }" }) });
    expectCodedJson(graphql, 500, "INTERNAL_SERVER_ERROR");
    expect(graphql.json().errors[0].message).toBe("Internal server error");
  });

  it("answers a query that does not validate, and a path it does not serve, with coded JSON", async () => {
    expectCodedJson(await exportCsv(JSON.stringify({ query: "{ clusters { nope } }" })), 400, "GRAPHQL_VALIDATION_FAILED");
    expectCodedJson(await send(`${origin}/export/nowhere`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), 404, "NOT_FOUND");
  });

  it(nodeEnv === "production" ? "keeps the schema closed to introspection" : "opens the schema to introspection", async () => {
    const answer = await send(child.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __schema { queryType { name } } }" }) });
    if (nodeEnv === "production") expectCodedJson(answer, 400, "GRAPHQL_VALIDATION_FAILED");
    else expect(answer.json()).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
  });
});

describe("the dashboard at the front door", () => {
  const file = (path: string, from: string, headers: Record<string, string> = {}) => send(`${base}${path}`, { headers: { "accept-encoding": "br, gzip", ...headers }, from });

  it("sends the page, its script and its styles compressed, with their own policy (self only), and 304 when the browser has them", async () => {
    const from = freshAddress();
    for (const [path, type] of [
      ["/dashboard", "text/html; charset=utf-8"],
      ["/dashboard/dashboard.js", "text/javascript; charset=utf-8"],
      ["/dashboard/dashboard.css", "text/css; charset=utf-8"],
    ]) {
      const first = await file(path, from);
      expect({ path, status: first.status, type: first.headers["content-type"], encoding: first.headers["content-encoding"] }).toEqual({ path, status: 200, type, encoding: "br" });
      expect(first.headers["content-security-policy"]).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      expect(first.headers["x-frame-options"]).toBe("DENY");
      expect(first.headers["x-request-id"]).toBeTruthy();
      const again = await file(path, from, { "if-none-match": first.headers.etag! });
      expect({ path, status: again.status, length: again.body.length }).toEqual({ path, status: 304, length: 0 });
    }
    const html = (await file("/dashboard", from, { "accept-encoding": "identity" })).text;
    expect(html).toContain('<script type="module" src="/dashboard/dashboard.js"></script>');
    // No inline script, and nothing from another origin.
    expect(html).not.toMatch(/<script>|<script [^>]*>[^<]|https?:\/\//);
  });

  it("answers any other file under /dashboard with the coded 404", async () => {
    const answer = await file("/dashboard/main.ts", freshAddress());
    expect(answer.status).toBe(404);
    expect(codesOf(answer)).toEqual(["NOT_FOUND"]);
  });
});
