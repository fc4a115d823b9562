import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { startGateway } from "../scripts/graph";
import { send, type RawAnswer } from "./helpers/http";

// A gateway process of its own, with the limits as shipped, in front of the shared graph's subgraphs. Each flood comes
// from a loopback address of its own, as one attacker would; the partner asks with its key, from yet another address.
const FLOOD_MS = 2_000;
const ATTACKERS = 12;
// The gateway runs with --max-old-space-size=256 (scripts/graph.ts GATEWAY_NODE_FLAGS).
const HEAP_LIMIT = 256 * 2 ** 20;

const storeUrl = () => {
  const url = new URL(inject("graph").postgresUrl);
  url.pathname = "/flood";
  return subgraphDatabaseUrl(url.toString(), "gateway");
};
let gateway: Awaited<ReturnType<typeof startGateway>>;
let base: string;
let partnerKey: string;

beforeAll(async () => {
  const store = await openPartnerStore(storeUrl());
  partnerKey = (await createPartner(store.em.fork(), { name: "Flood partner", id: "flood-partner" }).finally(() => store.close())).key;
  gateway = await startGateway({
    subgraphUrls: inject("graph").subgraphUrls,
    env: { GATEWAY_SECRET: inject("gatewaySecret"), DATABASE_URL: storeUrl(), LOG_LEVEL: "fatal" },
  });
  base = gateway.url.replace(/\/graphql$/, "");
});
afterAll(() => gateway?.stop());

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

// What an attacker sends to each route the gateway serves, and to one it does not.
const FLOODS: { route: string; request: { method?: string; headers?: Record<string, string>; body?: string } }[] = [
  { route: "POST /graphql", request: json({ query: "{ clusters(first: 100) { nodes { memberships { organisation { name } } partnerships { title } funding { role } } } }" }) },
  { route: "GET /graphql (the explorer)", request: { headers: { accept: "text/html" } } },
  { route: "POST /export", request: json({ query: `query { ${"...F ".repeat(150_000)}} fragment F on Query { __typename }` }) },
  { route: "GET /health", request: {} },
  { route: "GET /health/ready", request: {} },
  { route: "GET /metrics", request: {} },
  { route: "GET /nope", request: {} },
];

const heapUsed = async (from: string) => {
  const metrics = await send(`${base}/metrics`, { from });
  return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics.text)?.[1] ?? NaN);
};

describe("a flood on each route", () => {
  it.each(FLOODS.map((flood, index) => ({ ...flood, index })))(
    "$route: a partner keeps being answered, the gateway stays within its heap, and every refusal is coded",
    async ({ route, request, index }) => {
      const path = route.split(" ")[1];
      const until = Date.now() + FLOOD_MS;
      const statuses = new Map<number, number>();
      const uncoded: string[] = [];
      const flood = Array.from({ length: ATTACKERS }, async () => {
        while (Date.now() < until) {
          // A gateway that refuses a body before reading it all may close the socket while it is still being sent.
          const answer: RawAnswer | null = await send(`${base}${path}`, { ...request, from: `127.0.${10 + index}.1` }).catch((error: NodeJS.ErrnoException) => {
            if (error.code === "EPIPE" || error.code === "ECONNRESET") return null;
            throw error;
          });
          if (!answer) continue;
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (answer.status >= 400 && !/"code":"[A-Z_]+"/.test(answer.text)) uncoded.push(`${answer.status} ${answer.text.slice(0, 120)}`);
        }
      });
      const partnerAnswers: number[] = [];
      const partner = (async () => {
        while (Date.now() < until) {
          const answer = await send(gateway.url, {
            ...json({ query: "{ clusters(first: 5) { nodes { id name } } }" }),
            headers: { "content-type": "application/json", authorization: `Bearer ${partnerKey}` },
            from: "127.0.9.1",
          });
          expect(answer.json().data.clusters.nodes.length).toBeGreaterThan(0);
          partnerAnswers.push(answer.status);
          await new Promise(resolve => setTimeout(resolve, 50));
        }
      })();
      const heap: number[] = [];
      const sampler = (async () => {
        while (Date.now() < until) {
          heap.push(await heapUsed("127.0.8.1"));
          await new Promise(resolve => setTimeout(resolve, 250));
        }
      })();
      await Promise.all([...flood, partner, sampler]);

      expect(gateway.process.exitCode).toBeNull();
      expect(partnerAnswers.length).toBeGreaterThan(0);
      expect(partnerAnswers.every(status => status === 200)).toBe(true);
      expect(Math.max(...heap)).toBeLessThan(HEAP_LIMIT);
      expect([...statuses.keys()].filter(status => status >= 500 && status !== 503)).toEqual([]);
      expect(uncoded).toEqual([]);
    },
  );
});
