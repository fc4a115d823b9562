import type { MikroORM } from "@mikro-orm/postgresql";
import { describe, expect, it } from "vitest";
import { KeyCheck } from "../gateway/identity";

const storeFailingWith = (error: Error) => ({ em: { fork: () => ({ findOne: () => Promise.reject(error) }) } }) as unknown as MikroORM;

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
