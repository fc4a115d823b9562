import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { DEFAULT_KEY_ID, hmacKey, signSubgraphRequest } from "../lib/platform/signature";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { graphClient, postQuery, signedAsGateway, type GraphClient } from "./helpers/graph";

const ROOT = path.resolve(__dirname, "..");

// Writes change what other stories count, so these run on a graph of their own, on databases of their own.
const serverUrl = () => {
  const url = new URL(inject("graph").postgresUrl);
  url.pathname = "/partnershub";
  return url.toString();
};
let running: RunningGraph;
let graph: GraphClient;

beforeAll(async () => {
  running = await startGraph({ databaseUrl: serverUrl(), ports: "ephemeral", sampleData: "on", logLevel: "fatal", gatewaySecret: inject("gatewaySecret") });
  graph = graphClient(running);
});
afterAll(() => running?.stop());
const source = { title: "Sprawozdanie z działalności 2024", document: "sprawozdanie-2024.pdf", publishedOn: "2025-03-31", language: "pl" };

/** Runs an npm script of the project as a partner's administrator would, against the test graph's PostgreSQL. */
async function npmRun(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", script, "--", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: serverUrl() },
  });
  return stdout;
}

const keyOf = (output: string) => /^key\s+(\S+)$/m.exec(output)![1];
const keyIdOf = (output: string) => /^key id\s+(\S+)$/m.exec(output)![1];

const as = (key: string | null) => ({
  query: (query: string, variables?: Record<string, unknown>) =>
    postQuery(graph.gatewayUrl, query, variables, key ? { authorization: `Bearer ${key}` } : {}),
});

const CREATE = /* GraphQL */ `
  mutation CreateOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id name ownerId version } }
`;
const UPDATE = /* GraphQL */ `
  mutation UpdateOrganisation($id: ID!, $expectedVersion: Int!, $input: UpdateOrganisationInput!) {
    updateOrganisation(id: $id, expectedVersion: $expectedVersion, input: $input) { id name city version }
  }
`;
const READ = /* GraphQL */ `
  query Organisation($id: ID!) { organisation(id: $id) { name city version sources { title fileName publishedOn } changes { action partnerId } } }
`;

describe("partner NGOs writing through the gateway", () => {
  let store: MikroORM;
  let alpha: { id: string; key: string };
  let beta: { id: string; key: string };

  beforeAll(async () => {
    store = await openPartnerStore(subgraphDatabaseUrl(serverUrl(), "gateway"));
    const make = async (name: string) => {
      const made = await createPartner(store.em.fork(), { name, id: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}` });
      return { id: made.partner.id, key: made.key };
    };
    alpha = await make("Alpha");
    beta = await make("Beta");
  });
  afterAll(() => store?.close());

  const createOrganisation = async (key: string) => {
    const id = `fundacja-${randomUUID()}`;
    const created = await as(key).query(CREATE, { input: { id, name: "Fundacja Testowa", kind: "NGO", country: "PL", source } });
    expect(created.errors).toBeUndefined();
    return id;
  };

  it("lets a partner create its own organisation and update it; the record cites the source and keeps its changes", async () => {
    const id = `fundacja-${randomUUID()}`;
    const created = await as(alpha.key).query(CREATE, { input: { id, name: "Fundacja Testowa", kind: "NGO", country: "PL", source } });
    expect(created.data).toEqual({ createOrganisation: { id, name: "Fundacja Testowa", ownerId: alpha.id, version: 1 } });
    const updated = await as(alpha.key).query(UPDATE, { id, expectedVersion: 1, input: { city: "Białystok", source } });
    expect(updated.data).toEqual({ updateOrganisation: { id, name: "Fundacja Testowa", city: "Białystok", version: 2 } });
    const read = await graph.data(READ, { id });
    expect(read.organisation).toEqual({
      name: "Fundacja Testowa",
      city: "Białystok",
      version: 2,
      sources: [{ title: source.title, fileName: source.document, publishedOn: source.publishedOn }],
      changes: [
        { action: "UPDATE", partnerId: alpha.id },
        { action: "CREATE", partnerId: alpha.id },
      ],
    });
  });

  it("refuses another partner with FORBIDDEN, and nothing changes", async () => {
    const id = await createOrganisation(alpha.key);
    const refused = await as(beta.key).query(UPDATE, { id, expectedVersion: 1, input: { name: "Przejęta", source } });
    expect(refused.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect((await graph.data(READ, { id })).organisation).toMatchObject({ name: "Fundacja Testowa", version: 1, changes: [{ action: "CREATE" }] });
  });

  it("lets a partner change another's record once it has been granted it (npm run partner:grant)", async () => {
    const id = await createOrganisation(alpha.key);
    expect(await npmRun("partner:grant", "--partner", beta.id, "--entity", "Organisation", "--id", id)).toContain("granted");
    const updated = await as(beta.key).query(UPDATE, { id, expectedVersion: 1, input: { city: "Grodno", source } });
    expect(updated.data).toEqual({ updateOrganisation: { id, name: "Fundacja Testowa", city: "Grodno", version: 2 } });
  });

  it("gives one of two concurrent updates the record and the other CONFLICT", async () => {
    const id = await createOrganisation(alpha.key);
    const results = await Promise.all(
      ["Lublin", "Kraków", "Lwów"].map(city => as(alpha.key).query(UPDATE, { id, expectedVersion: 1, input: { city, source } })),
    );
    expect(results.map(r => r.errors?.[0]?.extensions?.code ?? "OK").sort()).toEqual(["CONFLICT", "CONFLICT", "OK"]);
    const winner = results.find(r => !r.errors)!.data.updateOrganisation.city;
    expect((await graph.data(READ, { id })).organisation).toMatchObject({ city: winner, version: 2 });
  });

  it("writes nothing for bad input, and says which field broke which rule", async () => {
    const id = `fundacja-${randomUUID()}`;
    const bad = await as(alpha.key).query(CREATE, { input: { id, name: "", kind: "NGO", source } });
    expect(bad.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "name" } });
    expect(bad.errors?.[0].message).toMatch(/isLength/);
    const badLanguage = await as(alpha.key).query(CREATE, { input: { id, name: "Fundacja", kind: "NGO", source: { ...source, language: "polish" } } });
    expect(badLanguage.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "source.language" } });
    expect((await graph.data(READ, { id })).organisation).toBeNull();
  });

  it("lets a partner record its own partnership and its parties; another partner may not add parties to it", async () => {
    // The test graph is shared: the partnership links countries and an organisation no other story asks about.
    const organisationId = await createOrganisation(alpha.key);
    const id = `porozumienie-${randomUUID()}`;
    const created = await as(alpha.key).query(/* GraphQL */ `
      mutation CreatePartnership($input: CreatePartnershipInput!) { createPartnership(input: $input) { id kind countries ownerId } }
    `, { input: { id, title: "Porozumienie o współpracy", kind: "COOPERATION_AGREEMENT", countries: ["LT", "LV"], source } });
    expect(created.data).toEqual({ createPartnership: { id, kind: "COOPERATION_AGREEMENT", countries: ["LT", "LV"], ownerId: alpha.id } });
    const ADD = /* GraphQL */ `
      mutation AddParty($id: ID!, $input: AddPartnershipPartyInput!) { addPartnershipParty(partnershipId: $id, input: $input) { role organisation { name } } }
    `;
    const added = await as(alpha.key).query(ADD, { id, input: { organisationId, role: "SIGNATORY", source } });
    expect(added.data).toEqual({ addPartnershipParty: { role: "SIGNATORY", organisation: { name: "Fundacja Testowa" } } });
    const both = await as(alpha.key).query(ADD, { id, input: { organisationId, clusterId: "lubelska-medycyna", role: "PARTNER", source } });
    expect(both.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", argument: "clusterId" } });
    const refused = await as(beta.key).query(ADD, { id, input: { clusterId: "lubelska-medycyna", role: "PARTNER", source } });
    expect(refused.errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    const read = await graph.data(`query Parties($id: ID!) { partnership(id: $id) { parties { role organisation { id } cluster { id } } } }`, { id });
    expect(read.partnership.parties).toEqual([{ role: "SIGNATORY", organisation: { id: organisationId }, cluster: null }]);
  });

  it("reads without a key, but refuses a write without one, and an unknown key", async () => {
    expect((await as(null).query(`query Count { organisations { totalCount } }`)).data.organisations.totalCount).toBeGreaterThan(0);
    const anonymous = await as(null).query(CREATE, { input: { name: "X", kind: "NGO", source } });
    expect(anonymous.errors?.map(e => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    const unknown = await as("chk_not-a-key").query(`query Count { organisations { totalCount } }`);
    expect(unknown.status).toBe(401);
    expect(unknown.errors?.map(e => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  });

  it("makes, lists and revokes keys with npm scripts; a revoked key is refused at once", async () => {
    const name = `Gamma ${randomUUID().slice(0, 8)}`;
    const made = await npmRun("partner:create", "--name", name);
    const partnerId = /^partner\s+(\S+)/m.exec(made)![1];
    const [key, keyId] = [keyOf(made), keyIdOf(made)];
    expect(key).toMatch(/^chk_/);
    const id = await createOrganisation(key);
    expect((await graph.data(READ, { id })).organisation.changes).toEqual([{ action: "CREATE", partnerId }]);
    expect(await npmRun("partner:keys", "--partner", partnerId)).toMatch(new RegExp(`^${keyId}\\s.*active$`, "m"));
    expect(await npmRun("partner:revoke", "--key-id", keyId)).toContain(`revoked ${keyId}`);
    expect(await npmRun("partner:keys", "--partner", partnerId)).toMatch(new RegExp(`^${keyId}\\s.*revoked`, "m"));
    const refused = await as(key).query(UPDATE, { id, expectedVersion: 1, input: { city: "Lublin", source } });
    expect(refused.errors?.map(e => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect((await graph.data(READ, { id })).organisation.version).toBe(1);
  });

  it("counts a partner's new organisations in the total at once, three written together included", async () => {
    const TOTALS = /* GraphQL */ `
      query Totals { all: organisations(first: 1) { totalCount } polish: organisations(first: 1, filter: { country: PL }) { totalCount } }
    `;
    const totals = async () => {
      const data = await graph.data(TOTALS);
      return { all: data.all.totalCount, polish: data.polish.totalCount };
    };
    const before = await totals();
    await Promise.all([1, 2, 3].map(() => createOrganisation(alpha.key)));
    expect(await totals()).toEqual({ all: before.all + 3, polish: before.polish + 3 });
  });

  it("shows a partner's new memberships and member counts on the dashboard at once, concurrent writes included", async () => {
    // A sector of its own, so that the dashboard's group is this cluster alone whatever other stories write.
    const sector = `testowy-${randomUUID()}`;
    const clusterId = `klaster-${randomUUID()}`;
    // The unfiltered dashboard reads the groups the triggers keep; Poland's grows by this cluster and its counts.
    const POLAND = /* GraphQL */ `query Poland { clusterStats(by: COUNTRY) { key clusters memberships reportedMembers clustersWithMemberCount } }`;
    const poland = async () => (await graph.data(POLAND)).clusterStats.find((group: { key: string }) => group.key === "PL");
    const before = await poland();
    const created = await as(alpha.key).query(/* GraphQL */ `
      mutation CreateCluster($input: CreateClusterInput!) { createCluster(input: $input) { id } }
    `, { input: { id: clusterId, name: "Klaster Testowy", country: "PL", sectors: [sector], source } });
    expect(created.errors).toBeUndefined();
    const DASHBOARD = /* GraphQL */ `
      query Dashboard($sector: String!) {
        clusterStats(by: SECTOR, filter: { sector: $sector }) { key clusters memberships reportedMembers clustersWithMemberCount }
      }
    `;
    const dashboard = async () => (await graph.data(DASHBOARD, { sector })).clusterStats;
    expect(await dashboard()).toEqual([{ key: sector, clusters: 1, memberships: 0, reportedMembers: 0, clustersWithMemberCount: 0 }]);

    const JOIN = /* GraphQL */ `
      mutation Join($input: CreateMembershipInput!) { createMembership(input: $input) { id } }
    `;
    const join = (organisationId: string) => as(alpha.key).query(JOIN, { input: { clusterId, organisationId, roles: ["MEMBER"], source } });
    expect((await join("politechnika-lubelska")).errors).toBeUndefined();
    expect(await dashboard()).toEqual([{ key: sector, clusters: 1, memberships: 1, reportedMembers: 0, clustersWithMemberCount: 0 }]);

    // Eight members join at the same moment: each one is counted.
    const joined = await Promise.all(Array.from({ length: 8 }, (_, i) => join(`firma-${i}-${randomUUID()}`)));
    expect(joined.map(j => j.errors)).toEqual(Array(8).fill(undefined));
    expect(await dashboard()).toEqual([{ key: sector, clusters: 1, memberships: 9, reportedMembers: 0, clustersWithMemberCount: 0 }]);

    // Two reports arrive together; the later-dated one is the cluster's latest member count, whichever commits first.
    const COUNT = /* GraphQL */ `
      mutation AddCount($id: ID!, $input: AddMemberCountInput!) { addMemberCount(clusterId: $id, input: $input) { count } }
    `;
    const counted = await Promise.all(
      [
        { count: 12, asOf: "2024-01", asWritten: "12 członków (styczeń 2024)" },
        { count: 20, asOf: "2025-01", asWritten: "20 członków (styczeń 2025)" },
      ].map(input => as(alpha.key).query(COUNT, { id: clusterId, input: { ...input, qualifier: "EXACTLY", source } })),
    );
    expect(counted.map(c => c.errors)).toEqual([undefined, undefined]);
    expect(await dashboard()).toEqual([{ key: sector, clusters: 1, memberships: 9, reportedMembers: 20, clustersWithMemberCount: 1 }]);
    const listed = await graph.data(/* GraphQL */ `
      query Largest($sector: String!) { clusters(filter: { sector: $sector, latestMemberCount: { min: 20 } }) { nodes { id latestMemberCount { count } } } }
    `, { sector });
    expect(listed.clusters.nodes).toEqual([{ id: clusterId, latestMemberCount: { count: 20 } }]);
    expect(await poland()).toEqual({
      key: "PL",
      clusters: before.clusters + 1,
      memberships: before.memberships + 9,
      reportedMembers: before.reportedMembers + 20,
      clustersWithMemberCount: before.clustersWithMemberCount + 1,
    });
  });

  it("moves a partnership between cells of the partnership matrix as partners record and change it", async () => {
    // Iceland and Malta: countries no other story's partnerships link.
    const MATRIX = /* GraphQL */ `
      query Matrix {
        all: partnershipMatrix { countryA countryB kind partnerships }
        filtered: partnershipMatrix(filter: { anyOfCountries: [IS, MT] }) { countryA countryB kind partnerships }
      }
    `;
    const cells = async () => {
      const data = await graph.data(MATRIX);
      const ours = data.all.filter((cell: { countryA: string; countryB: string }) => [cell.countryA, cell.countryB].some(c => c === "IS" || c === "MT"));
      // The unfiltered matrix is read from the tally, a filtered one counts partnerships: both must agree.
      expect(ours).toEqual(data.filtered);
      return ours;
    };
    const CREATE_PARTNERSHIP = /* GraphQL */ `
      mutation CreatePartnership($input: CreatePartnershipInput!) { createPartnership(input: $input) { id version } }
    `;
    const record = (id: string) =>
      as(alpha.key).query(CREATE_PARTNERSHIP, { input: { id, title: "Wizyta studyjna", kind: "STUDY_VISIT", countries: ["MT", "IS"], source } });
    const ids = [`wizyta-${randomUUID()}`, `wizyta-${randomUUID()}`];
    expect((await Promise.all(ids.map(record))).map(r => r.errors)).toEqual([undefined, undefined]);
    expect(await cells()).toEqual([{ countryA: "IS", countryB: "MT", kind: "STUDY_VISIT", partnerships: 2 }]);

    const changed = await as(alpha.key).query(/* GraphQL */ `
      mutation UpdatePartnership($id: ID!, $input: UpdatePartnershipInput!) { updatePartnership(id: $id, expectedVersion: 1, input: $input) { version } }
    `, { id: ids[0], input: { kind: "JOINT_PROJECT", countries: ["IS"], source } });
    expect(changed.errors).toBeUndefined();
    expect(await cells()).toEqual([
      { countryA: "IS", countryB: "IS", kind: "JOINT_PROJECT", partnerships: 1 },
      { countryA: "IS", countryB: "MT", kind: "STUDY_VISIT", partnerships: 1 },
    ]);
  });

  it("counts a partner's new calls in its programme's fundingStats at once, two written together included", async () => {
    const sector = `testowy-${randomUUID()}`;
    const programmeId = `program-${randomUUID()}`;
    const created = await as(alpha.key).query(/* GraphQL */ `
      mutation CreateProgramme($input: CreateFundingProgrammeInput!) { createFundingProgramme(input: $input) { id } }
    `, { input: { id: programmeId, name: "Program Testowy", sectors: [sector], source } });
    expect(created.errors).toBeUndefined();
    const STATS = /* GraphQL */ `
      query Stats($sector: String!) { fundingStats(by: PROGRAMME, filter: { sector: $sector }) { key programmes opportunities beneficiaries } }
    `;
    const stats = async () => (await graph.data(STATS, { sector })).fundingStats;
    expect(await stats()).toEqual([{ key: programmeId, programmes: 1, opportunities: 0, beneficiaries: 0 }]);
    const CALL = /* GraphQL */ `
      mutation CreateCall($input: CreateFundingOpportunityInput!) { createFundingOpportunity(input: $input) { id } }
    `;
    const calls = await Promise.all(["Nabór 1", "Nabór 2"].map(title => as(alpha.key).query(CALL, { input: { programmeId, title, source } })));
    expect(calls.map(c => c.errors)).toEqual([undefined, undefined]);
    expect(await stats()).toEqual([{ key: programmeId, programmes: 1, opportunities: 2, beneficiaries: 0 }]);
  });
});

/** POSTs a body to a subgraph with the given headers; answers the status and the reasons of its refusal. */
async function postRaw(url: string, body: string, headers: Record<string, string>) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
  const answer = (await response.json()) as { errors?: { extensions?: { code?: string; reason?: string } }[] };
  return { status: response.status, reasons: answer.errors?.map(e => (e.extensions?.code === "UNAUTHENTICATED" ? e.extensions.reason : e.extensions?.code)) };
}

describe("a request straight to a subgraph", () => {
  const organisations = () => graph.subgraphUrls.organisations;
  const mutation = /* GraphQL */ `mutation Sneak { createOrganisation(input: { name: "X", kind: NGO, source: { title: "t", url: "https://example.org", publishedOn: "2024", language: "pl" } }) { id } }`;

  it("is refused without the gateway's signature, reads included", async () => {
    for (const query of [`query Read { organisations { totalCount } }`, mutation]) {
      const answer = await postQuery(organisations(), query);
      expect(answer.status).toBe(401);
      expect(answer.errors?.map(e => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
      expect(answer.data).toBeUndefined();
    }
  });

  it("is refused when it claims an identity with a signature made with another key, an old one, or one over other headers", async () => {
    const admin = { partnerId: "admin", admin: true };
    const body = JSON.stringify({ query: mutation });
    const send = (headers: Record<string, string>) => postRaw(organisations(), body, headers);
    const forged = signSubgraphRequest(hmacKey("not-the-gateway-secret-not-the-gateway-secret", "someone-else"), { method: "POST", url: organisations(), body, caller: admin, requestId: "r1" });
    expect(await send(forged)).toEqual({ status: 401, reasons: ["UNKNOWN_KEY"] });
    const otherSecret = signSubgraphRequest(hmacKey("not-the-gateway-secret-not-the-gateway-secret", DEFAULT_KEY_ID), { method: "POST", url: organisations(), body, caller: admin, requestId: "r1" });
    expect(await send(otherSecret)).toEqual({ status: 401, reasons: ["INVALID"] });
    expect(await send(signedAsGateway(organisations(), body, admin, Date.now() - 10 * 60_000))).toEqual({ status: 401, reasons: ["EXPIRED"] });
    const tampered = { ...signedAsGateway(organisations(), body, null), "x-clusterhub-partner": "admin", "x-clusterhub-admin": "1" };
    expect(await send(tampered)).toEqual({ status: 401, reasons: ["INVALID"] });
  });

  it("is answered when the gateway signed it", async () => {
    const query = `query Read { organisations(first: 1) { totalCount } }`;
    const body = JSON.stringify({ query });
    const response = await fetch(organisations(), { method: "POST", headers: { "content-type": "application/json", ...signedAsGateway(organisations(), body) }, body });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { organisations: { totalCount: number } } }).data.organisations.totalCount).toBeGreaterThan(0);
  });
});

// Developers compose from the running subgraphs (SUPERGRAPH_SOURCE=live); the partners subgraph runs inside the gateway.
describe("a gateway composing the running subgraphs live", () => {
  let live: RunningGraph;
  beforeAll(async () => {
    const url = new URL(inject("graph").postgresUrl);
    url.pathname = "/livehub";
    live = await startGraph({ databaseUrl: url.toString(), ports: "ephemeral", sampleData: "on", logLevel: "fatal", gatewaySecret: inject("gatewaySecret"), supergraphSource: "live" });
  });
  afterAll(() => live?.stop());

  it("still serves a partner its own keys, which the gateway itself answers", async () => {
    const store = await openPartnerStore(subgraphDatabaseUrl(live.postgresUrl, "gateway"));
    const { key } = await createPartner(store.em.fork(), { name: "Live", id: `live-${randomUUID().slice(0, 8)}` });
    await store.close();
    const answer = await postQuery(live.gatewayUrl, `query Mine { me { name keys { revokedAt } } clusters(first: 1) { totalCount } }`, {}, { authorization: `Bearer ${key}` });
    expect(answer.errors).toBeUndefined();
    expect(answer.data.me).toEqual({ name: "Live", keys: [{ revokedAt: null }] });
    expect(answer.data.clusters.totalCount).toBeGreaterThan(0);
  });
});
