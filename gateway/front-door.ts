import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { GraphQLError } from "graphql";
import helmet from "helmet";
import { ErrorCode, isDatabaseUnavailable } from "../lib/platform/errors";
import { logger } from "../lib/platform/logger";
import { withRequestId } from "../lib/platform/request-id";
import type { GatewayConfig } from "./config";
import { DoorCode } from "./errors";
import { refuse } from "./http";
import type { KeyCheck } from "./identity";
import { exceedsTokenLimit, LimitCode } from "./limits";
import type { GatewayMetrics } from "./metrics";
import { rateLimit, type RateLimit } from "./rate-limit";
import { CSRF_HEADER, hasCsrfToken, sessionIdOf, type LiveSession, type SessionStore } from "./sessions";
import type { SharedState } from "./shared-state";

/** What the front door needs: the limits, the metrics to count refusals in, the key check, and the overload guard's slot. */
export interface FrontDoorOptions {
  config: GatewayConfig;
  metrics: GatewayMetrics;
  keys: KeyCheck;
  /**
   * Refuses work while the gateway is overloaded (gateway/admission.ts, heap watermark). It runs after the rate limit,
   * so a flood is counted first, and before the body is read, so an overloaded gateway reads no more bodies.
   */
  overloadGuard?: RequestHandler;
  /** The Redis the replicas share (REDIS_URL): the rate limits are counted there, once for all replicas; else in this process. */
  shared?: SharedState | null;
  /** The portal's sessions: a request without a key but with a session cookie acts as the session's partner. */
  sessions?: SessionStore | null;
}

// The routes a portal session cookie signs requests in to; the session routes read it themselves (gateway/sessions.ts).
const COOKIE_ROUTES = new Set(["/graphql", "/export"]);

// Every JSON answer forbids everything a browser could do with it: no scripts, no framing, no forms.
// The explorer's page sets its own policy (gateway/explorer.ts).
const API_POLICY = {
  useDefaults: false,
  directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"], "base-uri": ["'none'"], "form-action": ["'none'"] },
};

/** The bucket a request was charged to, so that a batch (or a large page) can be charged more once its size is known. */
interface Charged {
  rate: RateLimit;
  id: string;
  limit: string;
  /** The most the bucket holds: the limit per minute. */
  capacity: number;
}

/**
 * Charges the request's bucket `count` more tokens (at most what a bucket holds, so that it can always be served once the
 * bucket is full); answers 429 and false when there are too few.
 */
export async function chargeMore(req: Request, res: Response, count: number, why: string, metrics?: GatewayMetrics): Promise<boolean> {
  const charged = res.locals.charged as Charged | undefined;
  if (!charged || count < 1) return true;
  const taken = await charged.rate.take(charged.id, Math.min(count, charged.capacity - 1));
  if (taken.ok) return true;
  res.setHeader("retry-after", String(taken.retryAfterSeconds));
  refuse(req, res, 429, LimitCode.RATE_LIMITED, `Rate limit of ${charged.limit} reached: ${why}; retry in ${taken.retryAfterSeconds} s`, metrics);
  return false;
}

/**
 * The one pipeline in front of every route of the gateway, wired before any of them (gateway/gateway.ts), in this order;
 * each step may answer on its own, and later ones never run for a refused request:
 *   1. request id (`x-request-id`, and in every log line and error)
 *   2. security headers (helmet: CSP, frame-ancestors 'none', nosniff, no X-Powered-By)
 *   3. caller and rate limit: a live key is charged to its own bucket; an anonymous request and every failed
 *      authentication (malformed, unknown or revoked key) to the address's, and a key not seen valid lately pays its
 *      lookup from the address's bucket, so that a flood of made-up keys ends in 429s that look nothing up
 *   4. overload guard (gateway/admission.ts), when given
 *   5. body: JSON only (415 otherwise; /reconcile also reads a form), at most MAX_BODY_BYTES (413), parsed once (400 when it is not JSON)
 *   6. operations: at most MAX_BATCH in a batch, one rate-limit token each, each document within MAX_TOKENS
 * graphql-armor's depth, alias and directive limits run later, as Apollo validation rules, for /graphql and /export alike.
 */
export function frontDoor({ config, metrics, keys, overloadGuard, shared = null, sessions = null }: FrontDoorOptions): Router {
  const door = Router();
  door.use(withRequestId);
  door.use(helmet({ contentSecurityPolicy: API_POLICY, frameguard: { action: "deny" } }));
  door.use(admitCaller(config, metrics, keys, shared, sessions));
  if (overloadGuard) door.use(overloadGuard);
  door.use(readBody(config, metrics));
  door.use(checkOperations(config, metrics));
  return door;
}

function admitCaller(config: GatewayConfig, metrics: GatewayMetrics, keys: KeyCheck, shared: SharedState | null, sessions: SessionStore | null): RequestHandler {
  const byKey = rateLimit(shared, "key", config.RATE_LIMIT_PER_KEY);
  const byAddress = rateLimit(shared, "address", config.RATE_LIMIT_PER_ADDRESS);
  const keyLimit = `${config.RATE_LIMIT_PER_KEY} requests a minute for this API key`;
  const addressLimit = `${config.RATE_LIMIT_PER_ADDRESS} requests a minute from one address without a valid API key`;

  return async function admit(req, res, next) {
    // The socket's address: X-Forwarded-For is not trusted, since any client can write it.
    const address: Charged = { rate: byAddress, id: req.socket.remoteAddress ?? "unknown", limit: addressLimit, capacity: config.RATE_LIMIT_PER_ADDRESS };
    const charge = async (bucket: Charged): Promise<boolean> => {
      const taken = await bucket.rate.take(bucket.id);
      if (taken.ok) return true;
      res.setHeader("retry-after", String(taken.retryAfterSeconds));
      refuse(req, res, 429, LimitCode.RATE_LIMITED, `Rate limit of ${bucket.limit} reached; retry in ${taken.retryAfterSeconds} s`, metrics);
      return false;
    };
    const unauthenticated = (message: string) => refuse(req, res, 401, ErrorCode.UNAUTHENTICATED, message, metrics);

    const credentials = keys.classify(req.get("authorization"));
    if (credentials.kind === "anonymous") {
      if (!(await charge(address))) return;
      res.locals.caller = null;
      res.locals.charged = address;
      const sessionId = sessions && COOKIE_ROUTES.has(req.path) ? sessionIdOf(req) : null;
      // A cookie the server did not issue, or of a session that has ended, is ignored: the request is anonymous.
      let session: LiveSession | null = null;
      try {
        session = sessionId ? await sessions!.find(sessionId) : null;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        res.setHeader("retry-after", "5");
        return refuse(req, res, 503, ErrorCode.DATABASE_UNAVAILABLE, "The database is unavailable, so the session cannot be checked; try again shortly", metrics);
      }
      if (!session) return next();
      // The cookie goes with every same-site request; the token only with those the portal's own script sends.
      if (!hasCsrfToken(req, session)) return refuse(req, res, 403, DoorCode.CSRF_TOKEN_INVALID, `A request signed in by the portal's session cookie needs its CSRF token in ${CSRF_HEADER}`, metrics);
      const key: Charged = { rate: byKey, id: session.keyHash, limit: keyLimit, capacity: config.RATE_LIMIT_PER_KEY };
      if (!(await charge(key))) return;
      res.locals.caller = session.caller;
      res.locals.charged = key;
      return next();
    }
    if (credentials.kind === "malformed") return void ((await charge(address)) && unauthenticated("The Authorization header must be `Bearer <key>`"));
    if (credentials.kind === "unknown") return void ((await charge(address)) && unauthenticated("The key is unknown or has been revoked"));

    const key: Charged = { rate: byKey, id: credentials.hash, limit: keyLimit, capacity: config.RATE_LIMIT_PER_KEY };
    if (!(await charge(credentials.seenValid ? key : address))) return;
    const caller = await keys.lookUp(credentials.key, credentials.hash).catch((error: unknown) => {
      if (!(error instanceof GraphQLError)) throw error;
      const retryAfter = (error.extensions.http as { headers?: Map<string, string> } | undefined)?.headers?.get("retry-after");
      if (retryAfter) res.setHeader("retry-after", retryAfter);
      refuse(req, res, 503, String(error.extensions.code), error.message, metrics);
      return undefined;
    });
    if (caller === undefined) return;
    // A key revoked since it was last seen valid has not paid from the address yet.
    if (!caller) return void ((!credentials.seenValid || (await charge(address))) && unauthenticated("The key is unknown or has been revoked"));
    if (!credentials.seenValid && !(await charge(key))) return;
    res.locals.caller = caller;
    res.locals.charged = key;
    next();
  };
}

// A body is there when its length is announced and not zero, or when it is sent in chunks.
const hasBody = (req: Request) => req.headers["transfer-encoding"] !== undefined || (req.headers["content-length"] ?? "0") !== "0";

// The Reconciliation Service API's clients (OpenRefine) send a form with one field, `queries` or `extend`, holding JSON.
const FORM_FIELDS = 2;

function readBody(config: GatewayConfig, metrics: GatewayMetrics): RequestHandler {
  // Failures (413, 400, an unsupported charset or encoding) go on to the last resort below, which codes them.
  const parse = express.json({ limit: config.MAX_BODY_BYTES, type: "application/json" });
  const parseForm = express.urlencoded({ limit: config.MAX_BODY_BYTES, extended: false, parameterLimit: FORM_FIELDS, type: "application/x-www-form-urlencoded" });
  return function body(req, res, next) {
    if (!hasBody(req)) {
      // Apollo's Express integration answers 500 when no body parser ran: it needs the property, even empty.
      (req as { body?: unknown }).body = undefined;
      return next();
    }
    // /reconcile only reads public data, for no cookie or key a cross-site form could carry: its forms are read (the protocol's own).
    if (req.path === "/reconcile" && req.is("application/x-www-form-urlencoded")) return parseForm(req, res, next);
    // A form or text/plain POST is what a cross-site page can send without a preflight (CSRF): no such body is read.
    if (!req.is("application/json")) {
      return refuse(req, res, 415, DoorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be JSON, sent with Content-Type: application/json", metrics);
    }
    parse(req, res, next);
  };
}

function checkOperations(config: GatewayConfig, metrics: GatewayMetrics): RequestHandler {
  return async function operations(req, res, next) {
    const body: unknown = req.body;
    const batch = Array.isArray(body) ? body : null;
    if (batch && batch.length > config.MAX_BATCH) {
      return refuse(req, res, 400, LimitCode.BATCH_LIMIT_EXCEEDED, `Batch of ${batch.length} operations is over the limit of ${config.MAX_BATCH}`, metrics);
    }
    // The request paid one token at the door; a batch pays for the rest of its operations now.
    if (batch && !(await chargeMore(req, res, batch.length - 1, `a batch of ${batch.length} operations counts ${batch.length} requests`, metrics))) return;
    for (const operation of batch ?? [req.method === "GET" ? req.query : body]) {
      const query = (operation as { query?: unknown } | undefined)?.query;
      if (typeof query === "string" && exceedsTokenLimit(query, config.MAX_TOKENS)) {
        return refuse(req, res, 400, LimitCode.TOKEN_LIMIT_EXCEEDED, `Query has more than ${config.MAX_TOKENS} tokens`, metrics);
      }
    }
    next();
  };
}

/** A coded 404 for any path the gateway does not serve; the path itself is not echoed. */
export function notFound(metrics: GatewayMetrics): RequestHandler {
  return function notFound(req, res) {
    refuse(req, res, 404, DoorCode.NOT_FOUND, "Nothing here: the gateway serves /graphql, /export, /reconcile, /dashboard, /portal, /health and /metrics", metrics);
  };
}

// body-parser's failures, by its `type`: what the client did wrong, never a stack or a path.
const BODY_FAILURES: Record<string, [number, string, string]> = {
  "entity.too.large": [413, LimitCode.BODY_TOO_LARGE, ""],
  "entity.parse.failed": [400, DoorCode.BAD_REQUEST, "Request body is not valid JSON"],
  "entity.verify.failed": [400, DoorCode.BAD_REQUEST, "Request body could not be read"],
  "charset.unsupported": [415, DoorCode.UNSUPPORTED_MEDIA_TYPE, "The body's charset is not supported; send UTF-8"],
  "encoding.unsupported": [415, DoorCode.UNSUPPORTED_MEDIA_TYPE, "The body's Content-Encoding is not supported; send gzip, deflate, br or none"],
  "request.aborted": [400, DoorCode.BAD_REQUEST, "The request was aborted before its body was read"],
  "request.size.invalid": [400, DoorCode.BAD_REQUEST, "The body's length does not match its Content-Length"],
  "parameters.too.many": [400, DoorCode.BAD_REQUEST, `A form may hold at most ${FORM_FIELDS} fields: \`queries\` or \`extend\``],
};

/**
 * The app's last error handler: every error any route or step throws ends here as JSON in the GraphQL-over-HTTP shape,
 * with a code and the request id, whatever NODE_ENV says; anything unexpected is logged and answered 500, masked.
 */
export function lastResort(config: GatewayConfig, metrics: GatewayMetrics): ErrorRequestHandler {
  return function lastResort(error: unknown, req: Request, res: Response, next) {
    // Half an answer is on its way (an export streaming its rows): all that is left is to cut it short.
    if (res.headersSent) {
      logger.error({ err: error }, "request failed while answering");
      return next(error);
    }
    const { type, status } = (error ?? {}) as { type?: string; status?: number };
    const failure = type ? BODY_FAILURES[type] : undefined;
    if (failure) {
      const [code, name, message] = failure;
      return refuse(req, res, code, name, message || `Request body is over the limit of ${config.MAX_BODY_BYTES} bytes`, metrics);
    }
    if (typeof status === "number" && status >= 400 && status < 500) return refuse(req, res, status, DoorCode.BAD_REQUEST, "The request could not be read", metrics);
    logger.error({ err: error, method: req.method, path: req.path }, "request failed");
    refuse(req, res, 500, DoorCode.INTERNAL_SERVER_ERROR, "Internal server error", metrics);
  };
}
