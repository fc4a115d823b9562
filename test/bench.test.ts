import { describe, expect, inject, it } from "vitest";
import { renderChart } from "../bench/chart";
import { signHiveFetch } from "../bench/hive-signing";
import { hmacKey } from "../lib/signature";
import type { ScenarioResult } from "../bench/run";

const result = (gateway: ScenarioResult["gateway"], scenario: string, rps: number): ScenarioResult => ({
  dataset: "sample",
  gateway,
  scenario,
  requests: rps * 5,
  errors: 0,
  rps,
  latencyMs: { p50: 10, p95: 20, p99: 30 },
  sqlStatementsPerRequest: {},
  peakRssMb: {},
});

describe("the benchmark chart", () => {
  it("draws one bar per gateway in each scenario, scaled to the fastest, with rps and p95", () => {
    const svg = renderChart([result("apollo", "search", 50), result("hive", "search", 100), result("one-process", "search", 25)]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const widths = [...svg.matchAll(/<rect x="290" y="\d+" width="([\d.]+)"/g)].map(match => Number(match[1]));
    expect(widths).toEqual([260, 520, 130]);
    expect(svg).toContain("100 rps · 20 ms");
    expect(svg).toContain("one process, sample data");
  });
});

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
