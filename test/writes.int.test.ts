import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../lib/platform/auth";
import { loadClustersSample } from "../services/clusters/data";
import { subgraphAs } from "./helpers/subgraph";

const alpha: Caller = { partnerId: `alpha-${randomUUID()}`, admin: false };
const beta: Caller = { partnerId: `beta-${randomUUID()}`, admin: false };
const admin: Caller = { partnerId: "admin", admin: true };
const source = { title: "Zebranie założycielskie", url: "https://example.org/minutes", publishedOn: "2024-05", language: "pl" };

const CREATE = /* GraphQL */ `
  mutation CreateCluster($input: CreateClusterInput!) {
    createCluster(input: $input) { id name version ownerId sources { title url publishedOn } }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation UpdateCluster($id: ID!, $expectedVersion: Int!, $input: UpdateClusterInput!) {
    updateCluster(id: $id, expectedVersion: $expectedVersion, input: $input) { id name city version }
  }
`;
const READ = /* GraphQL */ `
  query Cluster($id: ID!) { cluster(id: $id) { name city version changes { action partnerId before after } } }
`;

describe("writes in the clusters subgraph", () => {
  let clusters: Awaited<ReturnType<typeof subgraphAs>>;
  beforeAll(async () => void (clusters = await subgraphAs("clusters")));
  afterAll(() => clusters?.stop());

  const create = (caller: Caller, id: string) =>
    clusters.execute(caller, CREATE, { input: { id, name: "Klaster Testowy", country: "PL", source } });

  it("lets a partner create a cluster it owns, citing its source, and change it at the version it read", async () => {
    const id = `klaster-${randomUUID()}`;
    const created = await create(alpha, id);
    expect(created.errors).toBeUndefined();
    expect(created.data).toEqual({
      createCluster: { id, name: "Klaster Testowy", version: 1, ownerId: alpha.partnerId, sources: [{ title: source.title, url: source.url, publishedOn: "2024-05" }] },
    });
    const updated = await clusters.execute(alpha, UPDATE, { id, expectedVersion: 1, input: { city: "Białystok", source } });
    expect(updated.data).toEqual({ updateCluster: { id, name: "Klaster Testowy", city: "Białystok", version: 2 } });

    const read = await clusters.execute(null, READ, { id });
    expect(read.data.cluster.changes.map((c: { action: string; partnerId: string }) => [c.action, c.partnerId])).toEqual([
      ["UPDATE", alpha.partnerId],
      ["CREATE", alpha.partnerId],
    ]);
    expect(read.data.cluster.changes[0].before).toMatchObject({ city: null, version: 1 });
    expect(read.data.cluster.changes[0].after).toMatchObject({ city: "Białystok", version: 2 });

    const CHANGES = `query Changes($id: ID!, $before: ID) { cluster(id: $id) { changes(first: 1, before: $before) { id action } } }`;
    const [newest] = (await clusters.execute(null, CHANGES, { id })).data.cluster.changes;
    expect(newest.action).toBe("UPDATE");
    const older = await clusters.execute(null, CHANGES, { id, before: newest.id });
    expect(older.data.cluster.changes.map((c: { action: string }) => c.action)).toEqual(["CREATE"]);
  });

  it("refuses another partner's change with FORBIDDEN and changes nothing", async () => {
    const id = `klaster-${randomUUID()}`;
    await create(alpha, id);
    const refused = await clusters.execute(beta, UPDATE, { id, expectedVersion: 1, input: { name: "Przejęty", source } });
    expect(refused.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    const read = await clusters.execute(null, READ, { id });
    expect(read.data.cluster).toMatchObject({ name: "Klaster Testowy", version: 1 });
    expect(read.data.cluster.changes).toHaveLength(1);
  });

  it("lets nobody but an administrator change the sample data", async () => {
    const refused = await clusters.execute(alpha, UPDATE, { id: "lubelska-medycyna", expectedVersion: 1, input: { city: "Lublin", source } });
    expect(refused.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    const anonymous = await clusters.execute(null, UPDATE, { id: "lubelska-medycyna", expectedVersion: 1, input: { city: "Lublin", source } });
    expect(anonymous.errors?.map(e => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses an update based on an old version with CONFLICT", async () => {
    const id = `klaster-${randomUUID()}`;
    await create(alpha, id);
    await clusters.execute(alpha, UPDATE, { id, expectedVersion: 1, input: { city: "Lublin", source } });
    const stale = await clusters.execute(alpha, UPDATE, { id, expectedVersion: 1, input: { city: "Kraków", source } });
    expect(stale.errors?.map(e => e.extensions?.code)).toEqual(["CONFLICT"]);
    expect((await clusters.execute(null, READ, { id })).data.cluster).toMatchObject({ city: "Lublin", version: 2 });
  });

  it("gives one of two concurrent updates of one version the record, and the other CONFLICT", async () => {
    const id = `klaster-${randomUUID()}`;
    await create(alpha, id);
    const results = await Promise.all(
      ["Lublin", "Kraków"].map(city => clusters.execute(alpha, UPDATE, { id, expectedVersion: 1, input: { city, source } })),
    );
    const codes = results.map(r => r.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "OK"]);
    const winner = results.find(r => !r.errors)!.data.updateCluster.city;
    expect((await clusters.execute(null, READ, { id })).data.cluster).toMatchObject({ city: winner, version: 2 });
  });

  it("rejects bad input with BAD_USER_INPUT naming the field and the rule, and writes nothing", async () => {
    const id = `klaster-${randomUUID()}`;
    const bad = await clusters.execute(alpha, CREATE, { input: { id, name: "Klaster", country: "PL", website: "not a url", source } });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "website" } });
    expect(bad.errors?.[0].message).toContain("isUrl");
    const badSource = await clusters.execute(alpha, CREATE, { input: { id, name: "Klaster", country: "PL", source: { ...source, url: null } } });
    expect(badSource.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "source.url" } });
    expect((await clusters.execute(null, READ, { id })).data.cluster).toBeNull();
  });

  it("adds member counts as new observations, keeping the old ones", async () => {
    const id = `klaster-${randomUUID()}`;
    await create(alpha, id);
    const add = (count: number, asOf: string) =>
      clusters.execute(alpha, /* GraphQL */ `
        mutation AddCount($id: ID!, $input: AddMemberCountInput!) { addMemberCount(clusterId: $id, input: $input) { count asOf } }
      `, { id, input: { count, qualifier: "EXACTLY", asOf, asWritten: `${count} członków`, source } });
    expect((await add(12, "2024-01")).data).toEqual({ addMemberCount: { count: 12, asOf: "2024-01" } });
    await add(15, "2025-01");
    const read = await clusters.execute(null, `query Counts($id: ID!) { cluster(id: $id) { memberCounts { count asOf } } }`, { id });
    expect(read.data.cluster.memberCounts).toEqual([{ count: 12, asOf: "2024-01" }, { count: 15, asOf: "2025-01" }]);
    const refused = await clusters.execute(beta, `mutation AddCount($id: ID!, $input: AddMemberCountInput!) { addMemberCount(clusterId: $id, input: $input) { count } }`, {
      id, input: { count: 1, qualifier: "EXACTLY", asWritten: "1", source },
    });
    expect(refused.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  });

  it("lets an administrator change a sample record, and the record keeps its version history", async () => {
    const read = await clusters.execute(null, READ, { id: "klaster-obrobki-metali" });
    const version = read.data.cluster.version;
    const updated = await clusters.execute(admin, UPDATE, { id: "klaster-obrobki-metali", expectedVersion: version, input: { region: "podlaskie", source } });
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateCluster.version).toBe(version + 1);

    // The next start loads the sample data again; it leaves a changed record as it was changed.
    await loadClustersSample(clusters.orm);
    const reloaded = await clusters.execute(null, `query Region { cluster(id: "klaster-obrobki-metali") { region version } }`);
    expect(reloaded.data.cluster).toEqual({ region: "podlaskie", version: version + 1 });
  });
});

describe("names a partner writes (issue 17)", () => {
  let clusters: Awaited<ReturnType<typeof subgraphAs>>;
  beforeAll(async () => void (clusters = await subgraphAs("clusters")));
  afterAll(() => clusters?.stop());

  it("keeps each name with its kind, cites the write's source on it, finds the record by any of them, and replaces the list on update", async () => {
    const id = `klaster-${randomUUID()}`;
    const names = [
      { text: "Klaster Medyczny Zamojszczyzny", language: "pl", kind: "AS_WRITTEN" },
      { text: "Zamość region medical cluster", language: "en", kind: "TRANSLATION", note: "Translation of the Polish name." },
    ];
    const created = await clusters.execute(alpha, `mutation C($input: CreateClusterInput!) { createCluster(input: $input) { names { text language kind madeByHub note source { title } } } }`, {
      input: { id, name: names[0].text, nameEn: names[1].text, names, country: "PL", source },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data.createCluster.names).toEqual([
      { ...names[0], madeByHub: false, note: null, source: { title: source.title } },
      { ...names[1], madeByHub: true, source: { title: source.title } },
    ]);
    const found = await clusters.execute(null, `query S($q: String!) { search(query: $q) { clusters { node { id } matchedName } } }`, { q: "zamosc medical cluster" });
    expect(found.data.search.clusters).toContainEqual({ node: { id }, matchedName: names[1].text });

    const updated = await clusters.execute(alpha, `mutation U($id: ID!, $input: UpdateClusterInput!) { updateCluster(id: $id, expectedVersion: 1, input: $input) { names { text } } }`, {
      id,
      input: { names: [names[0]], source },
    });
    expect(updated.data.updateCluster.names).toEqual([{ text: names[0].text }]);
  });
});
