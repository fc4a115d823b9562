import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Caller } from "./auth";

/** The headers in which the gateway tells a subgraph who is asking, and proves that it is the one telling. */
export const IDENTITY_HEADERS = {
  partner: "x-clusterhub-partner",
  admin: "x-clusterhub-admin",
  timestamp: "x-clusterhub-timestamp",
  requestId: "x-request-id",
  signature: "x-clusterhub-signature",
} as const;

/** How far a signature's timestamp may be from the subgraph's clock: it bounds how long a captured header can be replayed. */
export const MAX_SKEW_MS = 60_000;

/** Where development keeps the generated secret when GATEWAY_SECRET is unset (git ignores `.data/`). */
export const DEV_SECRET_FILE = path.resolve(__dirname, "../.data/gateway-secret");

/**
 * The secret the gateway signs with and the subgraphs check: GATEWAY_SECRET, or in development a random one kept in
 * `.data/gateway-secret`, made by whichever process needs it first.
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

const payload = (partnerId: string, admin: string, timestamp: string, requestId: string) =>
  ["clusterhub-identity-v1", partnerId, admin, timestamp, requestId].join("\n");

const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("hex");

/** The identity headers of one subgraph request: the caller (or nobody), when, which request, and an HMAC-SHA256 over them. */
export function signIdentity(secret: string, caller: Caller | null, requestId: string, now = Date.now()): Record<string, string> {
  const partnerId = caller?.partnerId ?? "";
  const admin = caller?.admin ? "1" : "0";
  const timestamp = String(now);
  return {
    [IDENTITY_HEADERS.partner]: partnerId,
    [IDENTITY_HEADERS.admin]: admin,
    [IDENTITY_HEADERS.timestamp]: timestamp,
    [IDENTITY_HEADERS.requestId]: requestId,
    [IDENTITY_HEADERS.signature]: hmac(secret, payload(partnerId, admin, timestamp, requestId)),
  };
}

export type VerifiedIdentity = { ok: true; caller: Caller | null; requestId: string } | { ok: false; problem: string };

/** Checks the identity headers a subgraph received: a valid, fresh gateway signature, or a reason to refuse. */
export function verifyIdentity(secret: string, header: (name: string) => string | undefined, now = Date.now()): VerifiedIdentity {
  const signature = header(IDENTITY_HEADERS.signature);
  if (!signature) return { ok: false, problem: "Subgraphs answer only the gateway: the request carries no gateway signature" };
  const partnerId = header(IDENTITY_HEADERS.partner) ?? "";
  const admin = header(IDENTITY_HEADERS.admin) ?? "0";
  const timestamp = header(IDENTITY_HEADERS.timestamp) ?? "";
  const requestId = header(IDENTITY_HEADERS.requestId) ?? "";
  const expected = Buffer.from(hmac(secret, payload(partnerId, admin, timestamp, requestId)));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, problem: "Subgraphs answer only the gateway: the gateway signature is not valid" };
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > MAX_SKEW_MS)
    return { ok: false, problem: "Subgraphs answer only the gateway: the gateway signature has expired" };
  return { ok: true, caller: partnerId ? { partnerId, admin: admin === "1" } : null, requestId };
}
