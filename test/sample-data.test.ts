import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { partialDateProblem } from "../lib/subgraph/partial-date";
import { citedSources } from "../lib/records/sample-data";
import catalogue from "../lib/records/sample-sources.json";
import clusters from "../services/clusters/data/sample.json";
import funding from "../services/funding/data/sample.json";
import organisations from "../services/organisations/data/sample.json";
import partnerships from "../services/partnerships/data/sample.json";

/** ../shared/seeds beside the checkout: /work/shared/seeds for /work/main, and for a worktree such as /work/wt/names. */
function seedsFolder(): string {
  for (let folder = path.resolve(__dirname, ".."); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const seeds = path.join(path.dirname(folder), "shared", "seeds");
    if (existsSync(seeds)) return seeds;
  }
  throw new Error("no shared/seeds folder beside the checkout or any folder above it");
}

const files = { organisations, clusters, partnerships, funding } as Record<string, Record<string, Record<string, unknown>[]>>;
const ids = (rows: { id: string }[]) => new Set(rows.map(row => row.id));
const organisationIds = ids(organisations.organisations);
const clusterIds = ids(clusters.clusters);
const partnershipIds = ids(partnerships.partnerships);

describe("the sample dataset", () => {
  it("cites, on every record, an article of the five in ../shared/seeds", () => {
    const seeds = readdirSync(seedsFolder()).sort();
    expect(catalogue.map(source => source.fileName).sort()).toEqual(seeds);
    const known = new Set(catalogue.map(source => source.id));
    for (const [file, tables] of Object.entries(files)) {
      for (const [table, rows] of Object.entries(tables)) {
        for (const row of rows) {
          const cited = citedSources(row);
          expect(cited.length, `${file}.${table} ${row.id} cites no source`).toBeGreaterThan(0);
          expect(cited.filter(id => !known.has(id)), `${file}.${table} ${row.id}`).toEqual([]);
        }
      }
    }
  });

  it("cites every article at least once", () => {
    const cited = new Set(Object.values(files).flatMap(tables => Object.values(tables).flatMap(rows => rows.flatMap(citedSources))));
    expect(catalogue.filter(source => !cited.has(source.id)).map(source => source.id)).toEqual([]);
  });

  it("links only records that exist, across subgraphs", () => {
    for (const m of clusters.memberships) {
      expect(clusterIds.has(m.clusterId), m.id).toBe(true);
      expect(organisationIds.has(m.organisationId), m.id).toBe(true);
    }
    for (const party of partnerships.parties as { id: string; organisationId: string | null; clusterId: string | null }[]) {
      expect([party.organisationId, party.clusterId].filter(Boolean), party.id).toHaveLength(1);
      if (party.organisationId) expect(organisationIds.has(party.organisationId), party.id).toBe(true);
      if (party.clusterId) expect(clusterIds.has(party.clusterId), party.id).toBe(true);
    }
    for (const i of funding.involvements as { id: string; organisationId: string | null; clusterId: string | null; partnershipId: string | null }[]) {
      expect([i.organisationId, i.clusterId, i.partnershipId].filter(Boolean), i.id).toHaveLength(1);
      if (i.organisationId) expect(organisationIds.has(i.organisationId), i.id).toBe(true);
      if (i.clusterId) expect(clusterIds.has(i.clusterId), i.id).toBe(true);
      if (i.partnershipId) expect(partnershipIds.has(i.partnershipId), i.id).toBe(true);
    }
  });

  it("dates nothing more precisely than a PartialDate allows", () => {
    const dates = [
      ...clusters.clusters.flatMap(c => c.founded.map(f => f.date)),
      ...clusters.memberCounts.map(c => c.asOf),
      ...clusters.memberships.map(m => m.since),
      ...partnerships.partnerships.flatMap(p => [p.startDate, p.endDate]),
      ...funding.programmes.flatMap(p => [p.startDate, p.endDate]),
    ].filter((date): date is string => date !== null);
    expect(dates.filter(date => partialDateProblem(date) !== null)).toEqual([]);
  });

  it("keeps the founding year the earliest founding date gives", () => {
    for (const cluster of clusters.clusters) {
      const years = cluster.founded.filter(f => f.kind === "ESTABLISHED" && f.date).map(f => Number(f.date!.slice(0, 4)));
      expect(cluster.foundedYear, cluster.id).toBe(years.length ? Math.min(...years) : null);
    }
  });
});
