import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { selectionCost } from "../gateway/limits";
import { hmacKey, signSubgraphRequest } from "../lib/platform/signature";
import { startGateway } from "../scripts/graph";
import { MAX_PAGE } from "../lib/subgraph/pagination";
import { gatewayEnvSchema } from "../gateway/config";
import { theGraph, withoutSql } from "./helpers/graph";
import { freePort } from "../scripts/ports";
import { codesOf, send } from "./helpers/http";

const graph = theGraph();

/** Posts a raw body to the gateway and reads the answer, whatever its status. */
async function post(body: string, headers: Record<string, string> = {}, url = graph.gatewayUrl) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };
}

const codeOf = (answer: Awaited<ReturnType<typeof post>>) => answer.body.errors?.map(error => error.extensions.code);

// A refusal must leave every subgraph's statement counter as it was.
async function refusedBeforeAnySubgraph(send: () => Promise<Awaited<ReturnType<typeof post>>>) {
  const { answer, still } = await withoutSql(graph, send);
  expect(still).toBe(true);
  expect(answer.body.data).toBeUndefined();
  return answer;
}

describe("limits at the gateway", () => {
  it("refuses a query nested deeper than 12, before any subgraph is called", async () => {
    const deep = `{ clusters { nodes { memberships { organisation { memberships { cluster { memberships { organisation { memberships { cluster { memberships { organisation { memberships { cluster { name } } } } } } } } } } } } } } }`;
    const answer = await refusedBeforeAnySubgraph(() => post(JSON.stringify({ query: deep })));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(["DEPTH_LIMIT_EXCEEDED"]);
    expect(answer.body.errors?.[0].message).toContain("depth limit of 12");
  });

  it("refuses more than 15 aliases", async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: cluster(id: "lubelska-medycyna") { name }`).join(" ");
    const answer = await refusedBeforeAnySubgraph(() => post(JSON.stringify({ query: `{ ${aliases} }` })));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(["ALIAS_LIMIT_EXCEEDED"]);
  });

  it("refuses more than 20 directives", async () => {
    const fields = Array.from({ length: 21 }, () => "totalCount @include(if: true)").join(" ");
    const answer = await refusedBeforeAnySubgraph(() => post(JSON.stringify({ query: `{ clusters { ${fields} } }` })));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(["DIRECTIVE_LIMIT_EXCEEDED"]);
  });

  it("refuses a document of more than 2000 tokens", async () => {
    const fields = Array.from({ length: 2001 }, () => "totalCount").join(" ");
    const answer = await refusedBeforeAnySubgraph(() => post(JSON.stringify({ query: `{ clusters { ${fields} } }` })));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(["TOKEN_LIMIT_EXCEEDED"]);
  });

  it("caps the page size at the gateway, with the subgraphs' message, also through a variable", async () => {
    const answer = await refusedBeforeAnySubgraph(() => post(JSON.stringify({ query: `query Big($n: Int!) { organisations(first: $n) { totalCount } }`, variables: { n: 101 } })));
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { message: 'Invalid value for "first": must be between 1 and 100, got 101', extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argument: "first" }) },
    ]);
    expect(gatewayEnvSchema.shape.MAX_PAGE.parse(undefined)).toBe(MAX_PAGE);
  });

  it("refuses a body over 100 000 bytes with 413", async () => {
    const answer = await post(JSON.stringify({ query: "{ clusters { totalCount } }", variables: { padding: "x".repeat(100_001) } }));
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toEqual(["BODY_TOO_LARGE"]);
  });

  it("serves a batch of up to 10 operations and refuses a larger one", async () => {
    const operation = { query: "{ clusters { totalCount } }" };
    const ten = await post(JSON.stringify(Array(10).fill(operation)));
    expect(ten.status).toBe(200);
    expect(ten.body).toEqual(Array(10).fill({ data: { clusters: { totalCount: 8 } } }));
    const eleven = await refusedBeforeAnySubgraph(() => post(JSON.stringify(Array(11).fill(operation))));
    expect(eleven.status).toBe(400);
    expect(codeOf(eleven)).toEqual(["BATCH_LIMIT_EXCEEDED"]);
  });

  it("refuses a body that is not JSON, with a GraphQL error and no stack", async () => {
    const answer = await post(`{"query": "{ clusters { totalCount } }"`);
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(["BAD_REQUEST"]);
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.js|node_modules/);
  });
});

// A gateway of its own with small rate limits, in front of subgraphs that are not there: refusals need none.
describe("rate limits", () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}/graphql`;
    gateway = await startGateway({
      subgraphUrls: { organisations: nowhere, clusters: nowhere, partnerships: nowhere, funding: nowhere },
      env: { RATE_LIMIT_PER_KEY: "5", RATE_LIMIT_PER_ADDRESS: "3" },
    });
  });
  afterAll(() => gateway?.stop());

  const ask = (headers: Record<string, string> = {}) => post(JSON.stringify({ query: "{ __typename }" }), headers, gateway.url);

  it("lets an anonymous address make 3 requests a minute, then answers 429 with Retry-After", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await ask());
    expect(answers.map(a => a.status)).toEqual([200, 200, 200, 429]);
    expect(codeOf(answers[3])).toEqual(["RATE_LIMITED"]);
    expect(Number(answers[3].headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("charges a key it cannot accept to the address: the address's requests left are spent, then 429 without a lookup", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(gateway.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer made-up-${i}` }, body: JSON.stringify({ query: "{ __typename }" }), from: "127.0.0.2" }));
    // This gateway knows no partner, so every key is refused; past the address's 3 requests, before anything is looked up.
    expect(answers.map(a => a.status)).toEqual([401, 401, 401, 429]);
    expect(answers.map(a => codesOf(a)[0])).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"]);
  });
});

// The sample data: 8 clusters, 18 memberships (at most 9 in one cluster, 3 of one organisation), 9 partnerships.
describe("what a query costs, by the lists in the data", () => {
  const supergraph = buildSchema(readFileSync(path.resolve(__dirname, "../schema/supergraph.graphql"), "utf8").replace(/^.*@link.*$/gm, ""), { assumeValidSDL: true });
  const everyListFull = (query: string) => {
    const operation = parse(query).definitions[0] as OperationDefinitionNode;
    return selectionCost(operation.selectionSet, supergraph.getQueryType()!, { schema: supergraph, fragments: {}, variables: {}, listSize: 5, maxPage: 100 });
  };
  const ANALYST = /* GraphQL */ `
    query Analyst {
      clusters(first: 100) {
        nodes {
          id name country
          memberships(first: 100) { roles organisation { id name country kind memberships { roles cluster { id name country } } partnerships { id title countries } } }
          partnerships { id title kind countries parties { role organisation { id name } cluster { id name } } }
        }
      }
    }
  `;

  it("serves an analyst's two levels of lists under 100 clusters, which lists counted full would price over 500,000", async () => {
    expect(everyListFull(ANALYST)).toBeGreaterThan(500_000);
    const answer = await post(JSON.stringify({ query: ANALYST }));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const clusters = (answer.body.data as { clusters: { nodes: { id: string; memberships: unknown[] }[] } }).clusters.nodes;
    expect(clusters).toHaveLength(8);
    expect(clusters.find(cluster => cluster.id === "lubelski-klaster-biotechnologiczny")?.memberships).toHaveLength(9);
  });

  it("refuses what the longest lists would make large, before any subgraph is called, saying the estimate and which list to cut; `first` makes it fit", async () => {
    // Memberships five lists deep: 8 clusters × 9 members × 3 clusters each × 9 × 3 × 9, at most.
    const deep = (first: string) => /* GraphQL */ `
      query Deep { clusters(first: 100) { nodes { memberships${first} { organisation { memberships { cluster { memberships${first} { organisation { memberships { cluster { memberships${first} { id } } } } } } } } } } } }
    `;
    const answer = await refusedBeforeAnySubgraph(() => post(JSON.stringify({ query: deep("") })));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(["COST_LIMIT_EXCEEDED"]);
    const [error] = answer.body.errors!;
    expect(error.message).toMatch(/^Query cost \d+ is over the limit of 50000 \(about \d+ with lists of average length\), counted from how long the lists are in the data\. The lists that multiply it most: clusters\.nodes\.memberships\.organisation\.memberships\.cluster\.memberships\.organisation\.memberships\.cluster\.memberships \(9 per parent\)/);
    expect(error.message).toContain("To fit, give clusters.nodes.memberships.organisation.memberships.cluster.memberships.organisation.memberships.cluster.memberships a smaller `first`");
    expect(error.extensions).toMatchObject({ cost: expect.any(Number), averageCost: expect.any(Number), limit: 50_000 });
    expect(error.extensions.cost as number).toBeGreaterThan(50_000);
    const fits = await post(JSON.stringify({ query: deep("(first: 2)") }));
    expect(fits.status).toBe(200);
    expect(fits.body.errors).toBeUndefined();
  });

  it("is told by each subgraph, and only through the gateway's signature, how long the lists of its tables are", async () => {
    const url = graph.subgraphUrls.clusters.replace(/\/graphql$/, "/list-sizes");
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(401);
    const headers = signSubgraphRequest(hmacKey(inject("gatewaySecret")), { method: "GET", url, caller: null, requestId: "test-list-sizes" });
    const signed = await fetch(url, { headers });
    expect(signed.status).toBe(200);
    const { sizes } = (await signed.json()) as { sizes: Record<string, { max: number; average: number }> };
    expect(sizes["Cluster.memberships"]).toEqual({ max: 9, average: 3.6 });
    expect(sizes["Organisation.memberships"].max).toBe(3);
    expect(sizes["Query.clusters"]).toEqual({ max: 8, average: 8 });
  });
});
