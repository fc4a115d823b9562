import { randomUUID } from "node:crypto";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import { codesFrom } from "../lib/platform/error-codes";
import { logger } from "../lib/platform/logger";
import { currentRequestId } from "../lib/platform/request-id";
import { signSubgraphRequest, type SigningKey } from "../lib/platform/signature";
import type { GatewayContext } from "./identity";
import type { GatewayMetrics } from "./metrics";
import { InflightReads, SubgraphHttpClient, type SubgraphAnswer } from "./subgraph-http";
import { BrokenCircuitError, NotGraphQLAnswer, SubgraphPolicy, type SubgraphSettings } from "./subgraph-policy";

/** The codes of a subgraph that did not answer (the catalogue's "subgraph" codes, lib/platform/error-codes.ts). */
export const SubgraphErrorCode = codesFrom("subgraph");
export type SubgraphErrorCode = (typeof SubgraphErrorCode)[keyof typeof SubgraphErrorCode];

/** How the gateway reaches one subgraph. */
export interface SubgraphDataSourceOptions {
  timeoutMs: number;
  /** Retries and breaker (gateway/subgraph-policy.ts), kept across compositions; by default none of either. */
  policy?: SubgraphPolicy;
  metrics: GatewayMetrics;
  /** The key every fetch is signed with (RFC 9421, lib/platform/signature.ts). */
  signingKey: SigningKey;
  /** Identical reads in flight at once share one fetch (docs/performance.md "Speed"). */
  deduplicate: boolean;
}

// Without a policy: one attempt per fetch and a breaker that does not open.
const NO_POLICY: Omit<SubgraphSettings, "timeoutMs"> = { retries: 0, retryBudget: 0, retryMinimum: 0, breakerFailures: Number.MAX_SAFE_INTEGER, breakerOpenMs: 1 };

const isTimeout = (error: unknown) => error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

/** The directives of a Cache-Control header (`max-age=60, public`). */
function cacheControl(header: string | string[] | undefined): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (const part of String(header ?? "").split(",")) {
    const [name, value] = part.trim().split("=", 2);
    if (name) out[name.toLowerCase()] = value === undefined ? true : value.replace(/^"|"$/g, "");
  }
  return out;
}

/** Whether a subgraph's answer is GraphQL: a JSON body with data or errors, whatever the status. */
function graphQLOf(answer: SubgraphAnswer): GatewayGraphQLResponse | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return undefined;
  }
  const result = parsed as GatewayGraphQLResponse | undefined;
  if (result && typeof result === "object" && (Array.isArray(result.errors) || (answer.status < 300 && "data" in result))) return result;
  return undefined;
}

/**
 * One subgraph as the gateway sees it. Every fetch carries the request id and the caller's identity, signed with the
 * gateway's key over method, URL and body digest too (RFC 9421), has its own deadline; a read that failed fast may be retried within a budget, and repeated failures open the
 * subgraph's breaker (gateway/subgraph-policy.ts). A subgraph that is down or slow becomes an error that
 * names it, with no URL, and the other subgraphs' data is still served. A subgraph that refuses with a GraphQL
 * answer (401 UNAUTHENTICATED, 400 …) did answer: its coded errors are passed on.
 *
 * It implements Apollo's `GraphQLDataSource` itself rather than extending `RemoteGraphQLDataSource`, whose fetch path
 * (a node-fetch Request and Headers per fetch, then the fetcher) cost more than the subgraph fetch it wraps, and
 * which has no place to share one fetch between identical reads.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly http: SubgraphHttpClient;
  private readonly inflight = new InflightReads();
  private readonly policy: SubgraphPolicy;

  constructor(
    readonly subgraph: string,
    readonly url: string | undefined,
    private readonly options: SubgraphDataSourceOptions,
  ) {
    this.policy = options.policy ?? new SubgraphPolicy(subgraph, { ...NO_POLICY, timeoutMs: options.timeoutMs }, options.metrics);
    this.http = new SubgraphHttpClient(this.policy.settings.timeoutMs);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!this.url) throw new Error(`The ${this.subgraph} subgraph has no URL`);
    if (!request.query) throw new Error("Missing query");
    // Only a client's operation has a request context; health checks and schema loading have none.
    const incoming = "incomingRequestContext" in options ? options.incomingRequestContext : undefined;
    // Composition's own requests (`_service { sdl }`) carry no request context: they are signed as nobody's.
    const ctx = options.context as Partial<GatewayContext>;
    const requestId = currentRequestId() ?? ctx.requestId ?? randomUUID();
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
    const url = this.url;
    // Each attempt is signed anew: a retry with the first attempt's nonce would be refused as a replay. With tracing on,
    // the HTTP instrumentation adds traceparent and tracestate after signing, uncovered: they carry no authority (which
    // trace a subgraph's spans join, never who asks or what), so a forged one can only misfile spans.
    const post = async () => {
      const signed = signSubgraphRequest(this.options.signingKey, { method: "POST", url, body, caller: ctx.caller ?? null, requestId });
      const answer = await this.http.post(url, { "content-type": "application/json", ...signed }, body);
      // A failing status without GraphQL (a proxy's 502) is a fault for the retry and the breaker; parsed once only then.
      if (answer.status >= 300 && !graphQLOf(answer)) throw new NotGraphQLAnswer(answer.status);
      return answer;
    };

    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let answer: SubgraphAnswer;
    try {
      // Composition's `_service` reads carry no operation: reads too. Only a client's mutation is a write.
      const isRead = incoming?.operation?.operation !== "mutation";
      if (isRead && this.options.deduplicate && incoming) {
        // Everything the answer depends on; the signature's created, nonce and request id do not change it.
        const caller = `${ctx.caller?.partnerId ?? ""}\n${ctx.caller?.admin ? 1 : 0}`;
        const fetching = this.inflight.join(caller, body, () => this.policy.fetch(true, post));
        if (fetching.joined) this.options.metrics.sharedFetch(this.subgraph);
        answer = await fetching.answer;
      } else {
        answer = await this.policy.fetch(isRead, post);
        if (!isRead) this.inflight.forget();
      }
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        this.options.metrics.shortCircuited(this.subgraph);
        throw new GraphQLError(
          `The ${this.subgraph} subgraph is unavailable: its breaker is open after repeated failures, so the gateway is not asking it for now`,
          { extensions: { code: SubgraphErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph, breaker: "open" } },
        );
      }
      const timedOut = isTimeout(error);
      this.options.metrics.subgraphFetch(this.subgraph, timedOut ? "timeout" : "unavailable", seconds());
      const cause = (error as { code?: string }).code;
      const status = error instanceof NotGraphQLAnswer ? error.status : undefined;
      logger.warn({ subgraph: this.subgraph, reason: (error as Error).message, cause, status, requestId }, "subgraph fetch failed");
      throw timedOut
        ? new GraphQLError(`The ${this.subgraph} subgraph did not answer within ${this.policy.settings.timeoutMs} ms`, {
            extensions: { code: SubgraphErrorCode.SUBGRAPH_TIMEOUT, subgraph: this.subgraph },
          })
        : new GraphQLError(`The ${this.subgraph} subgraph is unavailable`, {
            extensions: { code: SubgraphErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
          });
    }

    if (ctx.fetched) ctx.fetched.chars += answer.body.length;
    const response = this.parse(answer, seconds());
    this.options.metrics.subgraphFetch(this.subgraph, response.errors?.length ? "error" : "ok", seconds());
    const policy = incoming?.overallCachePolicy;
    if (policy && "restrict" in policy) {
      // The subgraph's cache hints bound the whole answer's, as RemoteGraphQLDataSource does.
      const directives = cacheControl(answer.headers["cache-control"]);
      const maxAge = directives["max-age"];
      policy.restrict({
        maxAge: typeof maxAge === "string" && /^\d+$/.test(maxAge) ? Number(maxAge) : 0,
        ...(directives.private === true ? { scope: "PRIVATE" as never } : directives.public === true ? { scope: "PUBLIC" as never } : {}),
      });
    }
    return response;
  }

  /** The answer as GraphQL: a JSON body with data or errors, whatever the status; anything else names the subgraph. */
  private parse(answer: SubgraphAnswer, seconds: number): GatewayGraphQLResponse {
    const result = graphQLOf(answer);
    if (!result) {
      this.options.metrics.subgraphFetch(this.subgraph, "unavailable", seconds);
      logger.warn({ subgraph: this.subgraph, status: answer.status }, "subgraph answered without GraphQL");
      throw new GraphQLError(`The ${this.subgraph} subgraph is unavailable`, {
        extensions: { code: SubgraphErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
      });
    }
    return { data: result.data, errors: result.errors, extensions: result.extensions } as GatewayGraphQLResponse;
  }

  /** Lets no read in flight be shared from now on: a write went through another gateway replica. */
  forgetReads() {
    this.inflight.forget();
  }

  /** Closes the kept-alive sockets. */
  close() {
    this.http.close();
  }

  /** Fetches that another identical read's fetch answered, since start. */
  get sharedFetches() {
    return this.inflight.shared;
  }
}
