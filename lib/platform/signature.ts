import { createHash, createHmac, createPrivateKey, createPublicKey, randomBytes, sign, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { httpbis } from "http-message-signatures";
import { isInnerList, parseDictionary, serializeItem, serializeList, type BareItem, type InnerList, type Parameters } from "structured-headers";
import type { Caller } from "./auth";

/** The headers in which the gateway tells a subgraph who is asking; the RFC 9421 signature covers each of them. */
export const IDENTITY_HEADERS = {
  partner: "x-clusterhub-partner",
  admin: "x-clusterhub-admin",
  requestId: "x-request-id",
} as const;

/** How far a signature's `created` may be from the subgraph's clock: it bounds how long a subgraph must remember a nonce. */
export const MAX_SKEW_MS = 60_000;

/** The label of our signature in `Signature` and `Signature-Input` (RFC 9421 §4); a verifier accepts any label. */
export const SIGNATURE_LABEL = "clusterhub";

/** The `keyid` the gateway signs with unless GATEWAY_KEY_ID names another. */
export const DEFAULT_KEY_ID = "clusterhub-gateway";

/** Where development keeps the generated secret when GATEWAY_SECRET is unset (git ignores `.data/`). */
export const DEV_SECRET_FILE = path.resolve(__dirname, "../../.data/gateway-secret");

/**
 * The secret the gateway signs with and the subgraphs check: GATEWAY_SECRET, or in development a random one kept in
 * `.data/gateway-secret`, made by whichever process needs it first. Production never comes here (lib/platform/config.ts).
 */
export function gatewaySecret(fromEnv: string | undefined, file = DEV_SECRET_FILE): string {
  if (fromEnv) return fromEnv;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    // `wx`: if another process wrote it first, keep theirs.
    try {
      writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as { code?: string }).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8").trim();
}

export type SignatureAlgorithm = "hmac-sha256" | "ed25519";

/** What the gateway signs with: a shared HMAC secret or an Ed25519 private key, under a key id. */
export interface SigningKey {
  keyId: string;
  alg: SignatureAlgorithm;
  sign(base: Buffer): Buffer;
}

/** What a subgraph checks with: the same HMAC secret, or the gateway's Ed25519 public key. */
export interface VerifyingKey {
  keyId: string;
  alg: SignatureAlgorithm;
  verify(base: Buffer, signature: Buffer): boolean;
}

/** The HMAC-SHA256 key of a shared secret, both to sign and to verify. */
export function hmacKey(secret: string, keyId = DEFAULT_KEY_ID): SigningKey & VerifyingKey {
  const mac = (base: Buffer) => createHmac("sha256", secret).update(base).digest();
  return {
    keyId,
    alg: "hmac-sha256",
    sign: mac,
    verify: (base, signature) => {
      const expected = mac(base);
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    },
  };
}

/** A key given as PEM text, or as the base64 of its PEM or DER form (one line fits an environment variable). */
export function readKey(text: string, kind: "private" | "public"): KeyObject {
  const trimmed = text.trim();
  const input = trimmed.startsWith("-----BEGIN") ? trimmed : Buffer.from(trimmed, "base64");
  const asPem = Buffer.isBuffer(input) && input.subarray(0, 10).toString() === "-----BEGIN" ? input.toString() : input;
  const key =
    typeof asPem === "string"
      ? kind === "private" ? createPrivateKey(asPem) : createPublicKey(asPem)
      : kind === "private"
        ? createPrivateKey({ key: asPem, format: "der", type: "pkcs8" })
        : createPublicKey({ key: asPem, format: "der", type: "spki" });
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`is a ${key.asymmetricKeyType} key, not an Ed25519 one`);
  return key;
}

/** The gateway's Ed25519 signing key (PKCS#8 private key). */
export function ed25519SigningKey(privateKey: string | KeyObject, keyId = DEFAULT_KEY_ID): SigningKey {
  const key = typeof privateKey === "string" ? readKey(privateKey, "private") : privateKey;
  return { keyId, alg: "ed25519", sign: base => sign(null, base, key) };
}

/** A subgraph's copy of the gateway's Ed25519 public key (SPKI). */
export function ed25519VerifyingKey(publicKey: string | KeyObject, keyId = DEFAULT_KEY_ID): VerifyingKey {
  const key = typeof publicKey === "string" ? readKey(publicKey, "public") : publicKey;
  return { keyId, alg: "ed25519", verify: (base, signature) => verify(null, base, key, signature) };
}

/** The gateway's signing key from its configuration: Ed25519 when GATEWAY_SIGNING_KEY is set, else HMAC with the secret. */
export function gatewaySigningKey(env: { GATEWAY_SIGNING_KEY?: string; GATEWAY_SECRET?: string; GATEWAY_KEY_ID?: string }): SigningKey {
  const keyId = env.GATEWAY_KEY_ID ?? DEFAULT_KEY_ID;
  return env.GATEWAY_SIGNING_KEY ? ed25519SigningKey(env.GATEWAY_SIGNING_KEY, keyId) : hmacKey(gatewaySecret(env.GATEWAY_SECRET), keyId);
}

/**
 * The keys a subgraph accepts: the Ed25519 public key when GATEWAY_VERIFY_KEY is set, the HMAC secret when
 * GATEWAY_SECRET is (both during a switch from one to the other), the development secret when neither is.
 */
export function gatewayVerifyingKeys(env: { GATEWAY_VERIFY_KEY?: string; GATEWAY_SECRET?: string; GATEWAY_KEY_ID?: string }): VerifyingKey[] {
  const keyId = env.GATEWAY_KEY_ID ?? DEFAULT_KEY_ID;
  const keys: VerifyingKey[] = [];
  if (env.GATEWAY_VERIFY_KEY) keys.push(ed25519VerifyingKey(env.GATEWAY_VERIFY_KEY, keyId));
  if (env.GATEWAY_SECRET || !env.GATEWAY_VERIFY_KEY) keys.push(hmacKey(gatewaySecret(env.GATEWAY_SECRET), keyId));
  return keys;
}

/** RFC 9530 `Content-Digest` of the exact body bytes: `sha-256=:<base64>:`. */
export const contentDigest = (body: string | Buffer) => `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;

/** One request as the signature sees it: method, the full URL it is sent to, its headers (lower-case names). */
interface Message {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
}

/** The signature base (RFC 9421 §2.5) of `fields` and the serialized signature parameters, built by http-message-signatures. */
function signatureBase(message: Message, fields: string[], input: string): Buffer {
  const base = httpbis.createSignatureBase({ fields }, message);
  base.push(['"@signature-params"', [input]]);
  return Buffer.from(httpbis.formatSignatureBase(base));
}

/**
 * The headers that make one gateway→subgraph request trustworthy: the caller (or nobody), the request id, the body's
 * Content-Digest and an RFC 9421 signature over method, target URI, digest and identity, with `created`, `keyid`, `alg`
 * and a random `nonce`. Synchronous, so that a benchmark can sign every request it sends.
 */
export function signSubgraphRequest(
  key: SigningKey,
  request: { method: string; url: string; body?: string | Buffer; caller: Caller | null; requestId: string },
  now = Date.now(),
): Record<string, string> {
  const headers: Record<string, string> = {
    [IDENTITY_HEADERS.partner]: request.caller?.partnerId ?? "",
    [IDENTITY_HEADERS.admin]: request.caller?.admin ? "1" : "0",
    [IDENTITY_HEADERS.requestId]: request.requestId,
  };
  const hasBody = request.body !== undefined && request.body.length > 0;
  if (hasBody) headers["content-digest"] = contentDigest(request.body!);
  const fields = ["@method", "@target-uri", ...(hasBody ? ["content-digest"] : []), ...Object.values(IDENTITY_HEADERS)];
  const params: Parameters = new Map<string, BareItem>([
    ["created", Math.floor(now / 1000)],
    ["keyid", key.keyId],
    ["alg", key.alg],
    ["nonce", randomBytes(16).toString("base64url")],
  ]);
  const input = serializeList([[fields.map(f => [f, new Map()]), params]]);
  const signature = key.sign(signatureBase({ method: request.method, url: request.url, headers }, fields, input));
  return { ...headers, "signature-input": `${SIGNATURE_LABEL}=${input}`, signature: `${SIGNATURE_LABEL}=:${signature.toString("base64")}:` };
}

/** Why a subgraph refused a request's signature; the code goes into `extensions.reason` of the 401. */
export enum SignatureProblem {
  MISSING = "MISSING",
  MALFORMED = "MALFORMED",
  UNKNOWN_KEY = "UNKNOWN_KEY",
  INCOMPLETE = "INCOMPLETE",
  EXPIRED = "EXPIRED",
  INVALID = "INVALID",
  OTHER_TARGET = "OTHER_TARGET",
  DIGEST_MISMATCH = "DIGEST_MISMATCH",
  REPLAYED = "REPLAYED",
}

export type VerifiedIdentity =
  | { ok: true; caller: Caller | null; requestId: string; nonce: string | null; expiresAt: number; contentDigest: string | null }
  | { ok: false; reason: SignatureProblem; problem: string };

export interface VerifyOptions {
  /** The URL this subgraph is reached at (scheme and authority are taken from it, path and query from the request). */
  ownUrl: string;
  now?: number;
  /** Accept a signature without `nonce` (a signer such as Grafbase's without `signature_parameters = ["nonce"]`). */
  allowWithoutNonce?: boolean;
}

const refuse = (reason: SignatureProblem, why: string): VerifiedIdentity => ({ ok: false, reason, problem: `Subgraphs answer only the gateway: ${why}` });

const headerValue = (headers: Record<string, string | string[] | undefined>, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

// Not http-message-signatures' verifyMessage: it lets any one of several signatures pass, checks a future `created`
// only against `notAfter`, misreads `expires` ("expired"), and would not tell which signature's nonce to remember.
/**
 * Checks an incoming subgraph request's RFC 9421 signature: a known key, covering at least the method, the target
 * (`@target-uri`, or `@authority` with `@path`), `content-digest` when there is a body, every identity header the
 * request carries, with `created` within MAX_SKEW_MS, `keyid`, `alg` and a `nonce`. The body's digest and the nonce's
 * novelty are checked by the caller (lib/subgraph/gateway-only.ts), which has the body and the memory of nonces.
 */
export function verifySubgraphRequest(
  keys: VerifyingKey[],
  request: { method: string; path: string; headers: Record<string, string | string[] | undefined> },
  options: VerifyOptions,
): VerifiedIdentity {
  const now = options.now ?? Date.now();
  const signatureHeader = headerValue(request.headers, "signature");
  const inputHeader = headerValue(request.headers, "signature-input");
  if (!signatureHeader || !inputHeader) return refuse(SignatureProblem.MISSING, "the request carries no gateway signature");
  let signatures: ReturnType<typeof parseDictionary>;
  let inputs: ReturnType<typeof parseDictionary>;
  try {
    signatures = parseDictionary(signatureHeader);
    inputs = parseDictionary(inputHeader);
  } catch {
    return refuse(SignatureProblem.MALFORMED, "the Signature or Signature-Input header is not a structured field dictionary");
  }
  // The first label made with one of our keys is the one judged; the others (a proxy's, say) are not ours to check.
  let chosen: { label: string; input: InnerList; key: VerifyingKey } | null = null;
  for (const [label, input] of inputs) {
    if (!isInnerList(input)) continue;
    const keyid = input[1].get("keyid");
    const alg = input[1].get("alg");
    const key = keys.find(k => k.keyId === String(keyid) && (alg === undefined || k.alg === String(alg)));
    if (key) {
      chosen = { label, input, key };
      break;
    }
  }
  if (!chosen) return refuse(SignatureProblem.UNKNOWN_KEY, "the request is not signed with a key this subgraph knows");
  const { input, key } = chosen;
  const signature = signatures.get(chosen.label);
  if (!signature || isInnerList(signature) || !(signature[0] instanceof ArrayBuffer))
    return refuse(SignatureProblem.MALFORMED, `the Signature header has no byte sequence labelled ${chosen.label}`);

  const params = input[1];
  const missingParams = ["created", "keyid", "alg", ...(options.allowWithoutNonce ? [] : ["nonce"])].filter(p => !params.has(p));
  if (missingParams.length) return refuse(SignatureProblem.INCOMPLETE, `the signature lacks the parameters ${missingParams.join(", ")}`);
  // Only plain components count towards what must be covered: `"content-digest";bs` is not the header's value.
  const covered = new Set(input[0].filter(([, p]) => p.size === 0).map(([name]) => String(name)));
  const hasBody = Number(headerValue(request.headers, "content-length") ?? 0) > 0 || request.headers["transfer-encoding"] !== undefined;
  const required = [
    "@method",
    ...(covered.has("@target-uri") ? [] : ["@authority", "@path"]),
    ...(hasBody ? ["content-digest"] : []),
    // An identity header that is absent claims nothing; one that is present must be covered.
    ...Object.values(IDENTITY_HEADERS).filter(name => request.headers[name] !== undefined),
  ];
  const uncovered = required.filter(name => !covered.has(name));
  if (uncovered.length) return refuse(SignatureProblem.INCOMPLETE, `the signature does not cover ${uncovered.join(", ")}`);

  const created = Number(params.get("created")) * 1000;
  if (!Number.isFinite(created) || Math.abs(now - created) > MAX_SKEW_MS) return refuse(SignatureProblem.EXPIRED, "the gateway signature has expired");
  const expires = params.has("expires") ? Number(params.get("expires")) * 1000 : Infinity;
  if (!(now <= expires)) return refuse(SignatureProblem.EXPIRED, "the gateway signature has expired");

  const fields = input[0].map(([name, p]) => serializeItem([String(name), p]));
  const inputText = serializeList([input]);
  const headers = Object.fromEntries(Object.entries(request.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined));
  const own = new URL(options.ownUrl);
  const checks = (url: string) => {
    try {
      return key.verify(signatureBase({ method: request.method, url, headers }, fields, inputText), Buffer.from(signature[0] as ArrayBuffer));
    } catch {
      return false;
    }
  };
  const ownTarget = `${own.origin}${request.path}`;
  if (!checks(ownTarget)) {
    // Only to name the reason: a signature valid for the Host the request names was made for another subgraph.
    const host = headerValue(request.headers, "host");
    const named = host ? `${own.protocol}//${host}${request.path}` : null;
    if (named && named !== ownTarget && checks(named)) return refuse(SignatureProblem.OTHER_TARGET, `the request was signed for ${named}, not for this subgraph (${ownTarget})`);
    return refuse(SignatureProblem.INVALID, "the gateway signature is not valid");
  }
  const partnerId = headerValue(request.headers, IDENTITY_HEADERS.partner) ?? "";
  const admin = headerValue(request.headers, IDENTITY_HEADERS.admin) === "1";
  const nonce = params.has("nonce") ? String(params.get("nonce")) : null;
  return {
    ok: true,
    caller: partnerId ? { partnerId, admin } : null,
    requestId: headerValue(request.headers, IDENTITY_HEADERS.requestId) ?? "",
    nonce,
    expiresAt: created + MAX_SKEW_MS,
    contentDigest: covered.has("content-digest") ? (headerValue(request.headers, "content-digest") ?? null) : null,
  };
}

/** Whether a received body matches its `Content-Digest` (sha-256 or sha-512, RFC 9530); false when none is recognised. */
export function bodyMatchesDigest(header: string, body: Buffer): boolean {
  let digests: ReturnType<typeof parseDictionary>;
  try {
    digests = parseDictionary(header);
  } catch {
    return false;
  }
  let checked = false;
  for (const [algorithm, hash] of [["sha-256", "sha256"], ["sha-512", "sha512"]] as const) {
    const given = digests.get(algorithm);
    if (!given) continue;
    if (isInnerList(given) || !(given[0] instanceof ArrayBuffer)) return false;
    const expected = createHash(hash).update(body).digest();
    const bytes = Buffer.from(given[0]);
    if (bytes.length !== expected.length || !timingSafeEqual(bytes, expected)) return false;
    checked = true;
  }
  return checked;
}
