import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import { logger } from "../lib/logger";
import { currentRequestId, REQUEST_ID_HEADER } from "../lib/request-id";
import type { GatewayMetrics } from "./metrics";

/** The codes of a subgraph that did not answer. */
export enum SubgraphErrorCode {
  SUBGRAPH_UNAVAILABLE = "SUBGRAPH_UNAVAILABLE",
  SUBGRAPH_TIMEOUT = "SUBGRAPH_TIMEOUT",
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

/**
 * One subgraph as the gateway sees it: every fetch has its own timeout (an AbortSignal, since the gateway's
 * `fetcher` option does not reach data sources), carries the request id, and never retries. A subgraph that is
 * down or slow becomes an error that names it, with no URL, and the other subgraphs' data is still served.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource {
  constructor(
    readonly subgraph: string,
    url: string | undefined,
    private readonly timeoutMs: number,
    private readonly metrics: GatewayMetrics,
  ) {
    super({ url });
    this.fetcher = ((input: string, init?: RequestInit) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(this.timeoutMs) })) as unknown as typeof this.fetcher;
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions) {
    const requestId = currentRequestId();
    if (requestId) request.http?.headers.set(REQUEST_ID_HEADER, requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const response = await super.process(options);
      this.metrics.subgraphFetch(this.subgraph, response.errors?.length ? "error" : "ok", seconds());
      return response;
    } catch (error) {
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
