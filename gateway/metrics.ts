import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AdmissionBudget } from "./admission";

// Operation names come from clients, and error codes from subgraphs (partners' too): past this many distinct
// values of a label, the rest are counted as "other", so the registry's memory stays bounded.
const MAX_OPERATION_NAMES = 200;
const MAX_ERROR_CODES = 50;
const SANE_OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SANE_ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** A label's values as counted: the first `max` sane ones as they are, the rest "other". */
function boundedLabel(max: number, sane: RegExp) {
  const seen = new Set<string>();
  return (value: string): string => {
    if (seen.has(value)) return value;
    if (!sane.test(value) || seen.size >= max) return "other";
    seen.add(value);
    return value;
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;

/** The gateway's Prometheus registry: requests, errors by code, latency per operation and per subgraph, process metrics. */
export function createGatewayMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "clusterhub_gateway_requests_total",
    help: "GraphQL requests the gateway answered, by operation name.",
    labelNames: ["operation"],
    registers: [registry],
  });
  const errors = new Counter({
    name: "clusterhub_gateway_errors_total",
    help: "Errors the gateway sent to clients, by extensions.code (refusals before GraphQL included).",
    labelNames: ["code"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "clusterhub_gateway_request_duration_seconds",
    help: "Time from a GraphQL request's start to its response, by operation name.",
    labelNames: ["operation"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const subgraphDuration = new Histogram({
    name: "clusterhub_gateway_subgraph_request_duration_seconds",
    help: "Time of each fetch from a subgraph, by subgraph and outcome (ok, error, timeout, unavailable).",
    labelNames: ["subgraph", "outcome"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const sharedFetches = new Counter({
    name: "clusterhub_gateway_subgraph_shared_fetches_total",
    help: "Subgraph reads that shared an identical read's fetch already in flight instead of fetching again, by subgraph.",
    labelNames: ["subgraph"],
    registers: [registry],
  });

  const retries = new Counter({
    name: "clusterhub_gateway_subgraph_retries_total",
    help: "Subgraph reads fetched again after a fast failure (refused or reset connection, 502/503/504), within the retry budget, by subgraph.",
    labelNames: ["subgraph"],
    registers: [registry],
  });
  const shortCircuited = new Counter({
    name: "clusterhub_gateway_subgraph_short_circuited_total",
    help: "Subgraph fetches not made because the subgraph's breaker was open (answered at once with SUBGRAPH_UNAVAILABLE), by subgraph.",
    labelNames: ["subgraph"],
    registers: [registry],
  });

  const operationName = boundedLabel(MAX_OPERATION_NAMES, SANE_OPERATION_NAME);
  const operationLabel = (name: string | null | undefined) => (name ? operationName(name) : "anonymous");
  const codeLabel = boundedLabel(MAX_ERROR_CODES, SANE_ERROR_CODE);

  const plugin: ApolloServerPlugin<BaseContext> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ request, operationName, response }) {
          const operation = operationLabel(operationName ?? request.operationName);
          requests.inc({ operation });
          duration.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          const sent = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          for (const error of sent ?? []) errors.inc({ code: codeLabel(String(error.extensions?.code ?? "UNKNOWN")) });
        },
      };
    },
  };

  return {
    registry,
    plugin,
    /** Counts a request refused before it reached GraphQL (rate limit, body size, batch, tokens, bad JSON). */
    refused(code: string) {
      requests.inc({ operation: "refused" });
      errors.inc({ code: codeLabel(code) });
    },
    /** Counts a subgraph read answered by an identical read's fetch already in flight. */
    sharedFetch(subgraph: string) {
      sharedFetches.inc({ subgraph });
    },
    /** Reports what the requests running are expected to fetch and how many wait for room (gateway/admission.ts). */
    watchAdmission(budget: AdmissionBudget) {
      new Gauge({
        name: "clusterhub_gateway_fetched_in_flight",
        help: "Characters of subgraph answers the requests the gateway is running are expected to fetch (at most MAX_FETCHED_IN_FLIGHT, or one request's).",
        registers: [registry],
        collect() {
          this.set(budget.running);
        },
      });
      new Gauge({
        name: "clusterhub_gateway_requests_waiting",
        help: "Requests waiting for room under MAX_FETCHED_IN_FLIGHT.",
        registers: [registry],
        collect() {
          this.set(budget.queued);
        },
      });
    },
    /** Counts a read fetched again after a fast failure. */
    subgraphRetry(subgraph: string) {
      retries.inc({ subgraph });
    },
    /** Counts a fetch an open breaker answered without asking the subgraph. */
    shortCircuited(subgraph: string) {
      shortCircuited.inc({ subgraph });
    },
    /** Reports each subgraph's breaker: 1 for the state it is in, 0 for the other two. */
    /** Whether the Redis the replicas share answers (REDIS_URL): 0 means limits count in this process, and caches miss. */
    watchRedis(connected: () => boolean) {
      new Gauge({
        name: "clusterhub_gateway_redis_connected",
        help: "1 while the Redis the gateway replicas share is connected; 0 while each replica does without it (own rate limits, no cache).",
        registers: [registry],
        collect() {
          this.set(connected() ? 1 : 0);
        },
      });
    },
    watchBreakers(breakers: () => Iterable<{ subgraph: string; state: string }>) {
      new Gauge({
        name: "clusterhub_gateway_subgraph_breaker_state",
        help: "Each subgraph's circuit breaker: 1 for its state (closed, open, half_open), 0 for the others.",
        labelNames: ["subgraph", "state"],
        registers: [registry],
        collect() {
          this.reset();
          for (const { subgraph, state } of breakers())
            for (const each of ["closed", "open", "half_open"]) this.set({ subgraph, state: each }, each === state ? 1 : 0);
        },
      });
    },
    /** Records one fetch from a subgraph. */
    subgraphFetch(subgraph: string, outcome: "ok" | "error" | "timeout" | "unavailable", seconds: number) {
      subgraphDuration.observe({ subgraph, outcome }, seconds);
    },
  };
}
