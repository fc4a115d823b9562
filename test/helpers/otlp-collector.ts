import http from "node:http";
import type { AddressInfo } from "node:net";

/** One span as an OTLP/JSON export carries it, with the service that sent it. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  /** The W3C tracestate the span was started with. */
  traceState?: string;
  name: string;
  /** 1 internal, 2 server, 3 client (OTLP's SpanKind). */
  kind: number;
  attributes: Record<string, unknown>;
}

interface AnyValue {
  stringValue?: string;
  intValue?: number | string;
  boolValue?: boolean;
  doubleValue?: number;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface ExportTraceRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: (Omit<CollectedSpan, "service" | "attributes"> & { attributes?: KeyValue[] })[] }[] }[];
}

const valueOf = (value: AnyValue) => value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
const attributesOf = (list: KeyValue[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));

/**
 * A small OTLP/HTTP collector of traces in JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json), on a free port of this
 * machine: it keeps every span the processes export to `POST /v1/traces`, as a real collector would receive them.
 */
export async function startOtlpCollector() {
  const spans: CollectedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/traces" || !/json/.test(req.headers["content-type"] ?? "")) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ExportTraceRequest;
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service = String(attributesOf(resourceSpans.resource?.attributes)["service.name"]);
        for (const scope of resourceSpans.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, traceState: span.traceState || undefined, name: span.name, kind: span.kind, attributes: attributesOf(span.attributes) });
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** What OTEL_EXPORTER_OTLP_ENDPOINT is set to. */
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    /** The spans of one trace. */
    trace: (traceId: string) => spans.filter(span => span.traceId === traceId),
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

export type OtlpCollector = Awaited<ReturnType<typeof startOtlpCollector>>;
