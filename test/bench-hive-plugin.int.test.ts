import { describe, expect, inject, it } from "vitest";
import { signHiveFetch } from "../bench/hive-signing";
import { hmacKey } from "../lib/platform/signature";

describe("the Hive Gateway plugin of the benchmark (bench/hive-gateway.config.mts)", () => {
  it("signs each subgraph fetch so that a real subgraph answers it, and refuses the same fetch sent twice", async () => {
    const url = inject("graph").subgraphUrls.clusters;
    // What Hive Gateway hands its onFetch hook: a RequestInit with its own headers and the body as a string.
    const options = { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ query: "{ clusters(first: 1) { totalCount } }" }) };
    const signed = signHiveFetch(hmacKey(inject("gatewaySecret")), url, options);
    const first = await fetch(url, signed as RequestInit);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { clusters: { totalCount: number } } }).data.clusters.totalCount).toBeGreaterThan(0);
    const again = await fetch(url, signed as RequestInit);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { errors: { extensions: { reason: string } }[] }).errors[0].extensions.reason).toBe("REPLAYED");
  });
});
