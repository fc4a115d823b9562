import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { partialDateProblem } from "../lib/subgraph/partial-date";
import { citedSources } from "../lib/records/sample-data";
import catalogue from "../lib/records/sample-sources.json";
import clusters from "../services/clusters/data/sample.json";
import funding from "../services/funding/data/sample.json";
import organisations from "../services/organisations/data/sample.json";
import partnerships from "../services/partnerships/data/sample.json";
import events from "../services/events/data/sample.json";
import { FIELD_EVIDENCE, HUB, HUB_MADE_NAMES, namesCountry, NameKind, normaliseText, NUMBER_WORDS, writtenExactlyIn, writtenIn } from "../lib/records/provenance";

/** ../shared/seeds beside the checkout: /work/shared/seeds for /work/main, and for a worktree such as /work/wt/names. */
function seedsFolder(): string {
  for (let folder = path.resolve(__dirname, ".."); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const seeds = path.join(path.dirname(folder), "shared", "seeds");
    if (existsSync(seeds)) return seeds;
  }
  throw new Error("no shared/seeds folder beside the checkout or any folder above it");
}

const files = { organisations, clusters, partnerships, funding, events } as Record<string, Record<string, Record<string, unknown>[]>>;
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

type Row = Record<string, unknown>;
interface Provenance {
  field: string;
  sourceId: string;
  asWritten: string | null;
  note: string | null;
}
interface Name {
  text: string;
  language: string;
  kind: NameKind;
  note: string | null;
  sourceId: string | null;
}

/** Each article's text, by source id. */
const articles = new Map(catalogue.map(source => [source.id, readFileSync(path.join(seedsFolder(), source.fileName!), "utf8")]));
const given = (value: unknown) => value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0);

/** The problems of one record: every field with a value that neither its articles show nor its provenance explains. */
function problemsOf(where: string, row: Row, cited: string[], provenance: Provenance[], parent = ""): string[] {
  const texts = cited.map(id => articles.get(id) ?? "");
  const explained = (field: string) => provenance.some(p => p.field === field);
  const problems: string[] = [];
  for (const [field, value] of Object.entries(row)) {
    if (!given(value)) continue;
    const evidence = FIELD_EVIDENCE[`${parent}${field}`] ?? FIELD_EVIDENCE[field];
    const fail = (what: unknown) => problems.push(`${where} ${parent}${field}: ${JSON.stringify(what)}`);
    const values = Array.isArray(value) ? value : [value];
    if (!evidence) fail("is not classified in FIELD_EVIDENCE (lib/records/provenance.ts)");
    else if (evidence === "WORDS")
      for (const v of values) if (!explained(field) && !texts.some(t => writtenIn(typeof v === "string" ? v : JSON.stringify(v), t))) fail(v);
    const numberWords = NUMBER_WORDS[Number(value)] ?? [];
    const writesNumber = (t: string) => new RegExp(`(^|\\D)${value}(\\D|$)`).test(t) || numberWords.some(word => ` ${normaliseText(t)} `.includes(` ${word}`));
    if (evidence === "NUMBER" && !explained(field) && !texts.some(writesNumber)) fail(value);
    if (evidence === "YEAR" && !explained(field) && !texts.some(t => t.includes(String(value).slice(0, 4)))) fail(value);
    if (evidence === "COUNTRY") for (const v of values) if (!explained(field) && !texts.some(t => namesCountry(String(v), t))) fail(v);
    if (evidence === "NAMES" && field === "name" && !row.names && !texts.some(t => writtenIn(String(value), t))) fail(value);
    if (evidence === "SUMMARY" && Array.isArray(value))
      for (const fact of value as Row[]) problems.push(...problemsOf(where, fact, [String(fact.sourceId)], [], `${field}.`));
  }
  return problems;
}

/** The problems of a record's names: each AS_WRITTEN one written in its article, each hub-made one saying what it rests on. */
function nameProblems(where: string, row: Row & { names: Name[]; provenance: Provenance[] }): string[] {
  const problems: string[] = [];
  for (const name of row.names) {
    if (name.kind === NameKind.AS_WRITTEN && !(name.sourceId && writtenIn(name.text, articles.get(name.sourceId) ?? "")))
      problems.push(`${where} names: ${name.text} is not written in ${name.sourceId}`);
    if (HUB_MADE_NAMES.includes(name.kind) && !name.note) problems.push(`${where} names: the hub-made ${name.text} says not what it rests on`);
    if (!/^[a-z]{2}$/.test(name.language)) problems.push(`${where} names: ${name.text} has language ${name.language}`);
  }
  if (!row.names.some(name => name.text === row.name)) problems.push(`${where} name ${row.name} is not among its names`);
  if (!row.names.some(name => name.language === "en" && name.text === row.nameEn)) problems.push(`${where} nameEn ${row.nameEn} is not its English name`);
  for (const entry of row.provenance) {
    if (!given(row[entry.field])) problems.push(`${where} provenance explains ${entry.field}, which has no value`);
    if (entry.sourceId === HUB && !entry.note) problems.push(`${where} provenance: the hub's ${entry.field} says not what it rests on`);
    if (entry.sourceId !== HUB && !(entry.asWritten && writtenExactlyIn(entry.asWritten, articles.get(entry.sourceId) ?? "")))
      problems.push(`${where} provenance: ${entry.field} as written "${entry.asWritten}" is not in ${entry.sourceId}`);
  }
  return problems;
}

describe("every value of the sample dataset", () => {
  const records = Object.entries(files).flatMap(([file, tables]) =>
    Object.entries(tables).flatMap(([table, rows]) => rows.map(row => ({ where: `${file}.${table} ${row.id}`, row }))),
  );

  it("rests on an article the record cites, or on a provenance entry that gives its source or marks it as the hub's", () => {
    const problems = records.flatMap(({ where, row }) =>
      problemsOf(where, row, Array.isArray(row.sourceIds) ? (row.sourceIds as string[]) : [String(row.sourceId)], (row.provenance as Provenance[]) ?? []),
    );
    expect(problems).toEqual([]);
  });

  it("names every cluster and organisation in English, each name as an article writes it or made by the hub and saying so", () => {
    const named = [...clusters.clusters, ...organisations.organisations].map(row => ({ where: row.id, row: row as unknown as Row & { names: Name[]; provenance: Provenance[] } }));
    expect(named.filter(({ row }) => !row.names.some(name => name.language === "en")).map(({ where }) => where)).toEqual([]);
    expect(named.flatMap(({ where, row }) => nameProblems(where, row))).toEqual([]);
  });

  it("tells a descriptive label from a name in use: the Lviv cluster, which article 000 never names", () => {
    const lviv = clusters.clusters.find(cluster => cluster.id === "medychnyi-klaster-lvivshchyny")!;
    expect(lviv.names.filter(name => name.text === lviv.name || name.text === lviv.nameEn).map(name => name.kind)).toEqual([
      NameKind.DESCRIPTIVE_LABEL,
      NameKind.DESCRIPTIVE_LABEL,
    ]);
  });
});
