import { describe, expect, it } from "vitest";
import { theGraph } from "./helpers/graph";

const graph = theGraph();
const metricsUrl = graph.gatewayUrl.replace(/\/graphql$/, "/metrics");

async function post(body: unknown, headers: Record<string, string> = {}, url = graph.gatewayUrl) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { requestId: response.headers.get("x-request-id"), body: (await response.json()) as { errors?: { extensions: Record<string, unknown> }[] } };
}

/** The value of one sample in the gateway's Prometheus text, 0 when it is not there yet. */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split("\n").find(l => l.startsWith(`${name}{`) && wanted.every(w => l.includes(w)));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("request ids", () => {
  it("keeps a sane id the client sends, and puts it in the response header and in every error", async () => {
    const answer = await post({ query: "{ clusters(first: 0) { totalCount } }" }, { "x-request-id": "dashboard-42.a" });
    expect(answer.requestId).toBe("dashboard-42.a");
    expect(answer.body.errors?.map(e => e.extensions.requestId)).toEqual(["dashboard-42.a"]);
  });

  it("replaces an id that is not sane with one of its own", async () => {
    const answer = await post({ query: "{ clusters { totalCount } }" }, { "x-request-id": "bad id\twith spaces" + "x".repeat(200) });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("is taken and echoed by a subgraph too, which the gateway calls with it", async () => {
    const answer = await post({ query: "{ _service { sdl } }" }, { "x-request-id": "from-gateway-7" }, graph.subgraphUrls.clusters);
    expect(answer.requestId).toBe("from-gateway-7");
  });
});

describe("GET /metrics", () => {
  it("counts requests and latency per operation, fetches per subgraph, and errors by code, in Prometheus text", async () => {
    const requests = await sample("clusterhub_gateway_requests_total", { operation: "MetricsProbe" });
    const latency = await sample("clusterhub_gateway_request_duration_seconds_count", { operation: "MetricsProbe" });
    const fetches = await sample("clusterhub_gateway_subgraph_request_duration_seconds_count", { subgraph: "partnerships", outcome: "ok" });
    const aliases = await sample("clusterhub_gateway_errors_total", { code: "ALIAS_LIMIT_EXCEEDED" });

    await post({ query: `query MetricsProbe { partnerships { totalCount } }`, operationName: "MetricsProbe" });
    await post({ query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: cluster(id: "x") { name }`).join(" ")} }` });

    const response = await fetch(metricsUrl);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await sample("clusterhub_gateway_requests_total", { operation: "MetricsProbe" })).toBe(requests + 1);
    expect(await sample("clusterhub_gateway_request_duration_seconds_count", { operation: "MetricsProbe" })).toBe(latency + 1);
    expect(await sample("clusterhub_gateway_subgraph_request_duration_seconds_count", { subgraph: "partnerships", outcome: "ok" })).toBe(fetches + 1);
    expect(await sample("clusterhub_gateway_errors_total", { code: "ALIAS_LIMIT_EXCEEDED" })).toBe(aliases + 1);
    expect(await (await fetch(metricsUrl)).text()).toContain("process_resident_memory_bytes");
  });
});
