import { execFile, fork, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, subgraphDatabaseUrl } from "../lib/platform/database";
import { audit } from "../lib/records/audit";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { freePort } from "../scripts/ports";
import { loadSubgraph } from "../services/registry";
import { postQuery } from "./helpers/graph";
import { graphOfItsOwn } from "./helpers/own-graph";

const ROOT = path.resolve(__dirname, "..");
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// A graph of its own: its feed process is killed, its receivers live on loopback (allowed here only), and retries come fast.
const own = graphOfItsOwn("changes", {
  logLevel: "warn",
  env: {
    WEBHOOK_ALLOW_PRIVATE_URLS: "true",
    WEBHOOK_RETRY_DELAY_SECONDS: "1",
    WEBHOOK_RETRY_LIMIT: "20",
    WEBHOOK_EXPIRE_SECONDS: "2",
    WEBHOOK_MAINTENANCE_SECONDS: "1",
    FEED_RELAY_INTERVAL_MS: "100",
    WEBHOOK_POLL_SECONDS: "0.5",
  },
});

const source = { title: "Sprawozdanie z działalności 2024", document: "sprawozdanie-2024.pdf", publishedOn: "2025-03-31", language: "pl" };

interface Received {
  id: string;
  headers: Record<string, string>;
  verified: { type: string; data: { entity: string; recordId: string; action: string; cursor: string } } | null;
  problem: string | null;
}

/** A receiver process on `port`, checking signatures with `secret`; every delivery it gets lands in `received`. */
function startReceiver(port: number, secret: string, received: Received[], env: Record<string, string> = {}): Promise<{ url: string; process: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, "test/helpers/webhook-receiver.ts"), [], {
      cwd: ROOT,
      execArgv: ["-r", "@swc-node/register"],
      env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: secret, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("error", reject);
    child.on("message", (message: { type: string; url?: string } & Received) => {
      if (message.type === "ready") resolve({ url: message.url!, process: child });
      if (message.type === "delivery") received.push(message);
    });
  });
}

const kill = (child: ChildProcess) =>
  new Promise<void>(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });

/** Waits, asking again every 200 ms, until `check` holds; the test's own timeout bounds the wait. */
async function until<T>(ask: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await ask();
    if (check(value)) return value;
    await sleep(200);
  }
}

const CHANGES = /* GraphQL */ `
  query Changes($since: String, $types: [String!], $first: Int!) {
    changes(since: $since, types: $types, first: $first) { endCursor hasMore nodes { cursor source entity recordId action partnerId countries after } }
  }
`;
const CREATE = /* GraphQL */ `
  mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id version } }
`;
const UPDATE = /* GraphQL */ `
  mutation UpdateOrganisation($id: ID!, $expectedVersion: Int!, $input: UpdateOrganisationInput!) {
    updateOrganisation(id: $id, expectedVersion: $expectedVersion, input: $input) { id version }
  }
`;
const SUBSCRIBE = /* GraphQL */ `
  mutation Subscribe($input: WebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { secret subscription { id url types countries active } } }
`;
const DELIVERIES = /* GraphQL */ `
  query Deliveries($status: WebhookDeliveryStatus) {
    webhookSubscriptions { id deliveries(status: $status, first: 100) { id status attempts lastError lastAttemptAt change { recordId action at } } }
  }
`;

describe("the change feed and partners' webhooks", () => {
  let store: MikroORM;
  let partner: { id: string; key: string };
  let other: { id: string; key: string };
  const receivers: ChildProcess[] = [];

  const as = (key: string | null) => (query: string, variables?: Record<string, unknown>) =>
    postQuery(own.graph.gatewayUrl, query, variables, key ? { authorization: `Bearer ${key}` } : {});
  const ok = async (key: string | null, query: string, variables?: Record<string, unknown>) => {
    const answer = await as(key)(query, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };
  const feedFrom = async (since: string | null, types?: string[]) => (await ok(null, CHANGES, { since, types, first: 100 })).changes;
  /** The feed's end as a reader finds it, reading page after page. */
  const feedEnd = async () => {
    let page = await feedFrom(null);
    while (page.hasMore) page = await feedFrom(page.endCursor);
    return page.endCursor as string;
  };
  const createOrganisation = async (country = "PL") => {
    const id = `fundacja-${randomUUID()}`;
    await ok(partner.key, CREATE, { input: { id, name: "Fundacja Testowa", kind: "NGO", country, source } });
    return id;
  };
  /** Reads the feed from `since` until the change of each record in `ids` is there. */
  const feedHas = (since: string | null, ids: string[]) => until(() => feedFrom(since), page => ids.every(id => page.nodes.some((n: { recordId: string }) => n.recordId === id)));

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(own.graph.postgresUrl, "gateway"));
    const make = async (name: string) => {
      const made = await createPartner(store.em.fork(), { name, id: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}` });
      return { id: made.partner.id, key: made.key };
    };
    partner = await make("Alpha");
    other = await make("Beta");
  });
  afterAll(async () => {
    await Promise.all(receivers.map(kill));
    await store?.close();
  });

  it("serves every create and update across subgraphs in one order, resumable from its cursor", async () => {
    const start = await feedEnd();
    const id = await createOrganisation();
    await ok(partner.key, UPDATE, { id, expectedVersion: 1, input: { city: "Białystok", source } });
    const page = await until(() => feedFrom(start), page => page.nodes.length >= 2);
    expect(page.nodes.map((n: { entity: string; recordId: string; action: string; source: string; partnerId: string; countries: string[] }) => [n.source, n.entity, n.recordId, n.action, n.partnerId, n.countries])).toEqual([
      ["organisations", "Organisation", id, "CREATE", partner.id, ["PL"]],
      ["organisations", "Organisation", id, "UPDATE", partner.id, ["PL"]],
    ]);
    expect(page.nodes[1].after).toMatchObject({ id, city: "Białystok", version: 2 });
    expect(page.endCursor).toBe(page.nodes[1].cursor);
    // Resumed from the first change's cursor, the second follows; from the end, nothing is new.
    expect((await feedFrom(page.nodes[0].cursor)).nodes.map((n: { action: string }) => n.action)).toEqual(["UPDATE"]);
    expect(await feedFrom(page.endCursor)).toEqual({ endCursor: page.endCursor, hasMore: false, nodes: [] });
    expect((await feedFrom(start, ["Cluster"])).nodes).toEqual([]);
  });

  it("skips nothing when a later write commits while an earlier transaction is still open", async () => {
    const start = await feedEnd();
    const organisations = await loadSubgraph("organisations");
    const { orm } = await openDatabase({ databaseUrl: subgraphDatabaseUrl(own.graph.postgresUrl, "organisations"), entities: organisations.entities, migrations: organisations.migrations });
    let release!: () => void;
    const released = new Promise<void>(resolve => (release = resolve));
    let written!: () => void;
    const heldWritten = new Promise<void>(resolve => (written = resolve));
    const held = `held-${randomUUID()}`;
    // An audited write of the organisations subgraph whose transaction has begun and written its rows, but stays open...
    const holding = orm.em.fork().transactional(async em => {
      audit(em, { partnerId: partner.id, admin: false }, "Organisation", held, null, { id: held, country: "PL" });
      await em.flush();
      written();
      await released;
    });
    try {
      await heldWritten;
      // ...while a later write to the same subgraph commits.
      const later = await createOrganisation();
      const during = await feedFrom(start);
      release();
      await holding;
      // Read on from where the reader stood while the first was open: both are there, the earlier transaction first.
      const after = await feedHas(during.endCursor, [held, later]);
      const seen = [...during.nodes, ...after.nodes].map((n: { recordId: string }) => n.recordId);
      expect(seen.filter(id => id === held || id === later)).toEqual([held, later]);
    } finally {
      release();
      await holding.catch(() => {});
      await orm.close();
    }
  });

  it("makes a webhook from the command line (npm run partner:webhook), printing its secret once, and refuses a loopback URL", async () => {
    const npmRun = async (...args: string[]) =>
      (await promisify(execFile)("npm", ["run", "--silent", "partner:webhook", "--", ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: own.graph.postgresUrl } })).stdout;
    const out = await npmRun("--partner", partner.id, "--url", "https://partner.example/cluster-hub", "--types", "Cluster", "--countries", "UA,PL");
    const id = /^webhook\s+(\S+)$/m.exec(out)![1];
    expect(out).toMatch(/^secret\s+whsec_\S+$/m);
    const listed = await ok(partner.key, `query Webhooks { webhookSubscriptions { id url types countries active } }`);
    expect(listed.webhookSubscriptions).toContainEqual({ id, url: "https://partner.example/cluster-hub", types: ["Cluster"], countries: ["PL", "UA"], active: true });
    await expect(npmRun("--partner", partner.id, "--url", "http://127.0.0.1:8080/hook")).rejects.toThrow(/public address/);
    await ok(partner.key, `mutation Cancel($id: ID!) { cancelWebhookSubscription(id: $id) { active } }`, { id });
  });

  it("delivers every change to a receiver killed mid-burst and brought back, each signed, repeats told by webhook-id", { timeout: 180_000 }, async () => {
    const port = await freePort();
    const received: Received[] = [];
    // The partner subscribes first, with a URL where nothing listens yet: the secret comes back once.
    const made = (await ok(partner.key, SUBSCRIBE, { input: { url: `http://127.0.0.1:${port}/hook`, types: ["Organisation"], countries: ["LT"] } })).createWebhookSubscription;
    expect(made.subscription).toMatchObject({ types: ["Organisation"], countries: ["LT"], active: true });
    expect(made.secret).toMatch(/^whsec_/);
    let receiver = await startReceiver(port, made.secret, received);
    receivers.push(receiver.process);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(await createOrganisation("LT"));
      if (i === 3) {
        await until(async () => received.length, count => count > 0);
        await kill(receiver.process);
      }
    }
    // One more, of a country the webhook does not follow: never delivered.
    const elsewhere = await createOrganisation("PL");
    receiver = await startReceiver(port, made.secret, received);
    receivers.push(receiver.process);
    await until(async () => new Set(received.map(r => r.verified?.data.recordId)), seen => ids.every(id => seen.has(id)));
    expect(received.every(r => r.problem === null)).toBe(true);
    expect(received.map(r => r.verified?.data.recordId)).not.toContain(elsewhere);
    const unique = new Map(received.map(r => [r.id, r.verified!.data.recordId]));
    expect([...unique.values()].sort()).toEqual([...ids].sort());
    expect(received[0].verified).toMatchObject({ type: "organisation.created", data: { entity: "Organisation", action: "CREATE" } });
    // The partner sees the deliveries, some of which needed more than one try.
    const seen = await until(
      async () => (await ok(partner.key, DELIVERIES, { status: "DELIVERED" })).webhookSubscriptions.find((s: { id: string }) => s.id === made.subscription.id).deliveries,
      deliveries => deliveries.length === ids.length,
    );
    expect(seen.every((d: { attempts: number; lastAttemptAt: string; change: { at: string } }) => d.attempts >= 1 && d.lastAttemptAt >= d.change.at)).toBe(true);
    expect(new Set(seen.map((d: { id: string }) => d.id))).toEqual(new Set(unique.keys()));
    await ok(partner.key, `mutation Cancel($id: ID!) { cancelWebhookSubscription(id: $id) { active } }`, { id: made.subscription.id });
  });

  it("loses nothing when the deliverer is killed mid-burst and restarted", { timeout: 180_000 }, async () => {
    const port = await freePort();
    const received: Received[] = [];
    const made = (await ok(partner.key, SUBSCRIBE, { input: { url: `http://127.0.0.1:${port}/hook`, countries: ["LV"] } })).createWebhookSubscription;
    // A slow receiver, so that deliveries are under way when the feed process dies.
    const receiver = await startReceiver(port, made.secret, received, { ANSWER_DELAY_MS: "300" });
    receivers.push(receiver.process);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await createOrganisation("LV"));
    await until(async () => received.length, count => count > 0);
    await own.graph.stopSubgraph("feed", "kill");
    for (let i = 0; i < 4; i++) ids.push(await createOrganisation("LV"));
    await own.graph.startSubgraph("feed");
    await until(async () => new Set(received.map(r => r.verified?.data.recordId)), seen => ids.every(id => seen.has(id)));
    expect(new Set(received.map(r => r.verified?.data.recordId))).toEqual(new Set(ids));
    await ok(partner.key, `mutation Cancel($id: ID!) { cancelWebhookSubscription(id: $id) { active } }`, { id: made.subscription.id });
  });

  it("lets a receiver with the wrong secret detect it, and shows the partner the failure, which it can replay", { timeout: 120_000 }, async () => {
    const port = await freePort();
    const received: Received[] = [];
    const made = (await ok(partner.key, SUBSCRIBE, { input: { url: `http://127.0.0.1:${port}/hook`, countries: ["EE"] } })).createWebhookSubscription;
    const wrong = `whsec_${Buffer.from(randomUUID()).toString("base64")}`;
    let receiver = await startReceiver(port, wrong, received);
    receivers.push(receiver.process);
    const id = await createOrganisation("EE");
    await until(async () => received.length, count => count > 0);
    expect(received[0].problem).toMatch(/signature/i);
    expect(received[0].verified).toBeNull();
    const failing = await until(
      async () => (await ok(partner.key, DELIVERIES, {})).webhookSubscriptions.find((s: { id: string }) => s.id === made.subscription.id).deliveries,
      deliveries => deliveries[0]?.lastError != null,
    );
    expect(failing).toEqual([
      { id: received[0].id, status: "RETRYING", attempts: expect.any(Number), lastError: "the receiver answered HTTP 400", lastAttemptAt: expect.any(String), change: { recordId: id, action: "CREATE", at: expect.any(String) } },
    ]);
    // Another partner sees none of it, and cannot replay it.
    expect((await ok(other.key, DELIVERIES, {})).webhookSubscriptions).toEqual([]);
    const foreign = await as(other.key)(`mutation Replay($id: ID!) { replayWebhookDeliveries(subscriptionId: $id) { id } }`, { id: made.subscription.id });
    expect(foreign.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    // With the right secret the receiver accepts the replayed delivery, under the same webhook-id.
    await kill(receiver.process);
    receiver = await startReceiver(port, made.secret, received);
    receivers.push(receiver.process);
    const replayed = await ok(partner.key, `mutation Replay($id: ID!, $ids: [ID!]) { replayWebhookDeliveries(subscriptionId: $id, deliveryIds: $ids) { id status } }`, {
      id: made.subscription.id,
      ids: [received[0].id],
    });
    expect(replayed.replayWebhookDeliveries).toEqual([{ id: received[0].id, status: "PENDING" }]);
    await until(async () => received.filter(r => r.problem === null), good => good.length > 0);
    expect(received.find(r => r.problem === null)).toMatchObject({ id: received[0].id, verified: { data: { recordId: id } } });
    await ok(partner.key, `mutation Cancel($id: ID!) { cancelWebhookSubscription(id: $id) { active } }`, { id: made.subscription.id });
  });
});
