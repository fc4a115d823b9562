import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import type { Caller } from "../../lib/platform/auth";
import { hmacKey, signSubgraphRequest } from "../../lib/platform/signature";

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** Sends one GraphQL request over HTTP, as a dashboard or analyst would. */
export async function postQuery<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/** The headers the test graph's gateway would send with one POST of `body` to a subgraph at `url`: identity and signature. */
export const signedAsGateway = (url: string, body: string, caller: Caller | null = null, now = Date.now()) =>
  signSubgraphRequest(hmacKey(inject("gatewaySecret")), { method: "POST", url, body, caller, requestId: `test-${randomUUID()}` }, now);

/** The graph the global setup started, with the sample data. */
export const theGraph = () => graphClient(inject("graph"));

export type GraphClient = ReturnType<typeof graphClient>;

/** A client of a running graph: ask it questions through the gateway, count its SQL. */
export function graphClient({ gatewayUrl, subgraphUrls, postgresUrl }: { gatewayUrl: string; subgraphUrls: Record<string, string>; postgresUrl: string }) {
  return {
    gatewayUrl,
    subgraphUrls,
    postgresUrl,
    query: <T = any>(query: string, variables?: Record<string, unknown>) => postQuery<T>(gatewayUrl, query, variables),
    /** Runs a query that must succeed and returns its data. */
    async data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const response = await postQuery<T>(gatewayUrl, query, variables);
      if (response.errors?.length) throw new Error(`Unexpected errors: ${JSON.stringify(response.errors)}`);
      return response.data as T;
    },
    /** SQL statements each subgraph has sent so far, read from its /metrics. */
    async statements(): Promise<Record<string, number>> {
      const entries = await Promise.all(
        Object.entries(subgraphUrls).map(async ([name, url]) => {
          const text = await (await fetch(url.replace(/\/graphql$/, "/metrics"))).text();
          const match = /clusterhub_sql_statements_total\{[^}]*\} (\d+)/.exec(text);
          return [name, match ? Number(match[1]) : NaN] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  };
}

/**
 * How many SQL statements each subgraph sends to answer `query`. The graph of the global setup is shared with test
 * files that run at the same time, whose statements can only add to the counters; a query's own count is the same
 * every time, so it is the fewest of three tries, subgraph by subgraph.
 */
export async function statementsFor(graph: GraphClient, query: string, variables?: Record<string, unknown>) {
  let fewest: Record<string, number> | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await graph.statements();
    await graph.data(query, variables);
    const after = await graph.statements();
    const counts: Record<string, number> = Object.fromEntries(Object.keys(before).map(name => [name, after[name] - before[name]]));
    fewest = fewest ? Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, Math.min(n, fewest![name])])) : counts;
  }
  return fewest!;
}

/**
 * Sends a request that must reach no subgraph's database, and returns its answer. Other test files may move the shared
 * counters meanwhile, so one of five tries must leave them still; a request that does reach a database moves them
 * every time.
 */
export async function withoutSql<T>(graph: GraphClient, send: () => Promise<T>): Promise<{ answer: T; still: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const before = await graph.statements();
    const answer = await send();
    const after = await graph.statements();
    const still = JSON.stringify(after) === JSON.stringify(before);
    if (still || attempt === 5) return { answer, still };
  }
}
