import { describe, expect, it } from "vitest";
import { renderChart, renderTable, type ScenarioResult } from "../bench/chart";

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

describe("the benchmark table", () => {
  it("sets ours against each peer of the same run, scenario by scenario, then lists every measurement", () => {
    const results = [
      result("apollo", "search", 150),
      result("hive", "search", 100),
      result("hive-rust", "search", 200),
      result("grafbase", "search", 600),
      result("one-process", "search", 300),
      result("apollo-traced", "search", 120),
    ];
    const markdown = renderTable({
      generatedAt: "2026-12-04T00:00:00.000Z",
      machine: { cpus: 2, node: "v20.20.2", memoryGb: 24 },
      settings: { durationSeconds: 5, warmupSeconds: 2, connections: 8 },
      notes: ["hive not measured on synthetic: it exited"],
      results,
    });
    expect(markdown).toContain("| scenario | ours (rps) | ours / Hive Gateway (JS planner) | ours / Hive Gateway (Rust planner) | ours / Grafbase | ours / one process | ours with tracing on / off |");
    expect(markdown).toContain("| search | 150 | 1.50 | 0.75 | 0.25 | 0.50 | 0.80 |");
    expect(markdown).toContain("| sample | hive | search | 100 | 10 | 20 | 30 | 0 |");
    expect(markdown).toContain("- hive not measured on synthetic: it exited");
  });
});
