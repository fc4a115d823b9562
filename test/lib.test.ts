import { describe, expect, it } from "vitest";
import { byKey, groupByKey } from "../lib/subgraph/loaders";
import { decodeCursor, encodeCursor, pageWindow } from "../lib/subgraph/pagination";
import { partialDateProblem } from "../lib/subgraph/partial-date";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { ExpiringSet } from "../lib/platform/expiring-set";

describe("PartialDate", () => {
  it("takes a year, a month or a day, and nothing it cannot be sure of", () => {
    expect(["2006", "2014-01", "2016-12-01", "2024-02-29"].map(partialDateProblem)).toEqual([null, null, null, null]);
    expect(partialDateProblem("2015-13")).toContain("2015-13");
    expect(partialDateProblem("2023-02-29")).toContain("not a day of the calendar");
    expect(partialDateProblem("3 червня")).toContain("YYYY");
  });
});

describe("pages", () => {
  it("turns a cursor back into the id it was made from", () => {
    expect(decodeCursor(encodeCursor("lubelska-medycyna"))).toBe("lubelska-medycyna");
  });

  it("names the argument at fault", () => {
    expect(() => pageWindow({ first: 0 })).toThrow('Invalid value for "first": must be between 1 and 100, got 0');
    expect(() => pageWindow({ first: 20, after: "bm9wZQ" })).toThrow('Invalid value for "after"');
  });
});

describe("loaders", () => {
  it("answer in the order of the keys, with null and [] for the missing", () => {
    const rows = [{ id: "b", group: "x" }, { id: "a", group: "x" }];
    expect(byKey(["a", "c", "b"], rows, row => row.id)).toEqual([rows[1], null, rows[0]]);
    expect(groupByKey(["x", "y"], rows, row => row.group)).toEqual([rows, []]);
  });
});

describe("subgraph databases", () => {
  it("are named after the server URL's database, or clusterhub", () => {
    expect(subgraphDatabaseUrl("postgres://u:p@db:5432/postgres", "clusters")).toBe("postgres://u:p@db:5432/clusterhub_clusters");
    expect(subgraphDatabaseUrl("postgres://u:p@db:5432/hub?sslmode=require", "funding")).toBe("postgres://u:p@db:5432/hub_funding?sslmode=require");
  });
});

describe("ExpiringSet, the memory of keys and nonces", () => {
  it("tells a nonce it has seen from a new one until the nonce expires, and forgets the oldest past its size", () => {
    let now = 0;
    const nonces = new ExpiringSet(2, 60_000, () => now);
    expect(nonces.addIfNew("a", 60_000)).toBe(true);
    expect(nonces.addIfNew("a", 60_000)).toBe(false);
    now = 60_001;
    expect(nonces.addIfNew("a", 120_001)).toBe(true);
    nonces.add("b");
    nonces.add("c");
    expect(nonces.size).toBe(2);
    expect(nonces.has("a")).toBe(false);
  });
});
