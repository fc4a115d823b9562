import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import type { Request, RequestHandler, Response } from "express";
import { z } from "zod";
import type { Caller } from "../lib/platform/auth";
import { ErrorCode, isDatabaseUnavailable } from "../lib/platform/errors";
import { ExpiringSet } from "../lib/platform/expiring-set";
import { DoorCode } from "./errors";
import { refuse } from "./http";
import type { GatewayMetrics } from "./metrics";
import { callerOfRow, hashKey, liveKey, PortalSession } from "./partners";

/** A session as the lookup reads it: the key and partner columns are null once the key is revoked. */
interface SessionRow {
  created_at: Date | string;
  last_seen_at: Date | string;
  key_hash: string | null;
  partner_id: string;
  admin: boolean;
  name: string;
}

/** The portal's session variables (docs/security.md "Portal sessions"). */
export const sessionEnvSchema = {
  /** A session unused this long ends, in seconds. */
  PORTAL_SESSION_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(30 * 60),
  /** A session ends this long after sign-in however much it is used, in seconds. */
  PORTAL_SESSION_MAX_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(8 * 60 * 60),
};

/** The cookie that carries a session id; the browser never sees the key it was exchanged for. */
export const SESSION_COOKIE = "clusterhub_session";
/** The header every cookie-authenticated request must carry the session's CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";
// Keys are 48 characters; anything much longer is not one, and is refused before it is hashed.
const MAX_KEY_CHARS = 200;
// lastSeenAt is written at most once a minute per session, not on every request.
const TOUCH_EVERY_MS = 60_000;
// Session ids looked up and not found: a browser (or a script) sending a cookie the server did not issue costs no lookup again.
const UNKNOWN_SESSIONS = 4096;
const UNKNOWN_SESSION_TTL_MS = 60_000;

/** A session found: who it acts as, the key's hash (its rate-limit bucket) and the CSRF token it expects. */
export interface LiveSession {
  caller: Caller;
  partnerName: string;
  keyHash: string;
  csrfToken: string;
}

/** The session id a request's Cookie header carries, if any (the last one, as browsers send the most specific first). */
export function sessionIdOf(req: Request): string | null {
  const header = req.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    // Ids are 43 base64url characters; anything else was not issued here.
    if (name === SESSION_COOKIE && /^[A-Za-z0-9_-]{43}$/.test(value.join("="))) return value.join("=");
  }
  return null;
}

// The CSRF token is derived from the session id, so it needs no storage and a page reload can ask for it again; the
// database holds only the id's SHA-256, from which neither the id nor the token can be made.
const csrfTokenOf = (sessionId: string) => createHmac("sha256", sessionId).update("csrf").digest("base64url");

/** Whether a request carries the session's CSRF token, compared in constant time. */
export function hasCsrfToken(req: Request, session: LiveSession): boolean {
  const sent = Buffer.from(req.get(CSRF_HEADER) ?? "");
  const expected = Buffer.from(session.csrfToken);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

/**
 * The portal's sessions, in the partner store beside the keys (so every replica sees them, and a revoked key ends them
 * at once): only the SHA-256 of a session id is kept; it ends after its idle or absolute time.
 */
export class SessionStore {
  private readonly unknown = new ExpiringSet(UNKNOWN_SESSIONS, UNKNOWN_SESSION_TTL_MS);

  constructor(
    private readonly store: MikroORM | null,
    private readonly limits: { PORTAL_SESSION_IDLE_SECONDS: number; PORTAL_SESSION_MAX_SECONDS: number },
  ) {}

  /** Exchanges a live key for a new session (a new id every time); null for an unknown or revoked key. */
  async open(key: string, replacing: string | null): Promise<{ sessionId: string; session: LiveSession } | null> {
    if (!this.store) return null;
    const em = this.store.em.fork();
    const found = await liveKey(em, key);
    if (!found) return null;
    if (replacing) await em.nativeDelete(PortalSession, { hash: hashKey(replacing) });
    const sessionId = randomBytes(32).toString("base64url");
    const now = new Date();
    await em.insert(PortalSession, { hash: hashKey(sessionId), keyId: found.keyId, createdAt: now, lastSeenAt: now });
    return { sessionId, session: { caller: found.caller, partnerName: found.partnerName, keyHash: hashKey(key), csrfToken: csrfTokenOf(sessionId) } };
  }

  /** The live session of an id: null when unknown, expired (then deleted) or its key revoked. */
  async find(sessionId: string): Promise<LiveSession | null> {
    const hash = hashKey(sessionId);
    if (!this.store || this.unknown.has(hash)) return null;
    const em = this.store.em.fork();
    // The session, its key while live and the key's partner, in one statement: every cookie request asks.
    const [session] = await em.getConnection().execute<SessionRow[]>(
      `select s.created_at, s.last_seen_at, k.hash as key_hash, p.id as partner_id, p.admin, p.name
         from portal_session s left join api_key k on k.id = s.key_id and k.revoked_at is null left join partner p on p.id = k.partner_id
        where s.hash = ?`,
      [hash],
    );
    const now = Date.now();
    const lastSeen = session && new Date(session.last_seen_at).getTime();
    const expired =
      session && (now - lastSeen > this.limits.PORTAL_SESSION_IDLE_SECONDS * 1000 || now - new Date(session.created_at).getTime() > this.limits.PORTAL_SESSION_MAX_SECONDS * 1000);
    if (!session || session.key_hash == null || session.partner_id == null || expired) {
      if (session) await em.nativeDelete(PortalSession, { hash });
      this.unknown.add(hash);
      return null;
    }
    if (now - lastSeen > TOUCH_EVERY_MS) await em.nativeUpdate(PortalSession, { hash }, { lastSeenAt: new Date(now) });
    return { ...callerOfRow(session), keyHash: session.key_hash, csrfToken: csrfTokenOf(sessionId) };
  }

  /** Ends a session (signing out). */
  async close(sessionId: string): Promise<void> {
    await this.store?.em.fork().nativeDelete(PortalSession, { hash: hashKey(sessionId) });
    this.unknown.add(hashKey(sessionId));
  }

  /** How long a new session's cookie may live: the absolute expiry. */
  get maxAgeMs(): number {
    return this.limits.PORTAL_SESSION_MAX_SECONDS * 1000;
  }
}

// Behind a TLS-terminating proxy the gateway sees http; the proxy's header then says the browser used https. A forged
// header only makes the client's own cookie Secure.
const overHttps = (req: Request) => req.secure || req.get("x-forwarded-proto") === "https";

const cookieOptions = (req: Request) => ({ httpOnly: true, sameSite: "strict" as const, path: "/", secure: overHttps(req) });

const sessionAnswer = (session: LiveSession) => ({
  partner: { id: session.caller.partnerId, name: session.partnerName, admin: session.caller.admin },
  csrfToken: session.csrfToken,
});

/** A session route's failure to reach the partner store: a coded 503, as the key check answers. */
function unavailable(req: Request, res: Response, error: unknown, metrics: GatewayMetrics) {
  if (!isDatabaseUnavailable(error)) throw error;
  res.setHeader("retry-after", "5");
  refuse(req, res, 503, ErrorCode.DATABASE_UNAVAILABLE, "The database is unavailable, so the session cannot be checked; try again shortly", metrics);
}

/**
 * `POST /portal/session` (`{"key": "..."}`: sign in), `GET /portal/session` (who is signed in, and the CSRF token again
 * after a reload) and `DELETE /portal/session` (sign out, with the CSRF token). The front door has read the body (JSON,
 * size-limited) and charged the rate limit.
 */
export function sessionRoutes(sessions: SessionStore, metrics: GatewayMetrics): { signIn: RequestHandler; current: RequestHandler; signOut: RequestHandler } {
  const signedOut = (req: Request, res: Response) => refuse(req, res, 401, ErrorCode.UNAUTHENTICATED, "Not signed in, or the session has ended: sign in with a key", metrics);
  return {
    async signIn(req, res) {
      const key = (req.body as { key?: unknown } | undefined)?.key;
      if (typeof key !== "string" || key.length < 1 || key.length > MAX_KEY_CHARS)
        return refuse(req, res, 400, ErrorCode.BAD_USER_INPUT, `Invalid value for "key": send {"key": "<your API key>"}, at most ${MAX_KEY_CHARS} characters`, metrics);
      try {
        const opened = await sessions.open(key, sessionIdOf(req));
        if (!opened) return refuse(req, res, 401, ErrorCode.UNAUTHENTICATED, "The key is unknown or has been revoked", metrics);
        res.cookie(SESSION_COOKIE, opened.sessionId, { ...cookieOptions(req), maxAge: sessions.maxAgeMs });
        res.setHeader("cache-control", "no-store");
        res.status(201).json(sessionAnswer(opened.session));
      } catch (error) {
        unavailable(req, res, error, metrics);
      }
    },
    async current(req, res) {
      const id = sessionIdOf(req);
      try {
        const session = id ? await sessions.find(id) : null;
        if (!session) return signedOut(req, res);
        res.setHeader("cache-control", "no-store");
        res.json(sessionAnswer(session));
      } catch (error) {
        unavailable(req, res, error, metrics);
      }
    },
    async signOut(req, res) {
      const id = sessionIdOf(req);
      try {
        const session = id ? await sessions.find(id) : null;
        if (!session) return signedOut(req, res);
        if (!hasCsrfToken(req, session)) return refuse(req, res, 403, DoorCode.CSRF_TOKEN_INVALID, `Signing out needs the session's CSRF token in ${CSRF_HEADER}`, metrics);
        await sessions.close(id!);
        res.clearCookie(SESSION_COOKIE, cookieOptions(req));
        res.status(204).end();
      } catch (error) {
        unavailable(req, res, error, metrics);
      }
    },
  };
}
