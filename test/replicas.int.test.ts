import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RedisRateLimit } from "../gateway/rate-limit";
import { SharedState } from "../gateway/shared-state";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { startGateway, startGraph, type RunningGraph } from "../scripts/graph";
import { freePort } from "../scripts/ports";
import { postQuery } from "./helpers/graph";

const ROOT = path.resolve(__dirname, "..");
// The machine's Redis, shared with other tests: every key this file makes begins with a prefix of its own.
const REDIS_URL = "redis://127.0.0.1:6379";
const PER_KEY = 20;

/** What a gateway's /metrics says of its Redis: 1 connected, 0 doing without. */
const redisConnected = async (graphqlUrl: string) =>
  /^clusterhub_gateway_redis_connected (\d)$/m.exec(await (await fetch(graphqlUrl.replace(/\/graphql$/, "/metrics"))).text())?.[1];

/** Deletes every key under `prefix` (never the rest of the shared Redis). */
async function forgetPrefix(prefix: string) {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) if (keys.length) await client.del(keys);
  await client.close();
}

const SOURCE = { title: "Test", url: "https://example.org/lt", publishedOn: "2026", language: "lt" };
const LITHUANIAN = /* GraphQL */ `query Lithuanian { organisations(filter: { country: LT }) { totalCount } }`;
const CREATE = /* GraphQL */ `mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`;

describe("two gateway replicas on one Redis", () => {
  const prefix = `test-replicas-${randomBytes(6).toString("hex")}`;
  let graph: RunningGraph;
  let serverUrl: string;
  let one: string;
  let two: string;

  /** A new partner's API key (and its id), made in the gateways' own database. */
  async function partnerKey(name: string) {
    const store = await openPartnerStore(subgraphDatabaseUrl(serverUrl, "gateway"));
    try {
      const made = await createPartner(store.em.fork(), { name, id: `${name.toLowerCase().replace(/\W+/g, "-")}-${randomBytes(4).toString("hex")}` });
      return { key: made.key, keyId: made.keyId };
    } finally {
      await store.close();
    }
  }
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const statusOf = async (url: string, key: string) => (await postQuery(url, `query Ping { __typename }`, undefined, as(key))).status;

  beforeAll(async () => {
    const url = new URL(inject("graph").postgresUrl);
    url.pathname = "/replicas";
    serverUrl = url.toString();
    // The subgraphs allow their answers to be cached for 30 s, so that the gateways' response cache keeps them.
    const before = process.env.CACHE_MAX_AGE;
    process.env.CACHE_MAX_AGE = "30";
    try {
      graph = await startGraph({
        databaseUrl: serverUrl,
        ports: "ephemeral",
        gatewayPorts: [0, 0],
        sampleData: "on",
        logLevel: "warn",
        gatewaySecret: inject("gatewaySecret"),
        gatewayEnv: { REDIS_URL, REDIS_PREFIX: prefix, RATE_LIMIT_PER_KEY: String(PER_KEY) },
      });
    } finally {
      process.env.CACHE_MAX_AGE = before;
    }
    [one, two] = graph.gatewayUrls;
  });

  afterAll(async () => {
    await graph?.stop();
    await forgetPrefix(prefix);
  });

  it("runs two gateways, each on its own port, both connected to Redis", async () => {
    expect(graph.gatewayUrls).toHaveLength(2);
    expect(new URL(one).port).not.toBe(new URL(two).port);
    expect([await redisConnected(one), await redisConnected(two)]).toEqual(["1", "1"]);
  });

  it("gives a client spread over both replicas the same number of 429s as one replica gives", async () => {
    const alone = await partnerKey("Alone");
    const spread = await partnerKey("Spread");
    const requests = PER_KEY + 10;
    const refusedAlone: number[] = [];
    const refusedSpread: number[] = [];
    for (let i = 0; i < requests; i++) {
      refusedAlone.push(await statusOf(one, alone.key));
      refusedSpread.push(await statusOf(i % 2 ? two : one, spread.key));
    }
    const count429 = (statuses: number[]) => statuses.filter(status => status === 429).length;
    expect(count429(refusedAlone)).toBe(10);
    expect(count429(refusedSpread)).toBe(count429(refusedAlone));
    // The refused ones are the last ones, at either replica, and say when to come back.
    expect(refusedSpread.slice(PER_KEY)).toEqual(Array(10).fill(429));
    const refused = await fetch(two, { method: "POST", headers: { "content-type": "application/json", ...as(spread.key) }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await refused.json()).errors[0].extensions.code).toBe("RATE_LIMITED");
  });

  it("refuses a key revoked with `npm run partner:revoke` at both replicas from the very next request", async () => {
    const { key, keyId } = await partnerKey("Revoked");
    expect([await statusOf(one, key), await statusOf(two, key)]).toEqual([200, 200]);
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "partner:revoke", "--", "--key-id", keyId], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: serverUrl },
    });
    expect(stdout).toContain(`revoked ${keyId}`);
    const answers = [await postQuery(two, `query Ping { __typename }`, undefined, as(key)), await postQuery(one, `query Ping { __typename }`, undefined, as(key))];
    expect(answers.map(answer => [answer.status, answer.errors?.[0]?.extensions?.code])).toEqual([
      [401, "UNAUTHENTICATED"],
      [401, "UNAUTHENTICATED"],
    ]);
  });

  it("empties the other replica's cached answer with a write, before the write's own answer comes back", async () => {
    const { key } = await partnerKey("Writer");
    const read = (url: string) => fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: LITHUANIAN }) });
    const first = await read(two);
    const before = (await first.json()).data.organisations.totalCount as number;
    const cached = await read(two);
    expect(cached.headers.get("age")).not.toBeNull();
    expect((await cached.json()).data.organisations.totalCount).toBe(before);

    const written = await postQuery(one, CREATE, { input: { name: "Asociacija Replika", kind: "NGO", country: "LT", source: SOURCE } }, as(key));
    expect(written.errors).toBeUndefined();
    const after = await read(two);
    expect(after.headers.get("age")).toBeNull();
    expect((await after.json()).data.organisations.totalCount).toBe(before + 1);
  });

  it("knows a persisted query registered through one replica at the other", async () => {
    const query = /* GraphQL */ `query PolishClusterCount { clusters(filter: { country: PL }) { totalCount } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
    const send = (url: string, body: object) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(r => r.json());
    const registered = await send(one, { query, extensions: { persistedQuery } });
    expect(registered.errors).toBeUndefined();
    expect(await send(two, { extensions: { persistedQuery } })).toEqual(registered);
  });
});

describe("the channel the replicas tell each other of writes on", () => {
  const prefix = `test-channel-${randomBytes(6).toString("hex")}`;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gateway = await startGateway({ subgraphUrls: inject("graph").subgraphUrls, env: { REDIS_URL, REDIS_PREFIX: prefix, GATEWAY_SECRET: inject("gatewaySecret") } });
  });
  afterAll(async () => {
    await gateway?.stop();
    await forgetPrefix(prefix);
  });

  it("ignores whatever else is published there, and keeps serving", async () => {
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    for (const junk of ["not json", "null", "42", "[]", `{"kind":"write"}`, `{"kind":"drop everything","from":"x"}`, `{"kind":"write","from":{}}`, "x".repeat(100_000)]) {
      await client.publish(`${prefix}:events`, junk);
    }
    await client.close();
    const answer = await postQuery(gateway.url, `query PolishClusterCount { clusters(filter: { country: PL }) { totalCount } }`);
    expect([answer.status, answer.data]).toEqual([200, { clusters: { totalCount: 7 } }]);
    expect(gateway.process.exitCode).toBeNull();
  });
});

describe("the limit of two replicas in Redis, seen from inside", () => {
  const prefix = `test-limit-${randomBytes(6).toString("hex")}`;
  const replicas = [new SharedState(REDIS_URL, prefix), new SharedState(REDIS_URL, prefix)];
  afterAll(async () => {
    await Promise.all(replicas.map(replica => replica.close()));
    await forgetPrefix(prefix);
  });

  it("is one count for both: a batch through one leaves the other less, and the refusal says when to come back", async () => {
    for (const replica of replicas) expect(await replica.whenConnected(5000)).toBe(true);
    const [a, b] = replicas.map(replica => new RedisRateLimit(replica, "key", 10));
    expect(await a.take("caller", 7)).toEqual({ ok: true });
    const refused = await b.take("caller", 4);
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.ok === false && refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await b.take("caller", 3)).toEqual({ ok: true });
    expect((await a.take("caller")).ok).toBe(false);
    expect(await b.take("someone else", 10)).toEqual({ ok: true });
  });
});

/** A Redis of this test's own, on a free port, that the test can stop: never the machine's shared one. */
async function ownRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"], { stdio: "ignore" });
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
    client.on("error", () => undefined);
    const up = await client.connect().then(
      () => client.close().then(() => true),
      () => false,
    );
    if (up) return child;
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error("redis-server did not start");
}

const stopped = (child: ChildProcess) => new Promise(resolve => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once("exit", resolve)));

describe("a gateway whose Redis goes away", () => {
  let redis: ChildProcess;
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  beforeAll(async () => {
    const port = await freePort();
    redis = await ownRedis(port);
    gateway = await startGateway({
      subgraphUrls: inject("graph").subgraphUrls,
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: "hostile", RATE_LIMIT_PER_ADDRESS: "15", GATEWAY_SECRET: inject("gatewaySecret") },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    if (redis && redis.exitCode === null) {
      redis.kill("SIGKILL");
      await stopped(redis);
    }
  });

  it("starts without a Redis that is not there, and serves", async () => {
    const lonely = await startGateway({
      subgraphUrls: inject("graph").subgraphUrls,
      env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_PREFIX: "hostile", GATEWAY_SECRET: inject("gatewaySecret") },
    });
    try {
      const answer = await postQuery(lonely.url, `query PolishClusterCount { clusters(filter: { country: PL }) { totalCount } }`);
      expect([answer.status, answer.data]).toEqual([200, { clusters: { totalCount: 7 } }]);
      expect(await redisConnected(lonely.url)).toBe("0");
    } finally {
      await lonely.stop();
    }
  });

  it("keeps answering, never with a 500, and keeps limiting each caller in its own memory", async () => {
    const read = () => postQuery(gateway.url, `query PolishClusterCount { clusters(filter: { country: PL }) { totalCount } }`);
    expect((await read()).status).toBe(200);
    redis.kill("SIGKILL");
    await stopped(redis);

    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await read()).status);
    expect(statuses.filter(status => status !== 200 && status !== 429)).toEqual([]);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(-5)).toEqual(Array(5).fill(429));
    const answer = await read();
    expect(answer.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
    expect(gateway.process.exitCode).toBeNull();
  });
});
