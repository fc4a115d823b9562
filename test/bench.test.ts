import { describe, expect, it } from "vitest";
import { renderChart } from "../bench/chart";
import type { ScenarioResult } from "../bench/chart";

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
