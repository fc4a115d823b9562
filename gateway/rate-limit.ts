import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from "rate-limiter-flexible";
import { TokenBuckets } from "./http";
import { REDIS_TIMEOUT_MS, type SharedState } from "./shared-state";

/** What a rate limit answers: taken, or how many seconds to wait. */
export type Taken = { ok: true } | { ok: false; retryAfterSeconds: number };

/** `perMinute` requests a minute per caller (an API key's hash, an address); the front door charges through it. */
export interface RateLimit {
  readonly perMinute: number;
  /** Takes `count` requests' worth (one per operation of a batch), or none. */
  take(caller: string, count?: number): Promise<Taken>;
}

/** One process's rate limit: a token bucket per caller, in memory (gateway/http.ts), as when there is no REDIS_URL. */
export class MemoryRateLimit implements RateLimit {
  private readonly buckets: TokenBuckets;

  constructor(readonly perMinute: number) {
    this.buckets = new TokenBuckets(perMinute);
  }

  take(caller: string, count = 1): Promise<Taken> {
    return Promise.resolve(this.buckets.take(caller, count));
  }
}

/**
 * The replicas' one rate limit, in Redis (rate-limiter-flexible): `perMinute` requests per caller in each minute, counted
 * once for all replicas, whichever one a request reaches. While Redis is down or slower than REDIS_TIMEOUT_MS, each
 * replica counts in its own memory (rate-limiter-flexible's insurance limiter) with the same limit: a caller is still
 * limited, at most once per replica, and no request fails or waits for Redis.
 */
export class RedisRateLimit implements RateLimit {
  private readonly limiter: RLWrapperTimeouts;

  constructor(
    shared: SharedState,
    name: string,
    readonly perMinute: number,
  ) {
    const window = { points: perMinute, duration: 60 };
    const insuranceLimiter = new RateLimiterMemory(window);
    const redis = new RateLimiterRedis({
      ...window,
      storeClient: shared.client,
      useRedisPackage: true,
      // Not connected: straight to the insurance limiter, rather than a command that fails.
      rejectIfRedisNotReady: true,
      keyPrefix: shared.key("rate", name),
      insuranceLimiter,
    });
    this.limiter = new RLWrapperTimeouts({ limiter: redis, timeoutMs: REDIS_TIMEOUT_MS, insuranceLimiter });
  }

  async take(caller: string, count = 1): Promise<Taken> {
    try {
      await this.limiter.consume(caller, count);
      return { ok: true };
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      // A refused batch takes nothing, as in memory; a refused single request may stay counted: the minute is spent already.
      if (count > 1) await this.limiter.reward(caller, count).catch(() => undefined);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
    }
  }
}

/** A rate limit of `perMinute`: shared by the replicas in Redis when there is one, else this process's own. */
export const rateLimit = (shared: SharedState | null, name: string, perMinute: number): RateLimit =>
  shared ? new RedisRateLimit(shared, name, perMinute) : new MemoryRateLimit(perMinute);
