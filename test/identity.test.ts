import type { MikroORM } from "@mikro-orm/postgresql";
import { describe, expect, it } from "vitest";
import { KeyCheck } from "../gateway/identity";
import { ExpiringSet } from "../lib/platform/expiring-set";

const storeFailingWith = (error: Error) => ({ em: { fork: () => ({ getConnection: () => ({ execute: () => Promise.reject(error) }) }) } }) as unknown as MikroORM;

describe("the gateway's key check", () => {
  it("answers a keyed request 503 DATABASE_UNAVAILABLE with Retry-After while PostgreSQL is away, not an internal error", async () => {
    const refused = new KeyCheck(storeFailingWith(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).lookUp("chk_some-key");
    await expect(refused).rejects.toMatchObject({
      message: "The database is unavailable, so the key cannot be checked; try again shortly",
      extensions: { code: "DATABASE_UNAVAILABLE", http: { status: 503, headers: new Map([["retry-after", "5"]]) } },
    });
  });

  it("leaves any other failure of the lookup to be masked as an internal error", async () => {
    await expect(new KeyCheck(storeFailingWith(new Error("boom"))).lookUp("chk_some-key")).rejects.toThrow("boom");
  });
});

describe("the memory of keys not found", () => {
  it("forgets a key a minute after it was not found, and the oldest first past its size", () => {
    let now = 0;
    const unknown = new ExpiringSet(2, 60_000, () => now);
    unknown.add("a");
    now = 59_999;
    expect(unknown.has("a")).toBe(true);
    now = 60_000;
    expect(unknown.has("a")).toBe(false);
    ["b", "c", "d"].forEach(key => unknown.add(key));
    expect([unknown.has("b"), unknown.has("c"), unknown.has("d"), unknown.size]).toEqual([false, true, true, 2]);
  });

  it("reads a malformed header, a key it knows is unknown, and a key to look up, before any lookup", async () => {
    const keys = new KeyCheck(null);
    expect(keys.classify(undefined)).toEqual({ kind: "anonymous" });
    expect(keys.classify("Basic Zm9vOmJhcg==")).toEqual({ kind: "malformed" });
    expect(keys.classify("Bearer chk_made-up")).toMatchObject({ kind: "key", seenValid: false });
    expect(await keys.lookUp("chk_made-up")).toBeNull();
    expect(keys.classify("Bearer chk_made-up")).toMatchObject({ kind: "unknown" });
  });
});
