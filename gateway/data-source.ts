import { randomUUID } from "node:crypto";
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import { logger } from "../lib/logger";
import { currentRequestId } from "../lib/request-id";
import { signIdentity } from "../lib/signature";
import type { GatewayContext } from "./identity";
import type { GatewayMetrics } from "./metrics";

/** The codes of a subgraph that did not answer. */
export enum SubgraphErrorCode {
  SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE",
  SUBGRAPH_TIMEOUT = "SUBGRAPH_TIMEOUT",
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

/**
 * One subgraph as the gateway sees it: every fetch has its own timeout (an AbortSignal, since the gateway's
 * `fetcher` option does not reach data sources), carries the request id and the caller's identity signed with the
 * gateway's secret, and never retries. A subgraph that is down or slow becomes an error that names it, with no URL,
 * and the other subgraphs' data is still served.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraph: string,
    url: string | undefined,
    private readonly timeoutMs: number,
    private readonly metrics: GatewayMetrics,
    private readonly secret: string,
  ) {
    super({ url });
    this.fetcher = ((input: string, init?: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) })) as unknown as typeof this.fetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // Composition's own requests (`_service { sdl }`) carry no request context: they are signed as nobody's.
    const ctx = context as Partial<GatewayContext>;
    const headers = signIdentity(this.secret, ctx.caller ?? null, currentRequestId() ?? ctx.requestId ?? randomUUID());
    for (const [name, value] of Object.entries(headers)) request.http?.headers.set(name, value);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await super.process(options);
      this.metrics.subgraphFetch(this.subgraph, response.errors?.length ? "error" : "ok", seconds());
      return response;
    } catch (error) {
      // A subgraph that refused with a GraphQL answer (401 UNAUTHENTICATED, 400 ...) did answer: pass its coded errors on.
      const answered = (error as GraphQLError).extensions?.response as { body?: { errors?: unknown } } | undefined;
      if (Array.isArray(answered?.body?.errors)) {
        this.metrics.subgraphFetch(this.subgraph, "error", seconds());
        return { errors: answered.body.errors } as GatewayGraphQLResponse;
      }
      const timedOut = isTimeout(error);
      this.metrics.subgraphFetch(this.subgraph, timedOut ? "timeout" : "unavailable", seconds());
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      logger.warn({ subgraph: this.subgraph, reason: (error as Error).message, cause }, "subgraph fetch failed");
      throw timedOut
        ? new GraphQLError(`The ${this.subgraph} subgraph did not answer within ${this.timeoutMs} ms`, {
            extensions: { code: SubgraphErrorCode.SUBGRAPH_TIMEOUT, subgraph: this.subgraph },
          })
        : new GraphQLError(`The ${this.subgraph} subgraph is unavailable`, {
            extensions: { code: SubgraphErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.subgraph },
          });
    }
  }
}
