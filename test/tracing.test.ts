import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serviceName } from "../lib/platform/tracing";

const ROOT = path.resolve(__dirname, "..");

// The packages of the tracing SDK: tracer provider, instrumentations, trace exporters, context and propagators.
// (@opentelemetry/api and Apollo Gateway's own metrics packages are loaded by @apollo/server and @apollo/gateway
// whether tracing is on or not.)
const TRACING_SDK = /^@opentelemetry\/(sdk-trace|instrumentation|exporter-trace|context-async-hooks|propagator)/;

/**
 * Loads a process's modules in a Node process of its own, as its main.ts does (tracing.ts first), with `env`, and
 * reports which OpenTelemetry packages are loaded and whether `pg`, `graphql` and `node:http` were instrumented.
 */
function loadAsProcess(modules: string[], env: Record<string, string>) {
  const script = `
    for (const module of ${JSON.stringify(modules)}) require(module);
    const packages = new Set(Object.keys(require.cache).map(file => /node_modules\\/(@opentelemetry\\/[^/]+)/.exec(file)?.[1]).filter(Boolean));
    const wrapped = fn => Boolean(fn.__wrapped);
    console.log(JSON.stringify({
      packages: [...packages].sort(),
      instrumented: { pg: wrapped(require("pg").Client.prototype.query), graphql: wrapped(require("graphql").execute), http: wrapped(require("node:http").request) },
    }));`;
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")));
  const output = execFileSync(process.execPath, ["-r", "@swc-node/register", "-e", script], { cwd: ROOT, env: { ...clean, ...env }, encoding: "utf8", stdio: "pipe" });
  return JSON.parse(output.trim().split("\n").at(-1)!) as { packages: string[]; instrumented: Record<string, boolean> };
}

// What the gateway's main.ts imports (tracing.ts, then the gateway), then the subgraph server every subgraph's main.ts runs.
const PROCESSES = ["./lib/platform/tracing", "./gateway/gateway", "./lib/subgraph/subgraph-server"];
const ON = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" };

describe("tracing is off, and costs no module, unless OTEL_EXPORTER_OTLP_ENDPOINT is set", () => {
  it("loads no module of the tracing SDK and wraps nothing in the gateway's and the subgraphs' code without it", () => {
    const loaded = loadAsProcess(PROCESSES, {});
    expect(loaded.packages.filter(name => TRACING_SDK.test(name))).toEqual([]);
    expect(loaded.instrumented).toEqual({ pg: false, graphql: false, http: false });
  }, 60_000);

  it("with it, instruments pg, graphql and http, all loaded after tracing.ts", () => {
    const loaded = loadAsProcess(PROCESSES, ON);
    expect(loaded.packages).toEqual(
      expect.arrayContaining(["@opentelemetry/sdk-trace-node", "@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-graphql", "@opentelemetry/instrumentation-pg"]),
    );
    expect(loaded.instrumented).toEqual({ pg: true, graphql: true, http: true });
  }, 60_000);

  it("is the first import of the gateway's main.ts and of the subgraph server every subgraph's main.ts runs", () => {
    const firstImport = (file: string) => /^import .*?from "([^"]+)";$/m.exec(readFileSync(path.join(ROOT, file), "utf8"))?.[1];
    expect(firstImport("gateway/main.ts")).toBe("../lib/platform/tracing");
    expect(firstImport("lib/subgraph/subgraph-server.ts")).toBe("../platform/tracing");
  });

  it("refuses a protocol it cannot export with, naming the variable", () => {
    expect(() => loadAsProcess(["./lib/platform/tracing"], { ...ON, OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: must be http\/protobuf or http\/json/);
  }, 60_000);
});

describe("telemetry goes only where OTEL_EXPORTER_OTLP_ENDPOINT says", () => {
  it("builds a gateway that opens no connection and looks up no host (Apollo's usage reporting asked the cloud metadata addresses)", () => {
    const script = `
      const net = require("node:net"), dns = require("node:dns");
      const reached = [];
      const connect = net.Socket.prototype.connect;
      net.Socket.prototype.connect = function (...args) { reached.push(/"host":"([^"]+)"/.exec(JSON.stringify(args))?.[1] ?? "a socket"); return connect.apply(this, args); };
      const lookup = dns.lookup;
      dns.lookup = function (host, ...rest) { reached.push(host); return lookup.call(this, host, ...rest); };
      const { createGateway } = require("./gateway/gateway");
      const { readGatewayConfig } = require("./gateway/config");
      createGateway(readGatewayConfig());
      setTimeout(() => { console.log(JSON.stringify(reached)); process.exit(0); }, 2000);`;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_") && !name.startsWith("APOLLO_")));
    const output = execFileSync(process.execPath, ["-r", "@swc-node/register", "-e", script], { cwd: ROOT, env: clean, encoding: "utf8", stdio: "pipe" });
    expect(JSON.parse(output.trim().split("\n").at(-1)!)).toEqual([]);
  }, 60_000);
});

describe("the service name each process reports", () => {
  it("is clusterhub- and the process: SERVICE_NAME, else the folder of its main.ts; OTEL_SERVICE_NAME overrides", () => {
    const config = { OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" as const };
    expect(serviceName({ ...config, SERVICE_NAME: "gateway" })).toBe("clusterhub-gateway");
    expect(serviceName(config, "/app/services/clusters/main.ts")).toBe("clusterhub-clusters");
    expect(serviceName(config, "/app/gateway/main.ts")).toBe("clusterhub-gateway");
    expect(serviceName({ ...config, SERVICE_NAME: "clusters", OTEL_SERVICE_NAME: "hub-eu-clusters" })).toBe("hub-eu-clusters");
  });
});
