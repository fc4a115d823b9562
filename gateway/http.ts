import type { Request, Response } from "express";
import { ErrorCode } from "../lib/platform/errors";
import { currentRequestId } from "../lib/platform/request-id";
import type { GatewayMetrics } from "./metrics";

// Callers one rate limit remembers at most (about 150 bytes each): a bound on its memory, not a limit anyone meets.
const MAX_CALLERS = 20_000;

/** Answers a request the gateway refuses outside GraphQL, in the GraphQL-over-HTTP error shape, with its code and request id. */
export function refuse(req: Request, res: Response, status: number, code: string, message: string, metrics?: GatewayMetrics): void {
  metrics?.refused(code);
  const accept = req.headers.accept ?? "";
  res
    .status(status)
    .type(accept.includes("application/graphql-response+json") ? "application/graphql-response+json; charset=utf-8" : "application/json; charset=utf-8")
    .send(JSON.stringify({ errors: [{ message, extensions: { code, requestId: currentRequestId() } }] }));
}

/** Answers 400 BAD_USER_INPUT for a route outside GraphQL, naming the parameter or field at fault (`argument`) and what is wrong. */
export const badInput = (res: Response, argument: string, message: string) =>
  void res.status(400).json({ errors: [{ message: `Invalid value for "${argument}": ${message}`, extensions: { code: ErrorCode.BAD_USER_INPUT, argument, requestId: currentRequestId() } }] });

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

  /** Takes `count` tokens (one per operation of a batch), or none; answers how many seconds to wait when there are too few. */
  take(key: string, count = 1): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const ratePerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    // Deleted and set again, so the map's order stays the order of last use, oldest first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.forget(now);
    if (bucket.tokens < count) return { ok: false, retryAfterSeconds: Math.ceil((count - bucket.tokens) / ratePerMs / 1000) };
    bucket.tokens -= count;
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
