import path from "node:path";
import type { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { z } from "zod";
import { readConfig } from "./config";
import { addLogFields } from "./logger";

/**
 * OpenTelemetry traces from the client to SQL (docs/operations.md "Tracing"). Each process of the graph imports
 * this module first (gateway/main.ts, lib/subgraph/subgraph-server.ts), so that the HTTP, GraphQL and PostgreSQL
 * instrumentations are in place before `node:http`, `graphql` and `pg` are loaded. With OTEL_EXPORTER_OTLP_ENDPOINT
 * unset nothing else happens: no module of the OpenTelemetry SDK is even loaded (test/tracing.test.ts).
 */

/** The standard OTEL_* variables this reads; the SDK reads the rest itself (OTEL_TRACES_SAMPLER, OTEL_BSP_*, headers). */
const tracingConfigSchema = z.object({
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url("must be the http(s) URL of an OTLP collector, e.g. http://127.0.0.1:4318").optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url("must be the http(s) URL traces are POSTed to, e.g. http://127.0.0.1:4318/v1/traces").optional(),
  // gRPC would need @grpc/grpc-js and its 20-odd packages; every collector also takes OTLP over HTTP.
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(["http/protobuf", "http/json"], { message: "must be http/protobuf or http/json (gRPC is not installed)" }).default("http/protobuf"),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(["http/protobuf", "http/json"], { message: "must be http/protobuf or http/json (gRPC is not installed)" }).optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_SDK_DISABLED: z.enum(["true", "false"]).optional(),
  SERVICE_NAME: z.string().min(1).optional(),
});

export type TracingConfig = z.infer<typeof tracingConfigSchema>;

/** Whether these variables turn tracing on: an OTLP endpoint is set and the SDK is not disabled. */
export const tracingWanted = (env: NodeJS.ProcessEnv = process.env) =>
  Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_SDK_DISABLED !== "true";

/** The process's service name: OTEL_SERVICE_NAME, else `clusterhub-` and the process (SERVICE_NAME, or the folder of its main.ts). */
export function serviceName(config: TracingConfig, entry = require.main?.filename): string {
  if (config.OTEL_SERVICE_NAME) return config.OTEL_SERVICE_NAME;
  // gateway/main.ts → gateway, services/clusters/main.ts → clusters: docker-compose.yml sets no SERVICE_NAME.
  return `clusterhub-${config.SERVICE_NAME ?? (entry ? path.basename(path.dirname(entry)) : "cluster-hub")}`;
}

// Paths a probe or a scraper asks every few seconds: a span each would bury the requests worth following.
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

let provider: NodeTracerProvider | null = null;

/**
 * Starts the tracer provider, the instrumentations and the OTLP exporter when the environment asks for it; answers
 * whether it did. Idempotent. The modules are loaded with `require` inside, so that they cost nothing when off.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): boolean {
  if (provider) return true;
  if (!tracingWanted(env)) return false;
  const config = readConfig(tracingConfigSchema, env);
  const api = require("@opentelemetry/api") as typeof import("@opentelemetry/api");
  const { NodeTracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace-node") as typeof import("@opentelemetry/sdk-trace-node");
  const { Resource, envDetectorSync } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { registerInstrumentations } = require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { GraphQLInstrumentation } = require("@opentelemetry/instrumentation-graphql") as typeof import("@opentelemetry/instrumentation-graphql");
  const { PgInstrumentation } = require("@opentelemetry/instrumentation-pg") as typeof import("@opentelemetry/instrumentation-pg");
  const protocol = config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? config.OTEL_EXPORTER_OTLP_PROTOCOL;
  // Both exporters read the endpoint, headers, timeout and compression from the OTEL_EXPORTER_OTLP_* variables.
  const { OTLPTraceExporter } = (
    protocol === "http/json" ? require("@opentelemetry/exporter-trace-otlp-http") : require("@opentelemetry/exporter-trace-otlp-proto")
  ) as typeof import("@opentelemetry/exporter-trace-otlp-http");

  // OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (envDetectorSync) have the last word.
  const resource = new Resource({ "service.name": serviceName(config) }).merge(envDetectorSync.detect());
  provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  // W3C traceparent and tracestate (and baggage), unless OTEL_PROPAGATORS says otherwise; AsyncLocalStorage context.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // The server span of every request (its parent the client's traceparent) and a client span per subgraph fetch,
      // which carries traceparent on to the subgraph.
      new HttpInstrumentation({ ignoreIncomingRequestHook: request => UNTRACED_PATHS.test(request.url ?? "") }),
      // One span per field of the query's shape, not per item: `clusters.nodes.*.name` once for a page of a hundred
      // clusters (mergeItems), and none for a field read straight off its object (ignoreTrivialResolveSpans). Values of
      // variables stay out of the spans (allowValues is off).
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      // One span per SQL statement, inside a request's trace only (migrations and pool upkeep at start make none).
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  // Every log line written inside a span names it, so that a trace and its log lines find each other.
  addLogFields(() => {
    const span = api.trace.getActiveSpan()?.spanContext();
    return span && api.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : undefined;
  });
  return true;
}

/** Sends the spans still buffered and stops the exporter: the process calls it before it exits. */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  provider = null;
  await stopping?.shutdown();
}

// On import, since the importer's next imports are the modules to instrument (a bad OTEL_* variable stops the process).
startTracing();
