import { createHash } from "node:crypto";
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { logger } from "../lib/logger";
import { currentRequestId } from "../lib/request-id";
import type { GatewayConfig } from "./config";
import { exceedsTokenLimit, LimitCode } from "./limits";
import type { GatewayMetrics } from "./metrics";

// Callers one rate limit remembers at most (about 150 bytes each): a bound on its memory, not a limit anyone meets.
const MAX_CALLERS = 20_000;

/** Answers a request the gateway refuses before GraphQL runs, in the GraphQL-over-HTTP error shape. */
export function refuse(req: Request, res: Response, status: number, code: string, message: string, metrics: GatewayMetrics): void {
  metrics.refused(code);
  const accept = req.headers.accept ?? "";
  res
    .status(status)
    .type(accept.includes("application/graphql-response+json") ? "application/graphql-response+json; charset=utf-8" : "application/json; charset=utf-8")
    .send(JSON.stringify({ errors: [{ message, extensions: { code, requestId: currentRequestId() } }] }));
}

/**
 * A token bucket per caller, in memory (one gateway process): `perMinute` requests a minute, in bursts of up
 * to `perMinute`. The map is kept in order of last use, so forgetting callers is cheap: a bucket untouched for a
 * minute has filled up again and is dropped, and past `maxCallers` the least recently seen caller is forgotten (it
 * starts again with a full bucket). A flood of new addresses therefore cannot grow it without bound.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxCallers = MAX_CALLERS,
  ) {}

  /** Takes one token; answers how many seconds to wait when there is none. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    // Deleted and set again, so the map's order stays the order of last use, oldest first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.forget(now);
    if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / ratePerMs / 1000) };
    bucket.tokens -= 1;
    return { ok: true };
  }

  /** How many callers have a bucket now. */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops the oldest buckets while they are full again or there are more than `maxCallers`; stops at the first one kept. */
  private forget(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at < 60_000 && this.buckets.size <= this.maxCallers) return;
      this.buckets.delete(key);
    }
  }
}

/** The caller a rate limit counts: the SHA-256 of its API key, or its address when it sends none. */
export function callerOf(req: Request): { kind: "key" | "address"; id: string } {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (bearer) return { kind: "key", id: createHash("sha256").update(bearer[1]).digest("hex") };
  // The socket's address: X-Forwarded-For is not trusted, since any client can write it.
  return { kind: "address", id: req.socket.remoteAddress ?? "unknown" };
}

/** Rate limit per API key and, for anonymous callers, per address; 429 with Retry-After. */
export function rateLimit(config: GatewayConfig, metrics: GatewayMetrics): RequestHandler {
  const byKey = new TokenBuckets(config.RATE_LIMIT_PER_KEY);
  const byAddress = new TokenBuckets(config.RATE_LIMIT_PER_ADDRESS);
  return (req, res, next) => {
    const caller = callerOf(req);
    const taken = (caller.kind === "key" ? byKey : byAddress).take(caller.id);
    if (taken.ok) return next();
    res.setHeader("retry-after", String(taken.retryAfterSeconds));
    const limit = caller.kind === "key" ? `${config.RATE_LIMIT_PER_KEY} requests a minute for this API key` : `${config.RATE_LIMIT_PER_ADDRESS} requests a minute for anonymous callers from one address`;
    refuse(req, res, 429, LimitCode.RATE_LIMITED, `Rate limit of ${limit} reached; retry in ${taken.retryAfterSeconds} s`, metrics);
  };
}

/** Parses a JSON body up to MAX_BODY_BYTES; refuses a larger one (413) and one that is not JSON (400). */
export function jsonBody(config: GatewayConfig, metrics: GatewayMetrics): [RequestHandler, ErrorRequestHandler] {
  const parse = express.json({ limit: config.MAX_BODY_BYTES });
  const onError: ErrorRequestHandler = (error, req, res, next) => {
    const type = (error as { type?: string }).type;
    if (type === "entity.too.large") return refuse(req, res, 413, LimitCode.BODY_TOO_LARGE, `Request body is over the limit of ${config.MAX_BODY_BYTES} bytes`, metrics);
    if (type === "entity.parse.failed") return refuse(req, res, 400, "BAD_REQUEST", "Request body is not valid JSON", metrics);
    if ((error as { status?: number }).status && (error as { status: number }).status < 500) return refuse(req, res, (error as { status: number }).status, "BAD_REQUEST", "Request body could not be read", metrics);
    // Express's own handler would answer with an HTML page and, outside production, a stack.
    logger.error({ err: error }, "request failed before GraphQL");
    if (res.headersSent) return next(error);
    refuse(req, res, 500, "INTERNAL_SERVER_ERROR", "Internal server error", metrics);
  };
  return [parse, onError];
}

/** Refuses batches of more than MAX_BATCH operations and documents of more than MAX_TOKENS tokens. */
export function requestShape(config: GatewayConfig, metrics: GatewayMetrics): RequestHandler {
  return (req, res, next) => {
    // Apollo's Express integration answers 500 when no body parser ran (a text/plain POST): let it refuse it as CSRF instead.
    if (!("body" in req)) (req as { body?: unknown }).body = undefined;
    const body: unknown = req.body;
    const operations = Array.isArray(body) ? body : [req.method === "GET" ? req.query : body];
    if (Array.isArray(body) && body.length > config.MAX_BATCH) {
      return refuse(req, res, 400, LimitCode.BATCH_LIMIT_EXCEEDED, `Batch of ${body.length} operations is over the limit of ${config.MAX_BATCH}`, metrics);
    }
    for (const operation of operations) {
      const query = (operation as { query?: unknown } | undefined)?.query;
      if (typeof query === "string" && exceedsTokenLimit(query, config.MAX_TOKENS)) {
        return refuse(req, res, 400, LimitCode.TOKEN_LIMIT_EXCEEDED, `Query has more than ${config.MAX_TOKENS} tokens`, metrics);
      }
    }
    next();
  };
}

