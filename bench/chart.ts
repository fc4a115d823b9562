export type Dataset = "sample" | "synthetic";
export type GatewayName = "apollo" | "apollo-traced" | "apollo-replicas" | "hive" | "hive-rust" | "grafbase" | "one-process";

/** How the report names each system measured: ours (Apollo Gateway and the subgraphs), its peers, and the limit. */
export const GATEWAY_LABELS: Record<GatewayName, string> = {
  apollo: "ours",
  "apollo-traced": "ours, tracing on",
  "apollo-replicas": "ours, two gateway replicas on one Redis",
  hive: "Hive Gateway (JS planner)",
  "hive-rust": "Hive Gateway (Rust planner)",
  grafbase: "Grafbase",
  "one-process": "one process",
};

/** One scenario measured on one system and dataset: what the bench writes to results/latest.json and charts. */
export interface ScenarioResult {
  dataset: Dataset;
  gateway: GatewayName;
  scenario: string;
  requests: number;
  errors: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number };
  sqlStatementsPerRequest: Record<string, number>;
  peakRssMb: Record<string, number>;
}

const COLOURS = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#718096", "#63b3ed", "#f6ad55", "#68d391", "#b794f4", "#f6e05e", "#cbd5e0"];
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A grouped horizontal bar chart of requests per second: one group per scenario, one bar per gateway and dataset. */
export function renderChart(results: ScenarioResult[]): string {
  const scenarios = [...new Set(results.map(r => r.scenario))];
  const label = (r: ScenarioResult) => `${GATEWAY_LABELS[r.gateway]}, ${r.dataset} data`;
  const series = [...new Set(results.map(label))];
  const max = Math.max(1, ...results.map(r => r.rps));
  const bar = 14;
  const groupHeight = series.length * bar + 18;
  const left = 290;
  const width = 900;
  const plot = width - left - 90;
  const top = 40 + series.length * 18;
  const height = top + scenarios.length * groupHeight + 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">Requests per second by scenario (higher is better), p95 latency in ms after each bar</text>`,
    ...series.map((name, i) => `<rect x="10" y="${30 + i * 18}" width="12" height="12" fill="${COLOURS[i % COLOURS.length]}"/><text x="28" y="${40 + i * 18}">${escape(name)}</text>`),
  ];
  scenarios.forEach((scenario, g) => {
    const y0 = top + g * groupHeight;
    parts.push(`<text x="${left - 8}" y="${y0 + (series.length * bar) / 2 + 4}" text-anchor="end">${escape(scenario)}</text>`);
    series.forEach((name, i) => {
      const result = results.find(r => r.scenario === scenario && label(r) === name);
      if (!result) return;
      const w = Math.max(1, (result.rps / max) * plot);
      const y = y0 + i * bar;
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar - 2}" fill="${COLOURS[i % COLOURS.length]}"/>`);
      const text = result.requests ? `${result.rps} rps · ${result.latencyMs.p95} ms` : "no answer within the run";
      parts.push(`<text x="${(left + w + 4).toFixed(1)}" y="${y + bar - 4}" font-size="10">${text}</text>`);
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

/** What a report says about the run besides its results (the head of results/latest.json). */
export interface BenchRun {
  generatedAt: string;
  machine: { cpus: number; cpuModel?: string; node: string; memoryGb: number };
  settings: { durationSeconds: number; warmupSeconds: number; connections: number };
  notes: string[];
  results: ScenarioResult[];
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : "–");

/** The peers each scenario sets ours against, in the order of the ratio columns. */
const PEERS: GatewayName[] = ["hive", "hive-rust", "grafbase", "one-process"];

/**
 * The run as Markdown (results/latest.md): ours against each peer measured in the same run, one table per dataset, which
 * is what holds from day to day on these machines (absolute figures move with the machine), then every measurement.
 */
export function renderTable(run: BenchRun): string {
  const rows = run.results.map(r => {
    const sql = Object.values(r.sqlStatementsPerRequest).join(", ");
    const rss = Object.entries(r.peakRssMb).map(([process, mb]) => `${process} ${mb}`).join(", ");
    return `| ${r.dataset} | ${r.gateway} | ${r.scenario} | ${r.rps} | ${r.latencyMs.p50} | ${r.latencyMs.p95} | ${r.latencyMs.p99} | ${r.errors} | ${sql} | ${rss} |`;
  });
  const rps = (dataset: string, gateway: GatewayName, scenario: string) => run.results.find(r => r.dataset === dataset && r.gateway === gateway && r.scenario === scenario)?.rps;
  const scenarios = [...new Set(run.results.map(r => r.scenario))];
  const datasets = [...new Set(run.results.map(r => r.dataset))];
  const ratios = datasets.flatMap(d => [
    `### ${d} data`,
    "",
    `| scenario | ours (rps) | ${PEERS.map(peer => `ours / ${GATEWAY_LABELS[peer]}`).join(" | ")} | ours with tracing on / off | ours, two replicas / one |`,
    `| --- | --- | ${PEERS.map(() => "---").join(" | ")} | --- | --- |`,
    ...scenarios.map(
      scenario =>
        `| ${scenario} | ${rps(d, "apollo", scenario) ?? "–"} | ${PEERS.map(peer => ratio(rps(d, "apollo", scenario), rps(d, peer, scenario))).join(" | ")} | ${ratio(rps(d, "apollo-traced", scenario), rps(d, "apollo", scenario))} | ${ratio(rps(d, "apollo-replicas", scenario), rps(d, "apollo", scenario))} |`,
    ),
    "",
  ]);
  const { machine, settings } = run;
  return [
    "# Benchmark: the last run",
    "",
    `Written by \`npm run bench\` on ${run.generatedAt} (${machine.cpus} cores, ${machine.cpuModel ?? "unknown CPU"}, ${machine.memoryGb} GB, Node ${machine.node}):`,
    `${settings.warmupSeconds} s of warm-up and ${settings.durationSeconds} s measured per scenario, ${settings.connections} connections. How it measures: docs/performance.md.`,
    "",
    "## Ours against the peers of the same run (requests per second, ours / theirs: above 1, ours answers more)",
    "",
    ...ratios,
    "## Every measurement",
    "",
    "| data | gateway | scenario | rps | p50 ms | p95 ms | p99 ms | errors | SQL statements per request (organisations, clusters, partnerships, funding) | peak RSS MB |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    ...(run.notes.length ? ["", "## Notes", "", ...run.notes.map(note => `- ${note}`)] : []),
    "",
  ].join("\n");
}
