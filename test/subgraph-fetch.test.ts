import http from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../lib/platform/auth";
import { SubgraphDataSource } from "../gateway/data-source";
import { hmacKey } from "../lib/platform/signature";
import type { GatewayContext } from "../gateway/identity";
import { createGatewayMetrics } from "../gateway/metrics";
import { InflightReads } from "../gateway/subgraph-http";

/**
 * The gateway's fetch from one subgraph, against a real HTTP server standing in for the subgraph: it holds every
 * request until the test releases it, so the test decides what is in flight together.
 */
describe("a subgraph fetch", () => {
  let server: http.Server;
  let url: string;
  const held: { body: string; release: (status: number, answer: string) => void }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", chunk => (body += chunk));
      req.on("end", () =>
        held.push({ body, release: (status, answer) => res.writeHead(status, { "content-type": "application/json" }).end(answer) }),
      );
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  const source = (options: Partial<{ deduplicate: boolean; timeoutMs: number }> = {}) =>
    new SubgraphDataSource("clusters", url, { timeoutMs: 2000, metrics: createGatewayMetrics(), signingKey: hmacKey("s".repeat(32)), deduplicate: true, ...options });

  const fetchOf = (dataSource: SubgraphDataSource, operation: "query" | "mutation", caller: Caller | null, query = "{ clusters { totalCount } }") =>
    dataSource.process({
      kind: "incoming operation",
      request: { query, variables: {} },
      context: { caller, requestId: "r-1" },
      incomingRequestContext: { operation: { operation } },
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

  /** Waits until the server holds `count` requests. */
  async function heldCount(count: number) {
    for (let i = 0; i < 200 && held.length < count; i++) await new Promise(resolve => setTimeout(resolve, 5));
    expect(held).toHaveLength(count);
  }

  const answer = JSON.stringify({ data: { clusters: { totalCount: 8 } } });
  const partner: Caller = { partnerId: "p-1", admin: false };

  it("shares one fetch between identical reads in flight, giving each its own copy of the answer", async () => {
    const dataSource = source();
    const reads = [fetchOf(dataSource, "query", null), fetchOf(dataSource, "query", null), fetchOf(dataSource, "query", null)];
    await heldCount(1);
    held.splice(0).forEach(h => h.release(200, answer));
    const [first, second, third] = await Promise.all(reads);
    expect(first.data).toEqual({ clusters: { totalCount: 8 } });
    expect(second.data).toEqual(first.data);
    expect(third.data).not.toBe(first.data);
    expect(dataSource.sharedFetches).toBe(2);
  });

  it("fetches again once the shared fetch has answered: nothing is kept", async () => {
    const dataSource = source();
    const first = fetchOf(dataSource, "query", null);
    await heldCount(1);
    held.splice(0).forEach(h => h.release(200, answer));
    await first;
    const second = fetchOf(dataSource, "query", null);
    await heldCount(1);
    held.splice(0).forEach(h => h.release(200, answer));
    await second;
    expect(dataSource.sharedFetches).toBe(0);
  });

  it("never shares between callers, nor between different operations", async () => {
    const dataSource = source();
    const reads = [
      fetchOf(dataSource, "query", null),
      fetchOf(dataSource, "query", partner),
      fetchOf(dataSource, "query", { ...partner, admin: true }),
      fetchOf(dataSource, "query", null, "{ clusters { nodes { id } } }"),
    ];
    await heldCount(4);
    held.splice(0).forEach(h => h.release(200, answer));
    await Promise.all(reads);
    expect(dataSource.sharedFetches).toBe(0);
  });

  it("never shares a write, and a read that starts after a write has answered fetches anew", async () => {
    const dataSource = source();
    const readBefore = fetchOf(dataSource, "query", partner);
    const writes = [fetchOf(dataSource, "mutation", partner, "mutation { x }"), fetchOf(dataSource, "mutation", partner, "mutation { x }")];
    await heldCount(3);
    // The read and the two writes are in flight; the writes answer first.
    const [read, ...writeHolds] = held.splice(0);
    writeHolds.forEach(h => h.release(200, answer));
    await Promise.all(writes);
    const readAfter = fetchOf(dataSource, "query", partner);
    await heldCount(1);
    held.splice(0).forEach(h => h.release(200, answer));
    read.release(200, answer);
    await Promise.all([readBefore, readAfter]);
    expect(dataSource.sharedFetches).toBe(0);
  });

  it("shares nothing when deduplication is off (DEDUPLICATE_READS=false)", async () => {
    const dataSource = source({ deduplicate: false });
    const reads = [fetchOf(dataSource, "query", null), fetchOf(dataSource, "query", null)];
    await heldCount(2);
    held.splice(0).forEach(h => h.release(200, answer));
    await Promise.all(reads);
    expect(dataSource.sharedFetches).toBe(0);
  });

  it("passes on a subgraph's coded refusal, and names the subgraph, without its URL, when it answers no GraphQL", async () => {
    const dataSource = source();
    const refused = fetchOf(dataSource, "query", null);
    await heldCount(1);
    held.splice(0).forEach(h => h.release(401, JSON.stringify({ errors: [{ message: "no", extensions: { code: "UNAUTHENTICATED" } }] })));
    expect((await refused).errors).toEqual([{ message: "no", extensions: { code: "UNAUTHENTICATED" } }]);

    const broken = fetchOf(dataSource, "query", null);
    await heldCount(1);
    held.splice(0).forEach(h => h.release(502, "<html>bad gateway</html>"));
    const error = await broken.catch(e => e);
    expect(error.message).toBe("The clusters subgraph is unavailable");
    expect(error.extensions).toEqual({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "clusters" });
  });

  it("gives up after its timeout with SUBGRAPH_TIMEOUT, and the identical reads sharing the fetch get the same error", async () => {
    const dataSource = source({ timeoutMs: 100 });
    const reads = [fetchOf(dataSource, "query", null), fetchOf(dataSource, "query", null)];
    const errors = await Promise.all(reads.map(read => read.catch(e => e)));
    for (const error of errors) expect(error.extensions).toEqual({ code: "SUBGRAPH_TIMEOUT", subgraph: "clusters" });
    held.splice(0);
  });
});

describe("reads in flight", () => {
  it("tell each holder whether the answer was shared, with the count final before anyone resumes, and keep nothing after", async () => {
    const reads = new InflightReads<{ n: number }>();
    let release!: (value: { n: number }) => void;
    const first = reads.join("public", "k", () => new Promise(resolve => (release = resolve)));
    const second = reads.join("public", "k", () => Promise.reject(new Error("not called")));
    // Another caller's identical read is its own.
    const partners = reads.join("partner", "k", async () => ({ n: 3 }));
    expect(partners.joined).toBe(false);
    expect(await partners.answer).toEqual({ n: 3 });
    expect([first.joined, second.joined]).toEqual([false, true]);
    release({ n: 1 });
    expect(await first.answer).toBe(await second.answer);
    expect(first.sharers()).toBe(1);
    expect(reads.size).toBe(0);
    expect(reads.join("public", "k", async () => ({ n: 2 })).joined).toBe(false);
  });
});
