import { BrokenCircuitError, CircuitState, circuitBreaker, ConsecutiveBreaker, handleAll, handleWhen, retry, type CircuitBreakerPolicy, type RetryPolicy } from "cockatiel";
import { z } from "zod";
import { logger } from "../lib/platform/logger";
import type { GatewayMetrics } from "./metrics";

/** How the gateway treats one subgraph: its deadline, its retries and its circuit breaker. */
export interface SubgraphSettings {
  /** How long one fetch may take, in milliseconds. */
  timeoutMs: number;
  /** Retries of a read after a fast failure (refused or reset connection, 502/503/504); writes are never retried. */
  retries: number;
  /** Retries may be at most this share of the fetches of the last RETRY_WINDOW_MS … */
  retryBudget: number;
  /** … plus this many, so that a quiet subgraph still gets a retry. */
  retryMinimum: number;
  /** Failed fetches in a row that open the breaker. */
  breakerFailures: number;
  /** How long an open breaker answers at once, before it lets one probe through, in milliseconds. */
  breakerOpenMs: number;
}

const settingsSchema = z
  .object({
    timeoutMs: z.number().int().min(1),
    retries: z.number().int().min(0).max(5),
    retryBudget: z.number().min(0).max(1),
    retryMinimum: z.number().int().min(0),
    breakerFailures: z.number().int().min(1),
    breakerOpenMs: z.number().int().min(1),
  })
  .partial()
  .strict();

/** The policy variables (defaults for every subgraph, and SUBGRAPH_POLICY's overrides by subgraph name). */
export const subgraphPolicyEnvSchema = {
  /** Retries of a read that failed fast (connection refused or reset, 502/503/504 without GraphQL); never of a write or a timeout. */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Share of a subgraph's fetches over the last 10 s that may be retries, so retries cannot multiply the load of an outage. */
  SUBGRAPH_RETRY_BUDGET: z.coerce.number().min(0).max(1).default(0.1),
  /** Retries allowed in any 10 s on top of the budget's share. */
  SUBGRAPH_RETRY_MINIMUM: z.coerce.number().int().min(0).default(3),
  /** Failed fetches in a row (timeouts, refused connections, answers that are not GraphQL) that open a subgraph's breaker. */
  BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long an open breaker answers that subgraph's fields at once with SUBGRAPH_UNAVAILABLE before one probe, in ms. */
  BREAKER_OPEN_MS: z.coerce.number().int().min(1).default(10_000),
  /** Overrides by subgraph, as JSON: {"partnerships":{"timeoutMs":800,"breakerFailures":3}} (keys as in SubgraphSettings). */
  SUBGRAPH_POLICY: z
    .string()
    .default("{}")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "must be a JSON object of subgraph name -> settings" });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string(), settingsSchema)),
};

type PolicyEnv = { SUBGRAPH_TIMEOUT_MS: number } & { [K in keyof typeof subgraphPolicyEnvSchema]: z.infer<(typeof subgraphPolicyEnvSchema)[K]> };

/** One subgraph's settings: the defaults, then its SUBGRAPH_POLICY entry. */
export const subgraphSettings = (env: PolicyEnv, subgraph: string): SubgraphSettings => ({
  timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
  retries: env.SUBGRAPH_RETRIES,
  retryBudget: env.SUBGRAPH_RETRY_BUDGET,
  retryMinimum: env.SUBGRAPH_RETRY_MINIMUM,
  breakerFailures: env.BREAKER_FAILURES,
  breakerOpenMs: env.BREAKER_OPEN_MS,
  ...env.SUBGRAPH_POLICY[subgraph],
});

/** A subgraph's answer that is not GraphQL (a proxy's 502, an overloaded server's 503): a fault, not an answer. */
export class NotGraphQLAnswer extends Error {
  constructor(readonly status: number) {
    super(`answered ${status} without GraphQL`);
  }
}

// Failures where the subgraph did not start work on the request (or a proxy said it could not reach it): a retry costs
// little. A timeout is not retried: it would double the wait of a subgraph that is already slow.
const FAST_FAILURES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH"]);
const failedFast = (error: Error) =>
  FAST_FAILURES.has(String((error as { code?: unknown }).code)) || (error instanceof NotGraphQLAnswer && [502, 503, 504].includes(error.status));

export const RETRY_WINDOW_MS = 10_000;
const BUCKETS = 10;

/**
 * How many retries a subgraph may still get: at most `ratio` of the fetches of the last RETRY_WINDOW_MS, plus `minimum`
 * (Finagle's and gRPC's retry budgets). During an outage every read fails, and retries stay a tenth of the load.
 */
export class RetryBudget {
  private readonly fetches = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private bucket = 0;
  private bucketStarted = Date.now();

  constructor(
    private readonly ratio: number,
    private readonly minimum: number,
  ) {}

  private roll() {
    const width = RETRY_WINDOW_MS / BUCKETS;
    const now = Date.now();
    const passed = Math.floor((now - this.bucketStarted) / width);
    for (let i = 0; i < Math.min(BUCKETS, passed); i++) {
      this.bucket = (this.bucket + 1) % BUCKETS;
      this.fetches[this.bucket] = 0;
      this.retries[this.bucket] = 0;
    }
    // Buckets stay aligned to their width; after a quiet spell longer than the window, from now.
    this.bucketStarted = passed >= BUCKETS ? now : this.bucketStarted + passed * width;
  }

  private sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);

  /** Counts a read's first fetch. */
  fetched() {
    this.roll();
    this.fetches[this.bucket]++;
  }

  /** Whether one more retry fits. */
  get allows() {
    this.roll();
    return this.sum(this.retries) < this.minimum + this.ratio * this.sum(this.fetches);
  }

  /** Counts a retry. */
  retried() {
    this.roll();
    this.retries[this.bucket]++;
  }
}

/** What the gauge reports of a breaker. */
export type BreakerState = "closed" | "open" | "half_open";

/**
 * One subgraph's fault policy, kept across compositions: reads that fail fast are retried within the subgraph's retry
 * budget; failures in a row open its breaker (cockatiel), and while it is open the gateway does not ask that subgraph,
 * so its fields fail at once instead of after a timeout each; after `breakerOpenMs` one fetch probes it, and the
 * breaker closes when that fetch is answered. Answers with GraphQL errors are answers: they neither retry nor open.
 */
export class SubgraphPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly retry: RetryPolicy;
  private readonly budget: RetryBudget;

  constructor(
    readonly subgraph: string,
    readonly settings: SubgraphSettings,
    private readonly metrics: GatewayMetrics,
  ) {
    this.budget = new RetryBudget(settings.retryBudget, settings.retryMinimum);
    this.breaker = circuitBreaker(handleAll, { halfOpenAfter: settings.breakerOpenMs, breaker: new ConsecutiveBreaker(settings.breakerFailures) });
    this.breaker.onStateChange(state => logger.warn({ subgraph, breaker: describe(state) }, "subgraph breaker changed"));
    this.retry = retry(
      handleWhen(error => failedFast(error) && this.budget.allows),
      { maxAttempts: settings.retries },
    );
  }

  get state(): BreakerState {
    return describe(this.breaker.state);
  }

  /**
   * Runs one fetch of this subgraph (`attempt` is called again for a retry). Throws BrokenCircuitError without calling
   * it while the breaker is open, or while its one probe is in flight.
   */
  async fetch<T>(read: boolean, attempt: () => Promise<T>): Promise<T> {
    // cockatiel holds other calls until the half-open probe ends (up to a timeout): they fail at once instead.
    if (this.breaker.state === CircuitState.HalfOpen) throw new BrokenCircuitError();
    return this.breaker.execute(() =>
      read
        ? this.retry.execute(({ attempt: n }) => {
            if (n === 0) this.budget.fetched();
            else {
              this.budget.retried();
              this.metrics.subgraphRetry(this.subgraph);
            }
            return attempt();
          })
        : attempt(),
    );
  }
}

function describe(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return "closed";
  return state === CircuitState.HalfOpen ? "half_open" : "open";
}

export { BrokenCircuitError };
