import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { exceedsTokenLimit, selectionCost } from "../gateway/limits";
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
