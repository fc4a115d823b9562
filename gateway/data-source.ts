import { randomUUID } from "node:crypto";
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import { logger } from "../lib/logger";
import { currentRequestId } from "../lib/request-id";
import { signSubgraphRequest, type SigningKey } from "../lib/signature";
import type { GatewayContext } from "./identity";
import type { GatewayMetrics } from "./metrics";
import { InflightReads, SubgraphHttpClient, type SubgraphAnswer } from "./subgraph-http";

/** The codes of a subgraph that did not answer. */
export enum SubgraphErrorCode {
  SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE",
  SUBGRAPH_TIMEOUT = "SUBGRAPH_TIMEOUT",
}

/** How the gateway reaches one subgraph. */
export interface SubgraphDataSourceOptions {
  timeoutMs: number;
  metrics: GatewayMetrics;
  /** The key every fetch is signed with (RFC 9421, lib/signature.ts). */
  signingKey: SigningKey;
  /** Identical reads in flight at once share one fetch (docs/performance.md "Speed"). */
  deduplicate: boolean;
}

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

/**
 * One subgraph as the gateway sees it. Every fetch carries the request id and the caller's identity, signed with the
 * gateway's key over method, URL and body digest too (RFC 9421), has its own deadline and is never retried. A subgraph that is down or slow becomes an error that
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

  constructor(
    readonly subgraph: string,
    readonly url: string | undefined,
    private readonly options: SubgraphDataSourceOptions,
  ) {
    this.http = new SubgraphHttpClient(options.timeoutMs);
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
    const signed = signSubgraphRequest(this.options.signingKey, { method: "POST", url: this.url, body, caller: ctx.caller ?? null, requestId });
    const headers: Record<string, string> = { "content-type": "application/json", ...signed };

    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let answer: SubgraphAnswer;
    try {
      const isRead = incoming?.operation?.operation === "query";
      if (isRead && this.options.deduplicate) {
        // Everything the answer depends on; the signature's created, nonce and request id do not change it.
        const caller = `${ctx.caller?.partnerId ?? ""}\n${ctx.caller?.admin ? 1 : 0}`;
        const fetching = this.inflight.join(caller, body, () => this.http.post(this.url!, headers, body));
        if (fetching.joined) this.options.metrics.sharedFetch(this.subgraph);
        answer = await fetching.answer;
      } else {
        answer = await this.http.post(this.url, headers, body);
        if (!isRead) this.inflight.forget();
      }
    } catch (error) {
      const timedOut = isTimeout(error);
      this.options.metrics.subgraphFetch(this.subgraph, timedOut ? "timeout" : "unavailable", seconds());
      const cause = (error as { code?: string }).code;
      logger.warn({ subgraph: this.subgraph, reason: (error as Error).message, cause, requestId }, "subgraph fetch failed");
      throw timedOut
        ? new GraphQLError(`The ${this.subgraph} subgraph did not answer within ${this.options.timeoutMs} ms`, {
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
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      parsed = undefined;
    }
    const result = parsed as GatewayGraphQLResponse | undefined;
    if (result && typeof result === "object" && (Array.isArray(result.errors) || (answer.status < 300 && "data" in result))) {
      return { data: result.data, errors: result.errors, extensions: result.extensions } as GatewayGraphQLResponse;
    }
    this.options.metrics.subgraphFetch(this.subgraph, "unavailable", seconds);
    logger.warn({ subgraph: this.subgraph, status: answer.status }, "subgraph answered without GraphQL");
    throw new GraphQLError(`The ${this.subgraph} subgraph is unavailable`, {
      extensions: { code: SubgraphErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
    });
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
