import { generateKeyPairSync } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { startGateway, startProcess, stopProcess } from "../scripts/graph";
import { postQuery } from "./helpers/graph";

/** One request as it went from the gateway to the clusters subgraph, recorded by the proxy between them. */
interface Captured {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A transparent HTTP proxy on port 0 that records every request before passing it on to `target`: the attacker's tap. */
async function capturingProxy() {
  const captured: Captured[] = [];
  let target = "";
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", chunk => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      captured.push({ method: req.method!, path: req.url!, headers: { ...req.headers }, body });
      const onward = http.request(new URL(req.url!, target), { method: req.method, headers: req.headers }, answer => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      onward.on("error", () => res.destroy());
      onward.end(body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    captured,
    forwardTo: (url: string) => void (target = url),
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

/** Sends a captured request again, byte for byte or with another body, straight to a subgraph: the replay. */
function replay(url: string, request: Captured, body = request.body): Promise<{ status: number; codes: string[]; reasons: string[]; data: unknown }> {
  const { connection: _connection, "content-length": _length, "transfer-encoding": _encoding, ...headers } = request.headers;
  return new Promise((resolve, reject) => {
    const sent = http.request(new URL(request.path, url), { method: request.method, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, answer => {
      let text = "";
      answer.setEncoding("utf8");
      answer.on("data", chunk => (text += chunk));
      answer.on("end", () => {
        const json = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string; reason?: string } }[] };
        resolve({
          status: answer.statusCode!,
          codes: json.errors?.map(e => e.extensions?.code ?? "") ?? [],
          reasons: json.errors?.map(e => e.extensions?.reason ?? "") ?? [],
          data: json.data,
        });
      });
    });
    sent.on("error", reject);
    sent.end(body);
  });
}

const CLUSTER = "medychnyi-klaster-lvivshchyny";
const READ = /* GraphQL */ `
  query ClusterRecord($id: ID!) { cluster(id: $id) { name nameEn version changes { action partnerId } } }
`;
const UPDATE = /* GraphQL */ `
  mutation RenameCluster($id: ID!, $expectedVersion: Int!, $input: UpdateClusterInput!) {
    updateCluster(id: $id, expectedVersion: $expectedVersion, input: $input) { nameEn version }
  }
`;
const source = { title: "Звіт кластера 2025", url: "https://example.org/zvit-2025", publishedOn: "2025", language: "uk" };

// The clusters subgraph, in two replicas on one database of its own, is reached by the gateway through the proxy, so
// the replicas' public URL is the proxy's; the other subgraphs are the shared graph's.
const serverUrl = () => {
  const url = new URL(inject("graph").postgresUrl);
  url.pathname = "/signatureshub";
  return url.toString();
};
const edKeys = generateKeyPairSync("ed25519");
const edPrivate = edKeys.privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
const edPublic = edKeys.publicKey.export({ type: "spki", format: "pem" }).toString();

let proxy: Awaited<ReturnType<typeof capturingProxy>>;
let replicas: { url: string; process: ChildProcess }[] = [];
let gateway: Awaited<ReturnType<typeof startGateway>>;
let edGateway: Awaited<ReturnType<typeof startGateway>>;
let adminKey: string;

beforeAll(async () => {
  proxy = await capturingProxy();
  const clustersEnv = {
    LOG_LEVEL: "fatal",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: subgraphDatabaseUrl(serverUrl(), "clusters"),
    SAMPLE_DATA: "on",
    PUBLIC_URL: proxy.url,
    // During a switch from HMAC to Ed25519 a subgraph accepts both.
    GATEWAY_SECRET: inject("gatewaySecret"),
    GATEWAY_VERIFY_KEY: edPublic,
  };
  // One after the other: the first migrates the database and loads the sample data.
  for (let i = 0; i < 2; i++) replicas.push(await startProcess("clusters", "services/clusters/main.ts", clustersEnv));
  proxy.forwardTo(replicas[0].url);
  const gatewayDatabase = subgraphDatabaseUrl(serverUrl(), "gateway");
  const store = await openPartnerStore(gatewayDatabase);
  adminKey = (await createPartner(store.em.fork(), { name: "Signatures Admin", id: "signatures-admin", admin: true })).key;
  await store.close();
  const subgraphUrls = { ...inject("graph").subgraphUrls, clusters: proxy.url };
  [gateway, edGateway] = await Promise.all([
    startGateway({ subgraphUrls, env: { GATEWAY_SECRET: inject("gatewaySecret"), DATABASE_URL: gatewayDatabase, LOG_LEVEL: "fatal" } }),
    startGateway({ subgraphUrls, env: { GATEWAY_SIGNING_KEY: edPrivate, DATABASE_URL: gatewayDatabase, LOG_LEVEL: "fatal" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([gateway?.stop(), edGateway?.stop()]);
  await Promise.all(replicas.map(r => stopProcess(r.process)));
  await proxy?.close();
});

const asAdmin = (query: string, variables?: Record<string, unknown>, via = gateway) =>
  postQuery(via.url, query, variables, { authorization: `Bearer ${adminKey}` });

/** The cluster's record and its audit trail, as the administrator reads them through the gateway. */
const record = async () => (await asAdmin(READ, { id: CLUSTER })).data;

/** What the proxy records while `action` runs: the requests the gateway sent to the clusters subgraph. */
async function capture(action: () => Promise<unknown>): Promise<Captured[]> {
  proxy.captured.length = 0;
  await action();
  // GraphQL requests only: the gateway also asks GET /list-sizes now and then, for its cost.
  return proxy.captured.filter(request => request.method === "POST");
}

describe("an administrator's request captured between the gateway and a subgraph", () => {
  it("is signed with RFC 9421 over method, target URI, body digest and identity, with a nonce", async () => {
    const [read] = await capture(async () => expect((await asAdmin(READ, { id: CLUSTER })).data.cluster.name).toBe("Медичний кластер Львівщини"));
    expect(read.headers["x-clusterhub-partner"]).toBe("signatures-admin");
    expect(read.headers["x-clusterhub-admin"]).toBe("1");
    expect(read.headers["content-digest"]).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    expect(read.headers["signature-input"]).toMatch(
      /^clusterhub=\("@method" "@target-uri" "content-digest" "x-clusterhub-partner" "x-clusterhub-admin" "x-request-id"\);created=\d+;keyid="clusterhub-gateway";alg="hmac-sha256";nonce="[\w-]+"$/,
    );
  });

  it("is refused when replayed as captured, with another body, or at another subgraph; nothing is written", async () => {
    const before = await record();
    const [read] = await capture(() => asAdmin(READ, { id: CLUSTER }));

    // (a) Byte for byte, to the replica that answered it: its nonce was seen.
    expect(await replay(replicas[0].url, read)).toMatchObject({ status: 401, codes: ["UNAUTHENTICATED"], reasons: ["REPLAYED"] });
    // (b) The captured headers with an updateCluster body: the body is not the one whose digest was signed.
    const update = JSON.stringify({ query: UPDATE, variables: { id: CLUSTER, expectedVersion: before.cluster.version, input: { nameEn: "Hijacked", source } } });
    for (const replica of replicas) expect(await replay(replica.url, read, update)).toMatchObject({ status: 401, codes: ["UNAUTHENTICATED"], reasons: ["DIGEST_MISMATCH"] });
    // (c) The same headers at the organisations subgraph: they were signed for the clusters subgraph's URL.
    expect(await replay(inject("graph").subgraphUrls.organisations, read)).toMatchObject({ status: 401, codes: ["UNAUTHENTICATED"], reasons: ["OTHER_TARGET"] });

    expect(await record()).toEqual(before);
  });

  it("applies a signed mutation once: replayed to either replica it is refused, since PostgreSQL keeps its nonce", async () => {
    const before = await record();
    const variables = { id: CLUSTER, expectedVersion: before.cluster.version, input: { nameEn: "Lviv Medical Cluster", source } };
    const [mutation] = await capture(async () =>
      expect((await asAdmin(UPDATE, variables)).data).toEqual({ updateCluster: { nameEn: "Lviv Medical Cluster", version: before.cluster.version + 1 } }),
    );
    const after = await record();
    expect(after.cluster.changes).toHaveLength(before.cluster.changes.length + 1);
    expect(after.cluster.changes[0]).toEqual({ action: "UPDATE", partnerId: "signatures-admin" });

    // The other replica has never seen the nonce in memory; the shared record in PostgreSQL refuses it.
    expect(await replay(replicas[1].url, mutation)).toMatchObject({ status: 401, codes: ["UNAUTHENTICATED"], reasons: ["REPLAYED"], data: undefined });
    expect(await replay(replicas[0].url, mutation)).toMatchObject({ status: 401, codes: ["UNAUTHENTICATED"], reasons: ["REPLAYED"] });
    expect(await record()).toEqual(after);
  });

  it("is signed with Ed25519 by a gateway that holds GATEWAY_SIGNING_KEY, and checked with the public key", async () => {
    const [read] = await capture(async () => expect((await asAdmin(READ, { id: CLUSTER }, edGateway)).data.cluster.name).toBe("Медичний кластер Львівщини"));
    expect(read.headers["signature-input"]).toContain(';alg="ed25519"');
    expect(await replay(replicas[1].url, read, JSON.stringify({ query: "{ __typename }" }))).toMatchObject({ status: 401, reasons: ["DIGEST_MISMATCH"] });
  });
});

describe("a process started in production without its key", () => {
  /** Starts a process that must refuse to start; answers how it ended and what it logged. */
  async function refusedStart(name: string, entry: string, env: Record<string, string>) {
    const lines: string[] = [];
    const start = startProcess(name, entry, { LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: "0", NODE_ENV: "production", ...env }, (_service, line) => lines.push(line));
    const error = await start.then(
      () => null,
      (e: Error) => e,
    );
    return { error: error?.message, logged: lines.join("\n") };
  }

  it("is the gateway: it names GATEWAY_SECRET and GATEWAY_SIGNING_KEY and exits with 1", async () => {
    expect(process.env.GATEWAY_SECRET).toBeUndefined();
    const { error, logged } = await refusedStart("gateway", "gateway/main.ts", {});
    expect(error).toBe("gateway exited with code 1 before it was ready");
    expect(logged).toContain("gateway failed to start");
    expect(logged).toContain("GATEWAY_SECRET: must be set in production (or GATEWAY_SIGNING_KEY)");
  });

  it("is a subgraph: it names GATEWAY_SECRET and GATEWAY_VERIFY_KEY and exits with 1", async () => {
    const { error, logged } = await refusedStart("clusters", "services/clusters/main.ts", { DATABASE_URL: subgraphDatabaseUrl(serverUrl(), "clusters") });
    expect(error).toBe("clusters exited with code 1 before it was ready");
    expect(logged).toContain("subgraph failed to start");
    expect(logged).toContain("GATEWAY_SECRET: must be set in production (or GATEWAY_VERIFY_KEY)");
  });
});
