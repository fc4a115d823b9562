import { generateKeyPairSync } from "node:crypto";
import { createSigner, httpbis } from "http-message-signatures";
import { describe, expect, it } from "vitest";
import { readGatewayConfig } from "../gateway/config";
import { checkedSubgraphConfigSchema, readConfig } from "../lib/platform/config";
import {
  bodyMatchesDigest,
  contentDigest,
  ed25519SigningKey,
  ed25519VerifyingKey,
  hmacKey,
  readKey,
  signSubgraphRequest,
  verifySubgraphRequest,
  type SigningKey,
  type VerifyingKey,
} from "../lib/platform/signature";

const SECRET = "a-secret-of-more-than-thirty-two-characters";
const URL_CLUSTERS = "http://127.0.0.1:4002/graphql";
const BODY = JSON.stringify({ query: "query Cluster($id: ID!) { cluster(id: $id) { name } }", variables: { id: "c1" } });
const ADMIN = { partnerId: "admin", admin: true };

/** The request a subgraph receives for headers the gateway made: what verifySubgraphRequest is given. */
const received = (headers: Record<string, string>, overrides: Partial<{ method: string; path: string; host: string; body: string }> = {}) => ({
  method: overrides.method ?? "POST",
  path: overrides.path ?? "/graphql",
  headers: {
    host: overrides.host ?? "127.0.0.1:4002",
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(overrides.body ?? BODY)),
    // Node gives a server lower-case header names, whatever the sender wrote.
    ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
  },
});

const verifyAt = (keys: VerifyingKey[], request: ReturnType<typeof received>, options: { now?: number; allowWithoutNonce?: boolean; ownUrl?: string } = {}) =>
  verifySubgraphRequest(keys, request, { ownUrl: URL_CLUSTERS, ...options });

const sign = (key: SigningKey, now?: number, url = URL_CLUSTERS) => signSubgraphRequest(key, { method: "POST", url, body: BODY, caller: ADMIN, requestId: "r-1" }, now);

describe("the gateway's RFC 9421 signature of a subgraph request", () => {
  const ed = generateKeyPairSync("ed25519");
  const keyPairs: [string, SigningKey, VerifyingKey][] = [
    ["hmac-sha256", hmacKey(SECRET), hmacKey(SECRET)],
    ["ed25519", ed25519SigningKey(ed.privateKey), ed25519VerifyingKey(ed.publicKey)],
  ];

  it.each(keyPairs)("with %s covers method, target URI, body digest and identity, with created, keyid, alg and a nonce", (alg, signing, verifying) => {
    const headers = sign(signing);
    expect(headers["content-digest"]).toBe(contentDigest(BODY));
    expect(headers["signature-input"]).toMatch(
      new RegExp(`^clusterhub=\\("@method" "@target-uri" "content-digest" "x-clusterhub-partner" "x-clusterhub-admin" "x-request-id"\\);created=\\d+;keyid="clusterhub-gateway";alg="${alg}";nonce="[\\w-]{22}"$`),
    );
    const verified = verifyAt([verifying], received(headers));
    expect(verified).toMatchObject({ ok: true, caller: ADMIN, requestId: "r-1", contentDigest: contentDigest(BODY) });
    expect(sign(signing)["signature-input"]).not.toBe(headers["signature-input"]);
  });

  it.each(keyPairs)("with %s is refused when a covered component was changed", (_alg, signing, verifying) => {
    const headers = sign(signing);
    expect(verifyAt([verifying], received({ ...headers, "x-clusterhub-partner": "someone-else" }))).toMatchObject({ ok: false, reason: "INVALID" });
    expect(verifyAt([verifying], received({ ...headers, "x-clusterhub-admin": "0" }))).toMatchObject({ ok: false, reason: "INVALID" });
    expect(verifyAt([verifying], received({ ...headers, "content-digest": contentDigest("{}") }))).toMatchObject({ ok: false, reason: "INVALID" });
    expect(verifyAt([verifying], received(headers, { method: "PUT" }))).toMatchObject({ ok: false, reason: "INVALID" });
    expect(verifyAt([verifying], received(headers, { path: "/graphql?x=1" }))).toMatchObject({ ok: false, reason: "INVALID" });
  });

  it.each(keyPairs)("with %s is refused with the wrong key, and with a key id this subgraph does not know", (alg, signing) => {
    const other = alg === "hmac-sha256" ? hmacKey(`${SECRET}-other`) : ed25519VerifyingKey(generateKeyPairSync("ed25519").publicKey);
    expect(verifyAt([other], received(sign(signing)))).toMatchObject({ ok: false, reason: "INVALID" });
    const unknown = alg === "hmac-sha256" ? hmacKey(SECRET, "another-gateway") : ed25519VerifyingKey(ed.publicKey, "another-gateway");
    expect(verifyAt([unknown], received(sign(signing)))).toMatchObject({ ok: false, reason: "UNKNOWN_KEY" });
  });

  it("is refused once `created` is more than 60 s from the subgraph's clock, either way", () => {
    const key = hmacKey(SECRET);
    const now = Date.now();
    expect(verifyAt([key], received(sign(key, now - 61_000)), { now })).toMatchObject({ ok: false, reason: "EXPIRED" });
    expect(verifyAt([key], received(sign(key, now + 61_000)), { now })).toMatchObject({ ok: false, reason: "EXPIRED" });
    expect(verifyAt([key], received(sign(key, now - 50_000)), { now })).toMatchObject({ ok: true });
  });

  it("is refused at another subgraph, naming the URL it was signed for", () => {
    const key = hmacKey(SECRET);
    const headers = sign(key);
    const atOrganisations = verifyAt([key], received(headers), { ownUrl: "http://127.0.0.1:4001/graphql" });
    expect(atOrganisations).toEqual({
      ok: false,
      reason: "OTHER_TARGET",
      problem: "Subgraphs answer only the gateway: the request was signed for http://127.0.0.1:4002/graphql, not for this subgraph (http://127.0.0.1:4001/graphql)",
    });
    // With the Host header rewritten to the other subgraph's, the signature simply does not hold.
    expect(verifyAt([key], received(headers, { host: "127.0.0.1:4001" }), { ownUrl: "http://127.0.0.1:4001/graphql" })).toMatchObject({ reason: "INVALID" });
  });

  it("is refused when it covers fewer components than a subgraph requires, or lacks the nonce", async () => {
    const signer = createSigner(SECRET, "hmac-sha256", "clusterhub-gateway");
    const identity = { "x-clusterhub-partner": "admin", "x-clusterhub-admin": "1", "x-request-id": "r-2", "content-digest": contentDigest(BODY) };
    const signWith = async (fields: string[], params = ["created", "keyid", "alg", "nonce"]) => {
      const signed = await httpbis.signMessage(
        { key: signer, fields, params, paramValues: { nonce: "n-123" } },
        { method: "POST", url: URL_CLUSTERS, headers: { ...received(identity).headers } },
      );
      return received(signed.headers as Record<string, string>);
    };
    const all = ["@method", "@target-uri", "content-digest", "x-clusterhub-partner", "x-clusterhub-admin", "x-request-id"];
    expect(verifyAt([hmacKey(SECRET)], await signWith(all))).toMatchObject({ ok: true, caller: ADMIN, nonce: "n-123" });
    const without = async (field: string) => verifyAt([hmacKey(SECRET)], await signWith(all.filter(f => f !== field)));
    expect(await without("@method")).toMatchObject({ ok: false, reason: "INCOMPLETE", problem: expect.stringContaining("does not cover @method") });
    expect(await without("@target-uri")).toMatchObject({ ok: false, reason: "INCOMPLETE", problem: expect.stringContaining("does not cover @authority, @path") });
    expect(await without("content-digest")).toMatchObject({ ok: false, reason: "INCOMPLETE", problem: expect.stringContaining("content-digest") });
    expect(await without("x-clusterhub-admin")).toMatchObject({ ok: false, reason: "INCOMPLETE", problem: expect.stringContaining("x-clusterhub-admin") });
    const noNonce = await signWith(all, ["created", "keyid", "alg"]);
    expect(verifyAt([hmacKey(SECRET)], noNonce)).toMatchObject({ ok: false, reason: "INCOMPLETE", problem: expect.stringContaining("nonce") });
    expect(verifyAt([hmacKey(SECRET)], noNonce, { allowWithoutNonce: true })).toMatchObject({ ok: true, nonce: null });
    expect(verifyAt([hmacKey(SECRET)], await signWith(all, ["keyid", "alg", "nonce"]))).toMatchObject({ ok: false, reason: "INCOMPLETE" });
  });

  it("accepts what another RFC 9421 signer sends: its own label, @authority with @path, a Signature next to ours", async () => {
    // As a Grafbase Gateway would with derived_components = ["method", "authority", "path"] and signature_parameters = ["nonce"].
    const ours = ed25519VerifyingKey(generateKeyPairSync("ed25519").publicKey, "clusterhub-gateway");
    const pair = generateKeyPairSync("ed25519");
    const signed = await httpbis.signMessage(
      {
        key: createSigner(pair.privateKey, "ed25519", "grafbase"),
        name: "sig1",
        fields: ["@method", "@authority", "@path", "content-digest", "content-type"],
        params: ["created", "keyid", "alg", "nonce", "expires"],
        paramValues: { nonce: "grafbase-nonce", expires: new Date(Date.now() + 10_000) },
      },
      { method: "POST", url: URL_CLUSTERS, headers: { "content-type": "application/json", "content-digest": contentDigest(BODY) } },
    );
    const request = received(signed.headers as Record<string, string>);
    expect(verifyAt([ours, ed25519VerifyingKey(pair.publicKey, "grafbase")], request)).toMatchObject({ ok: true, caller: null, nonce: "grafbase-nonce" });
  });

  it("reads Ed25519 keys as PEM, or as the base64 of their PEM or DER", () => {
    const pair = generateKeyPairSync("ed25519");
    const pem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const der = pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");
    for (const text of [pem, Buffer.from(pem).toString("base64"), der]) expect(readKey(text, "public").equals(pair.publicKey)).toBe(true);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    expect(() => readKey(rsa, "public")).toThrow(/not an Ed25519/);
  });

  it("checks a body against its Content-Digest, byte for byte", () => {
    expect(bodyMatchesDigest(contentDigest(BODY), Buffer.from(BODY))).toBe(true);
    expect(bodyMatchesDigest(contentDigest(BODY), Buffer.from(`${BODY} `))).toBe(false);
    expect(bodyMatchesDigest("md5=:AAAA:", Buffer.from(BODY))).toBe(false);
    expect(bodyMatchesDigest("not a dictionary (", Buffer.from(BODY))).toBe(false);
  });
});

describe("the signing configuration", () => {
  const pair = generateKeyPairSync("ed25519");
  const subgraphEnv = { DATABASE_URL: "postgres://postgres:postgres@127.0.0.1:5432/clusterhub_clusters" };

  it("takes Ed25519 keys as PEM or base64, and names a variable that holds something else", () => {
    const publicPem = pair.publicKey.export({ type: "spki", format: "pem" }).toString();
    const privateDer = pair.privateKey.export({ type: "pkcs8", format: "der" }).toString("base64");
    expect(readConfig(checkedSubgraphConfigSchema(4002), { ...subgraphEnv, GATEWAY_VERIFY_KEY: publicPem }).GATEWAY_VERIFY_KEY).toBe(publicPem);
    expect(readGatewayConfig({ GATEWAY_SIGNING_KEY: privateDer }).GATEWAY_SIGNING_KEY).toBe(privateDer);
    expect(() => readConfig(checkedSubgraphConfigSchema(4002), { ...subgraphEnv, GATEWAY_VERIFY_KEY: privateDer })).toThrow(
      "GATEWAY_VERIFY_KEY: must be an Ed25519 public key (SPKI), as PEM or the base64 of its PEM or DER",
    );
    expect(() => readGatewayConfig({ GATEWAY_SIGNING_KEY: "not a key" })).toThrow("GATEWAY_SIGNING_KEY: must be an Ed25519 private key (PKCS#8)");
  });

  it("refuses production without a key, and lets development make its own secret", () => {
    expect(() => readGatewayConfig({ NODE_ENV: "production" })).toThrow("GATEWAY_SECRET: must be set in production (or GATEWAY_SIGNING_KEY)");
    expect(() => readConfig(checkedSubgraphConfigSchema(4002), { ...subgraphEnv, NODE_ENV: "production" })).toThrow(
      "GATEWAY_SECRET: must be set in production (or GATEWAY_VERIFY_KEY)",
    );
    expect(readConfig(checkedSubgraphConfigSchema(4002), { ...subgraphEnv, NODE_ENV: "production", GATEWAY_VERIFY_KEY: pair.publicKey.export({ type: "spki", format: "pem" }).toString() }).NODE_ENV).toBe("production");
    expect(readGatewayConfig({}).NODE_ENV).toBe("development");
  });
});
