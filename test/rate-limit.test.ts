import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryRateLimit, RedisRateLimit, rateLimit, type RateLimit } from "../gateway/rate-limit";
import { SharedState } from "../gateway/shared-state";

/** Takes one request's worth `times` times for `caller`; answers how many were refused. */
async function refusals(limit: RateLimit, caller: string, times: number): Promise<number> {
  let refused = 0;
  for (let i = 0; i < times; i++) if (!(await limit.take(caller)).ok) refused++;
  return refused;
}

describe("a rate limit without Redis", () => {
  it("is this process's own token buckets: the per-minute limit per caller, then a wait in whole seconds", async () => {
    const limit = rateLimit(null, "key", 5);
    expect(limit).toBeInstanceOf(MemoryRateLimit);
    expect(await refusals(limit, "a", 8)).toBe(3);
    expect(await limit.take("a")).toEqual({ ok: false, retryAfterSeconds: 12 });
    expect(await limit.take("b")).toEqual({ ok: true });
  });

  it("charges a batch one request per operation, all or nothing", async () => {
    const limit = new MemoryRateLimit(10);
    expect(await limit.take("a", 7)).toEqual({ ok: true });
    expect((await limit.take("a", 4)).ok).toBe(false);
    expect(await limit.take("a", 3)).toEqual({ ok: true });
    expect((await limit.take("a")).ok).toBe(false);
  });
});

describe("a rate limit in a Redis that cannot be reached", () => {
  let shared: SharedState;
  // A port this test holds, where no Redis answers: every connection is closed at once.
  const notRedis = net.createServer(socket => socket.destroy());
  afterAll(async () => {
    await shared?.close();
    notRedis.close();
  });

  it("still limits every caller, in this process's memory with the same limit, and neither throws nor waits for Redis", async () => {
    await new Promise<void>(resolve => notRedis.listen(0, "127.0.0.1", resolve));
    shared = new SharedState(`redis://127.0.0.1:${(notRedis.address() as net.AddressInfo).port}`, `test-${randomBytes(6).toString("hex")}`);
    const limit = rateLimit(shared, "key", 5);
    expect(limit).toBeInstanceOf(RedisRateLimit);
    expect(shared.connected).toBe(false);
    expect(await refusals(limit, "a", 8)).toBe(3);
    const refused = await limit.take("a");
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await limit.take("b", 5)).toEqual({ ok: true });
    expect((await limit.take("b")).ok).toBe(false);
  });
});
