import { describe, expect, it } from "vitest";
import { signedAsGateway, theGraph } from "./helpers/graph";

const graph = theGraph();
const QUERY = /* GraphQL */ `query Count { clusters { totalCount } }`;

describe("GraphQL over HTTP", () => {
  it("answers application/graphql-response+json when the client asks for it", async () => {
    const response = await fetch(graph.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
    expect(await response.json()).toEqual({ data: { clusters: { totalCount: 8 } } });
  });

  it("answers a query that does not validate with 400 under application/graphql-response+json", async () => {
    const response = await fetch(graph.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: "{ clusters { nope } }" }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("serves a query over GET with a preflight header", async () => {
    const response = await fetch(`${graph.gatewayUrl}?query=${encodeURIComponent(QUERY)}`, { headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { clusters: { totalCount: 8 } } });
  });

  it("refuses a mutation over GET with 405 and Allow: POST", async () => {
    const response = await fetch(`${graph.gatewayUrl}?query=${encodeURIComponent("mutation M { __typename }")}`, { headers: { "apollo-require-preflight": "true" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("blocks a simple GET (no preflight header, no JSON content type) as a possible CSRF", async () => {
    const response = await fetch(`${graph.gatewayUrl}?query=${encodeURIComponent(QUERY)}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Cross-Site Request Forgery");
  });

  it("refuses a text/plain POST, what a cross-site form can send without a preflight, with 415 and a code, unread", async () => {
    const response = await fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: QUERY }) });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([{ message: "The body must be JSON, sent with Content-Type: application/json", extensions: { code: "UNSUPPORTED_MEDIA_TYPE", requestId: expect.any(String) } }]);
  });

  it("refuses a POST without a query, with 400 and a code", async () => {
    const response = await fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ variables: {} }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});

describe("a subgraph's HTTP server", () => {
  const clusters = () => graph.subgraphUrls.clusters;
  const post = async (body: string, headers: Record<string, string> = signedAsGateway(clusters(), body)) => {
    const response = await fetch(clusters(), { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] } };
  };

  it("refuses a signed body over 1 MB with 413 and one that is not JSON with 400, each with a code that says why", async () => {
    const large = await post(JSON.stringify({ query: "{ __typename }", variables: { padding: "x".repeat(1024 * 1024) } }));
    expect(large.status).toBe(413);
    expect(large.body.errors?.map(e => e.extensions.code)).toEqual(["BODY_TOO_LARGE"]);
    const malformed = await post("{ query");
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.map(e => e.extensions.code)).toEqual(["BAD_REQUEST"]);
    expect(malformed.body.errors?.[0].message).toMatch(/^Request body is not valid JSON/);
  });

  it("checks the gateway's signature before it reads the body", async () => {
    const answer = await post("{ query", {});
    expect(answer.status).toBe(401);
    expect(answer.body.errors?.map(e => e.extensions.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("says it is ready on /health, gives its metrics on /metrics and 404 with a code elsewhere", async () => {
    const base = clusters().replace(/\/graphql$/, "");
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ready", subgraph: "clusters" });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await metrics.text()).toContain("clusterhub_sql_statements_total");
    const unknown = await fetch(`${base}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe("NOT_FOUND");
  });
});
