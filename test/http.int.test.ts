import { describe, expect, it } from "vitest";
import { theGraph } from "./helpers/graph";

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

  it("blocks a simple text/plain POST as a possible CSRF", async () => {
    const response = await fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ query: QUERY }) });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Cross-Site Request Forgery");
  });

  it("refuses a POST without a query, with 400 and a code", async () => {
    const response = await fetch(graph.gatewayUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ variables: {} }) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});
