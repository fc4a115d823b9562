import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { freePort } from "../scripts/ports";
import { SUBGRAPHS } from "../services/registry";
import { graphClient, postQuery, type GraphClient } from "./helpers/graph";
import { startOtlpCollector, type CollectedSpan, type OtlpCollector } from "./helpers/otlp-collector";

// The panel asks every subgraph but the change feed's.
const ASKED = SUBGRAPHS.filter(name => name !== "feed");

// OTLP's span kinds.
const SERVER = 2;
const CLIENT = 3;

/** A W3C traceparent as a client's own tracer would send it: version 00, a new trace, a span of the client's, sampled. */
const clientTrace = () => {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
};

/** What `look` finds, once it finds it (spans are exported, and log lines read, a moment after the answer); at most 20 s. */
async function eventually<T>(look: () => T, found: (value: T) => boolean = Boolean): Promise<T> {
  for (let tries = 0; tries < 200 && !found(look()); tries++) await new Promise(resolve => setTimeout(resolve, 100));
  return look();
}

/** `traceId`'s spans, once they hold what `ready` looks for. */
const spansOf = (collector: OtlpCollector, traceId: string, ready: (spans: CollectedSpan[]) => boolean) => eventually(() => collector.trace(traceId), ready);

const LVIV_PANEL = /* GraphQL */ `
  query LvivClusterPanel {
    cluster(id: "medychnyi-klaster-lvivshchyny") {
      name
      memberships { roles organisation { name } }
      partnerships { id }
      funding { role programme { nameEn funders { nameEn } } }
      events { kind }
    }
  }
`;

// A graph of its own with tracing on, exporting over OTLP/HTTP in JSON to a collector this test runs.
describe("a dashboard request followed from the client to SQL (OpenTelemetry)", () => {
  let collector: OtlpCollector;
  let running: RunningGraph;
  let graph: GraphClient;
  let dataDir: string;
  const logs: { service: string; line: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    collector = await startOtlpCollector();
    dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-tracing-"));
    running = await startGraph({
      dataDir,
      postgresPort: await freePort(),
      ports: "ephemeral",
      sampleData: "on",
      logLevel: "info",
      // The one switch is the endpoint; JSON so that this collector reads it; spans sent every 100 ms, not 5 s.
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_BSP_SCHEDULE_DELAY: "100" },
      onLog: (service, line) => {
        try {
          logs.push({ service, line: JSON.parse(line) as Record<string, unknown> });
        } catch {
          // not a log line of ours (a warning of Node's): nothing to find a trace in
        }
      },
    });
    graph = graphClient({ ...running, postgresUrl: "" });
  });

  afterAll(async () => {
    await running?.stop();
    await collector?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("puts the gateway's plan and fetches, every subgraph's resolvers and their SQL into the client's one trace", async () => {
    const client = clientTrace();
    const before = await graph.statements();
    const answer = await postQuery(graph.gatewayUrl, LVIV_PANEL, undefined, { traceparent: client.traceparent, tracestate: "dashboard=lviv" });
    const after = await graph.statements();
    expect(answer.errors).toBeUndefined();
    expect(answer.data.cluster.name).toBe("Медичний кластер Львівщини");

    const subgraphServices = ASKED.map(name => `clusterhub-${name}`);
    const sqlCounts = Object.fromEntries(ASKED.map(name => [name, after[name] - before[name]]));
    const complete = (spans: CollectedSpan[]) =>
      ASKED.every(name => spans.filter(span => span.service === `clusterhub-${name}` && span.name.startsWith("pg.query")).length >= sqlCounts[name]) &&
      spans.some(span => span.service === "clusterhub-gateway" && span.kind === SERVER);
    const spans = await spansOf(collector, client.traceId, complete);
    const byId = new Map(spans.map(span => [span.spanId, span]));
    const ancestors = (span: CollectedSpan) => {
      const chain: CollectedSpan[] = [];
      for (let parent = byId.get(span.parentSpanId ?? ""); parent; parent = byId.get(parent.parentSpanId ?? "")) chain.push(parent);
      return chain;
    };

    // The gateway: its server span is the child of the client's span; Apollo Gateway's plan and a fetch per subgraph.
    const gateway = spans.filter(span => span.service === "clusterhub-gateway");
    const gatewayServer = gateway.find(span => span.kind === SERVER);
    expect(gatewayServer?.parentSpanId).toBe(client.spanId);
    expect(gateway.map(span => span.name)).toEqual(expect.arrayContaining(["gateway.request", "gateway.plan", "gateway.execute", "gateway.fetch"]));

    // Every subgraph: a server span per fetch, each under one of the gateway's fetches, resolver spans, and a span per
    // SQL statement inside one of its server spans.
    for (const service of subgraphServices) {
      const own = spans.filter(span => span.service === service);
      const servers = own.filter(span => span.kind === SERVER);
      expect(servers.length, `${service} has a server span in the client's trace`).toBeGreaterThan(0);
      for (const server of servers) {
        const path = ancestors(server);
        expect(path[0], `${service}'s parent is the gateway's HTTP client span`).toMatchObject({ service: "clusterhub-gateway", kind: CLIENT });
        expect(path.map(span => span.name), `${service} is fetched inside a gateway.fetch`).toContain("gateway.fetch");
        expect(path.at(-1)?.spanId, `${service}'s spans lead up to the gateway's server span`).toBe(gatewayServer!.spanId);
      }
      expect(own.some(span => span.name.startsWith("query LvivClusterPanel__")), `${service} executes its part of the plan`).toBe(true);
      expect(own.some(span => span.name.startsWith("graphql.resolve")), `${service} has resolver spans`).toBe(true);
      const sql = own.filter(span => span.name.startsWith("pg.query"));
      // As many SQL spans as statements the subgraph counted for this request.
      expect(sql.length, `${service}: one span per SQL statement`).toBe(sqlCounts[service.replace("clusterhub-", "")]);
      for (const statement of sql) expect(ancestors(statement).some(span => servers.includes(span)), `${service}: SQL inside a request`).toBe(true);
      expect(sql.every(span => typeof span.attributes["db.statement"] === "string")).toBe(true);
    }
  }, 60_000);

  it("carries the client's tracestate to every subgraph with the trace", async () => {
    const client = clientTrace();
    await postQuery(graph.gatewayUrl, LVIV_PANEL, undefined, { traceparent: client.traceparent, tracestate: "dashboard=lviv,vendor=x" });
    const servers = (spans: CollectedSpan[]) => spans.filter(span => span.kind === SERVER && span.service !== "clusterhub-gateway");
    const spans = await spansOf(collector, client.traceId, spans => new Set(servers(spans).map(span => span.service)).size === ASKED.length);
    expect(new Set(servers(spans).map(span => span.service))).toEqual(new Set(ASKED.map(name => `clusterhub-${name}`)));
    for (const server of servers(spans)) expect(server.traceState, server.service).toBe("dashboard=lviv,vendor=x");
  }, 60_000);

  it("starts a trace of its own for a client that sends none", async () => {
    const seen = new Set(collector.spans.map(span => span.traceId));
    const answer = await postQuery(graph.gatewayUrl, /* GraphQL */ `query NoTrace { cluster(id: "lubelska-medycyna") { name } }`);
    expect(answer.data.cluster).toBeDefined();
    const isNew = (span: CollectedSpan) => !seen.has(span.traceId) && span.service === "clusterhub-gateway" && span.kind === SERVER;
    const root = await eventually(() => collector.spans.find(isNew));
    expect(root?.parentSpanId).toBeUndefined();
    const trace = await spansOf(collector, root!.traceId, spans => spans.some(span => span.service === "clusterhub-clusters" && span.name.startsWith("pg.query")));
    expect(trace.some(span => span.service === "clusterhub-clusters" && span.name.startsWith("pg.query"))).toBe(true);
  }, 60_000);

  it("names the trace and span in a log line written while serving the request", async () => {
    const client = clientTrace();
    const response = await fetch(graph.gatewayUrl.replace(/\/graphql$/, "/export?format=csv"), {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: client.traceparent },
      body: JSON.stringify({ query: /* GraphQL */ `query Export { clusters(first: 3) { nodes { id name } } }` }),
    });
    expect(response.status).toBe(200);
    await response.text();
    const line = await eventually(() => logs.find(({ service, line }) => service === "gateway" && line.msg === "export" && line.trace_id === client.traceId));
    expect(line?.line).toMatchObject({ trace_id: client.traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/), requestId: expect.any(String) });
    // The span it names is one of the gateway's in that trace.
    const spans = await spansOf(collector, client.traceId, spans => spans.some(span => span.spanId === line?.line.span_id));
    expect(spans.find(span => span.spanId === line?.line.span_id)?.service).toBe("clusterhub-gateway");
    // Lines written outside any request name no trace.
    expect(logs.filter(({ line }) => line.msg === "gateway ready" || line.msg === "subgraph ready").every(({ line }) => line.trace_id === undefined)).toBe(true);
  }, 60_000);
});
