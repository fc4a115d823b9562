import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { costRefusal, exceedsTokenLimit, queryCost, selectionCost } from "../gateway/limits";
import { ListSizes, readSupergraph, type FieldSize, type ListSizeLookup } from "../gateway/list-sizes";
import { hmacKey } from "../lib/platform/signature";
import { TokenBuckets } from "../gateway/http";
import { readGatewayConfig } from "../gateway/config";

describe("the rate limiter's token buckets", () => {
  it("allow a burst of the per-minute limit, then one request per 60/limit seconds, per caller", () => {
    let now = 0;
    const buckets = new TokenBuckets(3, () => now);
    expect([1, 2, 3].map(() => buckets.take("a").ok)).toEqual([true, true, true]);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(buckets.take("b").ok).toBe(true);
    now += 19_000;
    expect(buckets.take("a").ok).toBe(false);
    now += 1_000;
    expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a").ok).toBe(false);
  });

  it("forget a caller idle for a minute, and the least recently seen one past the most they remember", () => {
    let now = 0;
    const buckets = new TokenBuckets(3, () => now, 2);
    buckets.take("a");
    now += 30_000;
    buckets.take("b");
    expect(buckets.size).toBe(2);
    now += 30_000;
    buckets.take("b");
    expect(buckets.size).toBe(1);
    // "b" is the least recently seen of three: it goes, and the two others keep what they have spent.
    expect([buckets.take("c").ok, buckets.take("c").ok, buckets.take("c").ok, buckets.take("d").ok]).toEqual([true, true, true, true]);
    expect(buckets.size).toBe(2);
    expect(buckets.take("c")).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(buckets.take("b").ok).toBe(true);
    expect(buckets.size).toBe(2);
  });
});

describe("the gateway's configuration", () => {
  it("has the documented defaults and names every bad limit", () => {
    const config = readGatewayConfig({});
    expect(config).toMatchObject({
      MAX_DEPTH: 12, MAX_ALIASES: 15, MAX_TOKENS: 2000, MAX_DIRECTIVES: 20, MAX_COST: 50_000, COST_LIST_SIZE: 5, MAX_PAGE: 100,
      MAX_BODY_BYTES: 100_000, MAX_BATCH: 10, RATE_LIMIT_PER_KEY: 1200, RATE_LIMIT_PER_ADDRESS: 300, SUBGRAPH_TIMEOUT_MS: 5000,
      MAX_FETCHED_IN_FLIGHT: 6_400_000, ADMISSION_TIMEOUT_MS: 10_000,
    });
    expect(() => readGatewayConfig({ MAX_DEPTH: "0", SUBGRAPH_TIMEOUT_MS: "soon" })).toThrow(/MAX_DEPTH[\s\S]*SUBGRAPH_TIMEOUT_MS/);
  });
});

describe("the cost of a query", () => {
  const schema = buildSchema(readFileSync(path.resolve(__dirname, "../schema/supergraph.graphql"), "utf8").replace(/^.*@link.*$/gm, ""), { assumeValidSDL: true });
  const cost = (query: string) => {
    const operation = parse(query).definitions[0] as OperationDefinitionNode;
    return selectionCost(operation.selectionSet, schema.getQueryType()!, { schema, fragments: {}, variables: {}, listSize: 5, maxPage: 100 });
  };

  it("counts each cluster's members as `first` says, and as the list size when `first` is left out (all of them)", () => {
    // clusters(first: 10): 1 + 10 × (nodes: 1 + memberships: 1 + n × (id: 1))
    expect(cost(`{ clusters(first: 10) { nodes { memberships(first: 3) { id } } } }`)).toBe(1 + 10 * (1 + (1 + 3 * 1)));
    expect(cost(`{ clusters(first: 10) { nodes { memberships { id } } } }`)).toBe(1 + 10 * (1 + (1 + 5 * 1)));
  });
});

describe("the token limit", () => {
  it("gives the same verdict for a document asked again, whatever the limit it was first counted under", () => {
    const query = "{ clusters(first: 5) { nodes { id name country } } }";
    expect(exceedsTokenLimit(query, 100)).toBe(false);
    expect(exceedsTokenLimit(query, 100)).toBe(false);
    // Remembered as within 100 tokens, but counted again under a smaller limit.
    expect(exceedsTokenLimit(query, 5)).toBe(true);
    expect(exceedsTokenLimit(query, 5)).toBe(true);
    expect(exceedsTokenLimit(query, 100)).toBe(false);
  });
});

describe("the cost of a query, by the lists in the data and the cost directives", () => {
  // Our four subgraphs and the partner's events, composed as a gateway with subgraphs.json would compose them.
  const composed = composeServices(
    ["organisations", "clusters", "partnerships", "funding", "events"].map(name => ({
      name,
      url: `http://${name}.test/graphql`,
      typeDefs: parse(readFileSync(path.resolve(__dirname, `../schema/${name}.graphql`), "utf8")),
    })),
  );
  const supergraphSdl = composed.supergraphSdl!;
  const api = buildSchema(readFileSync(path.resolve(__dirname, "../schema/api.graphql"), "utf8"));
  const withEvents = buildSchema(supergraphSdl.replace(/^.*@link.*$/gm, ""), { assumeValidSDL: true });
  const measured: Record<string, FieldSize> = { "Query.clusters": { max: 8, average: 8 }, "Cluster.memberships": { max: 9, average: 3.6 } };
  const cost = (query: string, sizes: ListSizeLookup, schema = api) => {
    const operation = parse(query).definitions[0] as OperationDefinitionNode;
    return queryCost(operation.selectionSet, schema.getQueryType()!, { schema, fragments: {}, variables: {}, listSize: 5, maxPage: 100, sizes });
  };
  const lookup = (sizes: Record<string, FieldSize>): ListSizeLookup => ({ sizeOf: (type, field) => sizes[`${type}.${field}`] });

  it("counts a list as its `first` capped by the longest in the data, and as that longest without `first`", () => {
    // 8 clusters of the 100 asked, each with at most 9 members (3.6 on average among those that have any).
    expect(cost(`{ clusters(first: 100) { nodes { memberships { id } } } }`, lookup(measured))).toMatchObject({ max: 1 + 8 * (1 + (1 + 9)), average: 1 + 8 * (1 + (1 + 3.6)) });
    expect(cost(`{ clusters(first: 2) { nodes { memberships(first: 3) { id } } } }`, lookup(measured)).max).toBe(1 + 2 * (1 + (1 + 3)));
    // Organisation.memberships is measured by nobody here: COST_LIST_SIZE.
    expect(cost(`{ clusters(first: 100) { nodes { memberships { organisation { memberships { id } } } } } }`, lookup(measured)).max).toBe(1 + 8 * (1 + (1 + 9 * (1 + (1 + 5 * 1)))));
  });

  it("prices docs/queries.md's worked examples as the page says, from the sample data's longest lists", () => {
    const sample = lookup({
      ...measured,
      "Organisation.memberships": { max: 3, average: 1.29 },
      "Organisation.partnerships": { max: 3, average: 1.5 },
      "Cluster.partnerships": { max: 2, average: 1.2 },
      "Partnership.parties": { max: 4, average: 2 },
    });
    const analyst = `{ clusters(first: 100) { nodes { id name country
      memberships(first: 100) { roles organisation { id name country kind memberships { roles cluster { id name country } } partnerships { id title countries } } }
      partnerships { id title kind countries parties { role organisation { id name } cluster { id name } } } } } }`;
    expect(cost(analyst, sample).max).toBe(2881);
    const deep = (first: string) =>
      `{ clusters(first: 100) { nodes { memberships${first} { organisation { memberships { cluster { memberships${first} { organisation { memberships { cluster { memberships${first} { id } } } } } } } } } } } }`;
    expect(cost(deep(""), sample)).toMatchObject({ max: 68_633 });
    expect(Math.ceil(cost(deep(""), sample).average)).toBe(1383);
    expect(cost(deep("(first: 2)"), sample).max).toBe(1489);
    expect(costRefusal(cost(deep(""), sample), 50_000).message).toContain("(9 per parent)");
  });

  it("reads @listSize and @cost from the supergraph, and who resolves each field", () => {
    const { declared, owners } = readSupergraph(supergraphSdl);
    expect(declared.get("Cluster.events")).toEqual({ assumedSize: 20 });
    expect(declared.get("Query.events")).toEqual({ slicingArguments: ["first"] });
    expect([...owners.get("Cluster.memberships")!]).toEqual(["clusters"]);
    expect([...owners.get("Cluster.events")!]).toEqual(["events"]);
    expect(cost(`{ clusters(first: 10) { nodes { events { id } } } }`, lookup(Object.fromEntries(declared)), withEvents).max).toBe(1 + 10 * (1 + (1 + 20)));
    // A declared weight counts for the field itself.
    expect(cost(`{ clusters(first: 10) { totalCount } }`, lookup({ "ClusterConnection.totalCount": { weight: 7 } })).max).toBe(1 + 10 * 7);
  });

  it("takes a subgraph's measured sizes only for the fields that subgraph resolves", async () => {
    const server = http.createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ sizes: { "Cluster.events": { max: 3, average: 1.5 }, "Cluster.memberships": { max: 1, average: 1 }, "not a field": { max: 1, average: 1 }, "Cluster.sources": { max: -1, average: 0 } } }));
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    try {
      const sizes = new ListSizes({ signingKey: hmacKey("test-secret"), timeoutMs: 2000, refreshMs: 60_000 });
      sizes.subgraphs = () => [{ name: "events", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` }];
      sizes.learnSupergraph(supergraphSdl);
      await sizes.refresh();
      sizes.stop();
      expect(sizes.sizeOf("Cluster", "events")).toEqual({ assumedSize: 20, max: 3, average: 1.5 });
      expect(sizes.sizeOf("Cluster", "memberships")).toBeUndefined();
      expect(sizes.sizeOf("Cluster", "sources")).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
