import { randomUUID } from "node:crypto";
import type { MikroORM } from "@mikro-orm/postgresql";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { graphClient, postQuery, type GraphClient } from "./helpers/graph";
import { subgraphAs } from "./helpers/subgraph";

// Partners edit every fact of their records and retract what was wrong (issue 19). Writes and retractions change what
// other stories count, so these run on a graph of their own, on databases of their own.
const serverUrl = () => {
  const url = new URL(inject("graph").postgresUrl);
  url.pathname = "/factshub";
  return url.toString();
};
let running: RunningGraph;
let graph: GraphClient;
let store: MikroORM;
let alpha: { id: string; key: string };
let beta: { id: string; key: string };

beforeAll(async () => {
  running = await startGraph({ databaseUrl: serverUrl(), ports: "ephemeral", sampleData: "on", logLevel: "fatal", gatewaySecret: inject("gatewaySecret") });
  graph = graphClient(running);
  store = await openPartnerStore(subgraphDatabaseUrl(serverUrl(), "gateway"));
  const make = async (name: string) => {
    const made = await createPartner(store.em.fork(), { name, id: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}` });
    return { id: made.partner.id, key: made.key };
  };
  alpha = await make("Alpha");
  beta = await make("Beta");
});
afterAll(async () => {
  await store?.close();
  await running?.stop();
});

const source = { title: "Statut klastra", document: "statut-2024.pdf", publishedOn: "2024-05-20", language: "pl" };
const as = (key: string | null) => (query: string, variables?: Record<string, unknown>) =>
  postQuery(graph.gatewayUrl, query, variables, key ? { authorization: `Bearer ${key}` } : {});
const codes = (answer: { errors?: { extensions?: Record<string, unknown> }[] }) => answer.errors?.map(e => e.extensions?.code);

/** A new cluster of alpha's, with a name no other story searches for. */
async function alphasCluster(name = `Klaster Faktów ${randomUUID().slice(0, 8)}`) {
  const id = `klaster-${randomUUID()}`;
  const created = await as(alpha.key)(/* GraphQL */ `mutation NewCluster($input: CreateClusterInput!) { createCluster(input: $input) { id } }`, {
    input: { id, name, country: "PL", source },
  });
  expect(created.errors).toBeUndefined();
  return id;
}

const FACTS = /* GraphQL */ `
  query ClusterFacts($id: ID!, $all: Boolean!) {
    cluster(id: $id) {
      version foundedYear
      founded(includeRetracted: $all) { id kind date asWritten source { fileName } retracted { reason by } }
      labels(includeRetracted: $all) { id name nameEn note source { fileName } retracted { reason by } }
      changes { action partnerId after }
    }
  }
`;
const ADD_LABEL = /* GraphQL */ `
  mutation AddLabel($clusterId: ID!, $expectedVersion: Int!, $input: AddClusterLabelInput!) {
    addClusterLabel(clusterId: $clusterId, expectedVersion: $expectedVersion, input: $input) { version labels { id name } }
  }
`;
const ADD_FOUNDING_DATE = /* GraphQL */ `
  mutation AddFoundingDate($clusterId: ID!, $expectedVersion: Int!, $input: AddClusterFoundingDateInput!) {
    addClusterFoundingDate(clusterId: $clusterId, expectedVersion: $expectedVersion, input: $input) { version foundedYear }
  }
`;
const RETRACT_LABEL = /* GraphQL */ `
  mutation RetractLabel($clusterId: ID!, $id: ID!, $expectedVersion: Int!, $reason: String!) {
    retractClusterLabel(clusterId: $clusterId, id: $id, expectedVersion: $expectedVersion, reason: $reason) { version labels { id } }
  }
`;
const RESTORE_LABEL = /* GraphQL */ `
  mutation RestoreLabel($clusterId: ID!, $id: ID!, $expectedVersion: Int!) {
    restoreClusterLabel(clusterId: $clusterId, id: $id, expectedVersion: $expectedVersion) { version labels { id name } }
  }
`;

describe("partners editing the facts of their records", () => {
  it("adds a label and a founding date, each citing its source, as new versions of the cluster with their audit entries", async () => {
    const id = await alphasCluster();
    const label = await as(alpha.key)(ADD_LABEL, {
      clusterId: id,
      expectedVersion: 1,
      input: { name: "Krajowy Klaster Kluczowy", nameEn: "National Key Cluster", source },
    });
    expect(label.errors).toBeUndefined();
    expect(label.data).toEqual({ addClusterLabel: { version: 2, labels: [{ id: "1", name: "Krajowy Klaster Kluczowy" }] } });
    const founded = await as(alpha.key)(ADD_FOUNDING_DATE, {
      clusterId: id,
      expectedVersion: 2,
      input: { kind: "ESTABLISHED", date: "2014-03", asWritten: "w marcu 2014 roku", source },
    });
    expect(founded.data).toEqual({ addClusterFoundingDate: { version: 3, foundedYear: 2014 } });

    const read = (await graph.data(FACTS, { id, all: false })).cluster;
    expect(read).toMatchObject({
      version: 3,
      foundedYear: 2014,
      founded: [{ id: "1", kind: "ESTABLISHED", date: "2014-03", asWritten: "w marcu 2014 roku", source: { fileName: source.document }, retracted: null }],
      labels: [{ id: "1", name: "Krajowy Klaster Kluczowy", nameEn: "National Key Cluster", note: null, source: { fileName: source.document }, retracted: null }],
    });
    expect(read.changes.map((c: { action: string; partnerId: string }) => [c.action, c.partnerId])).toEqual([
      ["UPDATE", alpha.id],
      ["UPDATE", alpha.id],
      ["CREATE", alpha.id],
    ]);
    expect(read.changes[0].after).toMatchObject({ version: 3, founded: [{ id: "1", date: "2014-03" }] });
    expect(read.changes[1].after).toMatchObject({ version: 2, labels: [{ id: "1", name: "Krajowy Klaster Kluczowy" }] });
  });

  it("changes a label at the version read, and refuses a stale version with CONFLICT, changing nothing", async () => {
    const id = await alphasCluster();
    await as(alpha.key)(ADD_LABEL, { clusterId: id, expectedVersion: 1, input: { name: "Klaster Kluczowy", source } });
    const UPDATE_LABEL = /* GraphQL */ `
      mutation UpdateLabel($clusterId: ID!, $id: ID!, $expectedVersion: Int!, $input: UpdateClusterLabelInput!) {
        updateClusterLabel(clusterId: $clusterId, id: $id, expectedVersion: $expectedVersion, input: $input) { version labels { name note } }
      }
    `;
    const updated = await as(alpha.key)(UPDATE_LABEL, { clusterId: id, id: "1", expectedVersion: 2, input: { note: "Status przedłużony w 2024 r.", source } });
    expect(updated.data).toEqual({ updateClusterLabel: { version: 3, labels: [{ name: "Klaster Kluczowy", note: "Status przedłużony w 2024 r." }] } });
    const stale = await as(alpha.key)(UPDATE_LABEL, { clusterId: id, id: "1", expectedVersion: 2, input: { note: "Inna notatka", source } });
    expect(codes(stale)).toEqual(["CONFLICT"]);
    const staleAdd = await as(alpha.key)(ADD_LABEL, { clusterId: id, expectedVersion: 1, input: { name: "Drugi", source } });
    expect(codes(staleAdd)).toEqual(["CONFLICT"]);
    const missing = await as(alpha.key)(UPDATE_LABEL, { clusterId: id, id: "7", expectedVersion: 3, input: { note: "x", source } });
    expect(codes(missing)).toEqual(["NOT_FOUND"]);
    expect((await graph.data(FACTS, { id, all: true })).cluster).toMatchObject({ version: 3, labels: [{ note: "Status przedłużony w 2024 r." }] });
  });

  it("retracts a label with a reason, lists it only when asked, and restores it", async () => {
    const id = await alphasCluster();
    await as(alpha.key)(ADD_LABEL, { clusterId: id, expectedVersion: 1, input: { name: "Klaster Kluczowy", source } });
    const stranger = await as(beta.key)(RETRACT_LABEL, { clusterId: id, id: "1", expectedVersion: 2, reason: "Nie nasz" });
    expect(codes(stranger)).toEqual(["FORBIDDEN"]);
    const anonymous = await as(null)(RETRACT_LABEL, { clusterId: id, id: "1", expectedVersion: 2, reason: "Nie nasz" });
    expect(codes(anonymous)).toEqual(["UNAUTHENTICATED"]);

    const retracted = await as(alpha.key)(RETRACT_LABEL, { clusterId: id, id: "1", expectedVersion: 2, reason: "Status wygasł w 2023 r." });
    expect(retracted.data).toEqual({ retractClusterLabel: { version: 3, labels: [] } });
    expect((await graph.data(FACTS, { id, all: true })).cluster.labels).toEqual([
      expect.objectContaining({ id: "1", retracted: { reason: "Status wygasł w 2023 r.", by: alpha.id } }),
    ]);
    const again = await as(alpha.key)(RETRACT_LABEL, { clusterId: id, id: "1", expectedVersion: 3, reason: "Znowu" });
    expect(codes(again)).toEqual(["CONFLICT"]);

    const restored = await as(alpha.key)(RESTORE_LABEL, { clusterId: id, id: "1", expectedVersion: 3 });
    expect(restored.data).toEqual({ restoreClusterLabel: { version: 4, labels: [{ id: "1", name: "Klaster Kluczowy" }] } });
  });

  it("retracts and restores a membership: gone from the cluster's members, shown when asked, kept in the audit trail", async () => {
    const clusterId = await alphasCluster();
    const organisation = await as(alpha.key)(/* GraphQL */ `mutation NewOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { name: `Fundacja ${randomUUID().slice(0, 8)}`, kind: "NGO", country: "PL", source },
    });
    const organisationId = organisation.data.createOrganisation.id;
    const created = await as(alpha.key)(/* GraphQL */ `mutation Join($input: CreateMembershipInput!) { createMembership(input: $input) { id version } }`, {
      input: { clusterId, organisationId, roles: ["FOUNDER"], source },
    });
    const membershipId = created.data.createMembership.id;
    const MEMBERS = /* GraphQL */ `
      query Members($id: ID!, $all: Boolean!) {
        cluster(id: $id) { version memberships(includeRetracted: $all) { id roles retracted { reason by } changes { action } } }
      }
    `;
    expect((await graph.data(MEMBERS, { id: clusterId, all: false })).cluster).toMatchObject({ version: 2, memberships: [{ id: membershipId }] });

    const RETRACT = /* GraphQL */ `
      mutation RetractMembership($id: ID!, $expectedVersion: Int!, $reason: String!) {
        retractMembership(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id version retracted { reason by } }
      }
    `;
    const RESTORE = /* GraphQL */ `
      mutation RestoreMembership($id: ID!, $expectedVersion: Int!) { restoreMembership(id: $id, expectedVersion: $expectedVersion) { id version retracted { reason } } }
    `;
    const stranger = await as(beta.key)(RETRACT, { id: membershipId, expectedVersion: 1, reason: "To nie nasz członek" });
    expect(codes(stranger)).toEqual(["FORBIDDEN"]);
    const empty = await as(alpha.key)(RETRACT, { id: membershipId, expectedVersion: 1, reason: "   " });
    expect(empty.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "reason" });

    const retracted = await as(alpha.key)(RETRACT, { id: membershipId, expectedVersion: 1, reason: "Fundacja wystąpiła z klastra" });
    expect(retracted.data).toEqual({ retractMembership: { id: membershipId, version: 2, retracted: { reason: "Fundacja wystąpiła z klastra", by: alpha.id } } });
    expect((await graph.data(MEMBERS, { id: clusterId, all: false })).cluster.memberships).toEqual([]);
    const shown = (await graph.data(MEMBERS, { id: clusterId, all: true })).cluster.memberships;
    expect(shown).toEqual([
      { id: membershipId, roles: ["FOUNDER"], retracted: { reason: "Fundacja wystąpiła z klastra", by: alpha.id }, changes: [{ action: "RETRACT" }, { action: "CREATE" }] },
    ]);
    const OF_ORGANISATION = `query Of($id: ID!) { organisation(id: $id) { memberships { id } } }`;
    expect((await graph.data(OF_ORGANISATION, { id: organisationId })).organisation.memberships).toEqual([]);

    const stale = await as(alpha.key)(RESTORE, { id: membershipId, expectedVersion: 1 });
    expect(codes(stale)).toEqual(["CONFLICT"]);
    const restored = await as(alpha.key)(RESTORE, { id: membershipId, expectedVersion: 2 });
    expect(restored.data).toEqual({ restoreMembership: { id: membershipId, version: 3, retracted: null } });
    const back = (await graph.data(MEMBERS, { id: clusterId, all: false })).cluster.memberships;
    expect(back).toEqual([{ id: membershipId, roles: ["FOUNDER"], retracted: null, changes: [{ action: "RESTORE" }, { action: "RETRACT" }, { action: "CREATE" }] }]);
  });

  it("retracts a member count under the cluster's version, and the latest count falls back to the one before", async () => {
    const clusterId = await alphasCluster();
    const ADD = /* GraphQL */ `
      mutation Count($clusterId: ID!, $expectedVersion: Int, $input: AddMemberCountInput!) {
        addMemberCount(clusterId: $clusterId, expectedVersion: $expectedVersion, input: $input) { id count }
      }
    `;
    await as(alpha.key)(ADD, { clusterId, expectedVersion: 1, input: { count: 40, qualifier: "EXACTLY", asOf: "2023", asWritten: "40 członków", source } });
    const second = await as(alpha.key)(ADD, { clusterId, expectedVersion: 2, input: { count: 400, qualifier: "EXACTLY", asOf: "2024", asWritten: "400 członków", source } });
    const stale = await as(alpha.key)(ADD, { clusterId, expectedVersion: 2, input: { count: 1, qualifier: "EXACTLY", asWritten: "1", source } });
    expect(codes(stale)).toEqual(["CONFLICT"]);
    const RETRACT = /* GraphQL */ `
      mutation RetractCount($id: ID!, $expectedVersion: Int!, $reason: String!) {
        retractMemberCount(id: $id, expectedVersion: $expectedVersion, reason: $reason) { id count retracted { reason } }
      }
    `;
    const retracted = await as(alpha.key)(RETRACT, { id: second.data.addMemberCount.id, expectedVersion: 3, reason: "Literówka: 40, nie 400" });
    expect(retracted.data.retractMemberCount).toEqual({ id: second.data.addMemberCount.id, count: 400, retracted: { reason: "Literówka: 40, nie 400" } });
    const read = await graph.data(`query Counts($id: ID!) { cluster(id: $id) { version latestMemberCount { count } memberCounts { count } all: memberCounts(includeRetracted: true) { count } } }`, { id: clusterId });
    expect(read.cluster).toEqual({ version: 4, latestMemberCount: { count: 40 }, memberCounts: [{ count: 40 }], all: [{ count: 40 }, { count: 400 }] });
  });

  it("hides a retracted record from lists and search, shows it with includeRetracted, and lists a partner's own records with mine", async () => {
    const name = `Klaster Wycofany ${randomUUID().slice(0, 8)}`;
    const id = await alphasCluster(name);
    const LIST = /* GraphQL */ `
      query Listed($search: String!, $all: Boolean!) {
        clusters(filter: { search: $search }, includeRetracted: $all, first: 100) { totalCount nodes { id retracted { reason by } } }
        searchClusters(query: $search) { node { id } }
      }
    `;
    const MINE = `query Mine { clusters(mine: true, includeRetracted: true, first: 100) { nodes { id } } }`;
    expect((await graph.data(LIST, { search: name, all: false })).clusters.nodes.map((c: { id: string }) => c.id)).toEqual([id]);
    expect((await as(alpha.key)(MINE)).data.clusters.nodes.map((c: { id: string }) => c.id)).toContain(id);
    expect((await as(beta.key)(MINE)).data.clusters.nodes.map((c: { id: string }) => c.id)).not.toContain(id);
    expect(codes(await as(null)(MINE))).toEqual(["UNAUTHENTICATED"]);

    const RETRACT = `mutation RetractCluster($id: ID!, $reason: String!) { retractCluster(id: $id, expectedVersion: 1, reason: $reason) { version } }`;
    expect(codes(await as(beta.key)(RETRACT, { id, reason: "Duplikat" }))).toEqual(["FORBIDDEN"]);
    expect((await as(alpha.key)(RETRACT, { id, reason: "Duplikat innego wpisu" })).data).toEqual({ retractCluster: { version: 2 } });

    const hidden = await graph.data(LIST, { search: name, all: false });
    expect(hidden.clusters).toEqual({ totalCount: 0, nodes: [] });
    expect(hidden.searchClusters.map((hit: { node: { id: string } }) => hit.node.id)).not.toContain(id);
    const shown = await graph.data(LIST, { search: name, all: true });
    expect(shown.clusters).toEqual({ totalCount: 1, nodes: [{ id, retracted: { reason: "Duplikat innego wpisu", by: alpha.id } }] });
    const byId = await graph.data(`query One($id: ID!) { cluster(id: $id) { retracted { reason } changes { action } } }`, { id });
    expect(byId.cluster).toEqual({ retracted: { reason: "Duplikat innego wpisu" }, changes: [{ action: "RETRACT" }, { action: "CREATE" }] });

    const restored = await as(alpha.key)(`mutation Restore($id: ID!) { restoreCluster(id: $id, expectedVersion: 2) { version retracted { reason } } }`, { id });
    expect(restored.data).toEqual({ restoreCluster: { version: 3, retracted: null } });
    expect((await graph.data(LIST, { search: name, all: false })).clusters.totalCount).toBe(1);
  });

  it("counts retracted organisations out of the unfiltered total, and back in when restored", async () => {
    const TOTAL = `query Total { organisations { totalCount } all: organisations(includeRetracted: true) { totalCount } }`;
    const created = await as(alpha.key)(`mutation NewOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { name: `Fundacja ${randomUUID().slice(0, 8)}`, kind: "NGO", country: "PL", source },
    });
    const id = created.data.createOrganisation.id;
    const before = await graph.data(TOTAL);
    await as(alpha.key)(`mutation R($id: ID!) { retractOrganisation(id: $id, expectedVersion: 1, reason: "Wpis testowy") { version } }`, { id });
    const after = await graph.data(TOTAL);
    expect(after).toEqual({ organisations: { totalCount: before.organisations.totalCount - 1 }, all: { totalCount: before.all.totalCount } });
    await as(alpha.key)(`mutation R($id: ID!) { restoreOrganisation(id: $id, expectedVersion: 2) { version } }`, { id });
    expect(await graph.data(TOTAL)).toEqual(before);
  });

  it("adds an identifier to an organisation, and a budget and an involvement to a programme under their records' contracts", async () => {
    const created = await as(alpha.key)(`mutation NewOrganisation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { name: `Stowarzyszenie ${randomUUID().slice(0, 8)}`, kind: "ASSOCIATION", country: "PL", source },
    });
    const organisationId = created.data.createOrganisation.id;
    const identifier = await as(alpha.key)(
      /* GraphQL */ `
        mutation AddIdentifier($organisationId: ID!, $input: AddOrganisationIdentifierInput!) {
          addOrganisationIdentifier(organisationId: $organisationId, expectedVersion: 1, input: $input) { version identifiers { id scheme value source { fileName } } }
        }
      `,
      { organisationId, input: { scheme: "KRS", value: "0000123456", source } },
    );
    expect(identifier.data).toEqual({
      addOrganisationIdentifier: { version: 2, identifiers: [{ id: "1", scheme: "KRS", value: "0000123456", source: { fileName: source.document } }] },
    });

    const programme = await as(alpha.key)(`mutation P($input: CreateFundingProgrammeInput!) { createFundingProgramme(input: $input) { id budget { amount currency } } }`, {
      input: { name: `Program ${randomUUID().slice(0, 8)}`, budget: { amount: 1500000, currency: "PLN" }, source },
    });
    expect(programme.data.createFundingProgramme.budget).toEqual({ amount: 1500000, currency: "PLN" });
    const programmeId = programme.data.createFundingProgramme.id;
    const involvement = await as(alpha.key)(
      `mutation I($programmeId: ID!, $input: AddFundingInvolvementInput!) { addFundingInvolvement(programmeId: $programmeId, expectedVersion: 1, input: $input) { id role } }`,
      { programmeId, input: { organisationId, role: "BENEFICIARY", source } },
    );
    const involvementId = involvement.data.addFundingInvolvement.id;
    const strangerUpdate = await as(beta.key)(
      `mutation U($id: ID!, $input: UpdateFundingInvolvementInput!) { updateFundingInvolvement(id: $id, expectedVersion: 2, input: $input) { id } }`,
      { id: involvementId, input: { role: "FUNDER", source } },
    );
    expect(codes(strangerUpdate)).toEqual(["FORBIDDEN"]);
    const updated = await as(alpha.key)(
      `mutation U($id: ID!, $input: UpdateFundingInvolvementInput!) { updateFundingInvolvement(id: $id, expectedVersion: 2, input: $input) { id role note } }`,
      { id: involvementId, input: { role: "IMPLEMENTER", note: "Operator programu", source } },
    );
    expect(updated.data).toEqual({ updateFundingInvolvement: { id: involvementId, role: "IMPLEMENTER", note: "Operator programu" } });
    const read = await graph.data(`query R($id: ID!) { fundingProgramme(id: $id) { version implementers { id } changes { action } } }`, { id: programmeId });
    expect(read.fundingProgramme).toEqual({ version: 3, implementers: [{ id: organisationId }], changes: [{ action: "UPDATE" }, { action: "UPDATE" }, { action: "CREATE" }] });
  });

  it("changes and retracts a partnership's party under the partnership's version; the organisation's partnerships leave it out", async () => {
    const organisation = await as(alpha.key)(`mutation O($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { name: `Izba ${randomUUID().slice(0, 8)}`, kind: "ASSOCIATION", country: "PL", source },
    });
    const organisationId = organisation.data.createOrganisation.id;
    const partnership = await as(alpha.key)(`mutation P($input: CreatePartnershipInput!) { createPartnership(input: $input) { id } }`, {
      input: { title: "Wizyta studyjna", kind: "STUDY_VISIT", countries: ["PL", "UA"], source },
    });
    expect(partnership.errors).toBeUndefined();
    const partnershipId = partnership.data.createPartnership.id;
    const party = await as(alpha.key)(
      `mutation A($id: ID!, $input: AddPartnershipPartyInput!) { addPartnershipParty(partnershipId: $id, expectedVersion: 1, input: $input) { id role } }`,
      { id: partnershipId, input: { organisationId, role: "PARTICIPANT", source } },
    );
    const partyId = party.data.addPartnershipParty.id;
    const updated = await as(alpha.key)(
      `mutation U($id: ID!, $input: UpdatePartnershipPartyInput!) { updatePartnershipParty(id: $id, expectedVersion: 2, input: $input) { role note } }`,
      { id: partyId, input: { role: "ORGANISER", note: "Organizator wizyty", source } },
    );
    expect(updated.data).toEqual({ updatePartnershipParty: { role: "ORGANISER", note: "Organizator wizyty" } });
    const RETRACT = `mutation R($id: ID!, $v: Int!) { retractPartnershipParty(id: $id, expectedVersion: $v, reason: "Pomyłka w nazwie") { id retracted { reason } } }`;
    expect(codes(await as(beta.key)(RETRACT, { id: partyId, v: 3 }))).toEqual(["FORBIDDEN"]);
    expect(codes(await as(alpha.key)(RETRACT, { id: partyId, v: 2 }))).toEqual(["CONFLICT"]);
    expect((await as(alpha.key)(RETRACT, { id: partyId, v: 3 })).data).toEqual({ retractPartnershipParty: { id: partyId, retracted: { reason: "Pomyłka w nazwie" } } });
    const read = await graph.data(
      `query R($p: ID!, $o: ID!) {
        partnership(id: $p) { version parties { id } all: parties(includeRetracted: true) { id role } }
        organisation(id: $o) { partnerships { id } }
      }`,
      { p: partnershipId, o: organisationId },
    );
    expect(read).toEqual({ partnership: { version: 4, parties: [], all: [{ id: partyId, role: "ORGANISER" }] }, organisation: { partnerships: [] } });
  });
});

// The events subgraph is a partner's, outside the default graph (issue 17): its story is told to the subgraph alone.
describe("a partner's event and the organisations that took part in it", () => {
  let events: Awaited<ReturnType<typeof subgraphAs>>;
  const owner = { partnerId: `owner-${randomUUID().slice(0, 8)}`, admin: false };
  const stranger = { partnerId: `stranger-${randomUUID().slice(0, 8)}`, admin: false };
  beforeAll(async () => void (events = await subgraphAs("events", "factshub")));
  afterAll(() => events?.stop());

  const PARTICIPANTS = `query Who($id: ID!) { event(id: $id) { version participants { id } retractedLinks { field id retracted { reason by } } changes { action } } }`;

  it("adds a participant, retracts it with a reason (kept in retractedLinks) and restores it, each a new version of the event", async () => {
    const id = `forum-${randomUUID()}`;
    const created = await events.execute(owner, `mutation E($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { id, title: "Forum klastrów", kind: "FORUM", status: "HELD", source },
    });
    expect(created.errors).toBeUndefined();
    const ADD = `mutation A($id: ID!, $input: AddEventParticipantInput!) { addEventParticipant(eventId: $id, expectedVersion: 1, input: $input) { version participants { id } } }`;
    expect((await events.execute(owner, ADD, { id, input: { organisationId: "umcs", source } })).data).toEqual({
      addEventParticipant: { version: 2, participants: [{ id: "umcs" }] },
    });
    const RETRACT = `mutation R($id: ID!, $v: Int!) { retractEventParticipant(eventId: $id, organisationId: "umcs", expectedVersion: $v, reason: "Nie uczestniczył") { version } }`;
    expect((await events.execute(stranger, RETRACT, { id, v: 2 })).errors?.map(e => e.extensions?.code)).toEqual(["FORBIDDEN"]);
    expect((await events.execute(owner, RETRACT, { id, v: 1 })).errors?.map(e => e.extensions?.code)).toEqual(["CONFLICT"]);
    expect((await events.execute(owner, RETRACT, { id, v: 2 })).data).toEqual({ retractEventParticipant: { version: 3 } });
    expect((await events.execute(null, PARTICIPANTS, { id })).data?.event).toEqual({
      version: 3,
      participants: [],
      retractedLinks: [{ field: "participants", id: "umcs", retracted: { reason: "Nie uczestniczył", by: owner.partnerId } }],
      changes: [{ action: "UPDATE" }, { action: "UPDATE" }, { action: "CREATE" }],
    });
    const RESTORE = `mutation S($id: ID!) { restoreEventParticipant(eventId: $id, organisationId: "umcs", expectedVersion: 3) { version participants { id } retractedLinks { id } } }`;
    expect((await events.execute(owner, RESTORE, { id })).data).toEqual({ restoreEventParticipant: { version: 4, participants: [{ id: "umcs" }], retractedLinks: [] } });
  });
});

describe("the dashboards count what stands: a retraction leaves every aggregate, a restoration comes back", () => {
  /** Runs a partner's write that must succeed. */
  const write = async (query: string, variables: Record<string, unknown>) => {
    const answer = await as(alpha.key)(query, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };
  const clusterVersion = async (id: string) => (await graph.data(`query V($id: ID!) { cluster(id: $id) { version } }`, { id })).cluster.version;
  const programmeVersion = async (id: string) => (await graph.data(`query V($id: ID!) { fundingProgramme(id: $id) { version } }`, { id })).fundingProgramme.version;
  const newOrganisation = async () =>
    (await write(`mutation O($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { name: `Fundacja ${randomUUID().slice(0, 8)}`, kind: "NGO", country: "PL", source },
    })).createOrganisation.id;

  it("a cluster's group in clusterStats, its member counts in the latestMemberCount filter and memberCountSeries, and its memberships", async () => {
    const sector = `Sektor ${randomUUID().slice(0, 8)}`;
    const clusterId = `klaster-${randomUUID()}`;
    await write(`mutation C($input: CreateClusterInput!) { createCluster(input: $input) { id } }`, {
      input: { id: clusterId, name: `Klaster ${sector}`, country: "PL", sectors: [sector], source },
    });
    const organisationId = await newOrganisation();
    const membershipId = (await write(`mutation J($input: CreateMembershipInput!) { createMembership(input: $input) { id } }`, {
      input: { clusterId, organisationId, roles: ["MEMBER"], source },
    })).createMembership.id;
    const COUNT = `mutation N($clusterId: ID!, $input: AddMemberCountInput!) { addMemberCount(clusterId: $clusterId, input: $input) { id } }`;
    await write(COUNT, { clusterId, input: { count: 40, qualifier: "EXACTLY", asOf: "2023", asWritten: "40 członków", source } });
    const latestId = (await write(COUNT, { clusterId, input: { count: 400, qualifier: "EXACTLY", asOf: "2024", asWritten: "400 członków", source } })).addMemberCount.id;

    const DASHBOARD = /* GraphQL */ `
      query Dashboard($sector: String!) {
        all: clusterStats(by: SECTOR) { key clusters memberships reportedMembers clustersWithMemberCount }
        filtered: clusterStats(by: SECTOR, filter: { sector: $sector }) { key clusters memberships reportedMembers clustersWithMemberCount }
        large: clusters(filter: { sector: $sector, latestMemberCount: { min: 100 } }) { nodes { id } }
        sorted: clusters(filter: { sector: $sector }, orderBy: { field: LATEST_MEMBER_COUNT, direction: DESC }) { nodes { id latestMemberCount { count } } }
        memberCountSeries(filter: { sector: $sector }) { cluster { id } points { count } }
      }
    `;
    /** The dashboard as it shows the cluster's sector: the tallied and the counted group must agree. */
    const dashboard = async () => {
      const read = await graph.data(DASHBOARD, { sector });
      const group = read.all.find((g: { key: string }) => g.key === sector) ?? null;
      expect(read.filtered).toEqual(group ? [group] : []);
      return { group, large: read.large.nodes, sorted: read.sorted.nodes, series: read.memberCountSeries };
    };
    const full = {
      group: { key: sector, clusters: 1, memberships: 1, reportedMembers: 400, clustersWithMemberCount: 1 },
      large: [{ id: clusterId }],
      sorted: [{ id: clusterId, latestMemberCount: { count: 400 } }],
      series: [{ cluster: { id: clusterId }, points: [{ count: 40 }, { count: 400 }] }],
    };
    expect(await dashboard()).toEqual(full);

    await write(`mutation R($id: ID!, $v: Int!) { retractMemberCount(id: $id, expectedVersion: $v, reason: "Literówka") { id } }`, {
      id: latestId, v: await clusterVersion(clusterId),
    });
    expect(await dashboard()).toEqual({
      group: { ...full.group, reportedMembers: 40 },
      large: [],
      sorted: [{ id: clusterId, latestMemberCount: { count: 40 } }],
      series: [{ cluster: { id: clusterId }, points: [{ count: 40 }] }],
    });
    await write(`mutation S($id: ID!, $v: Int!) { restoreMemberCount(id: $id, expectedVersion: $v) { id } }`, { id: latestId, v: await clusterVersion(clusterId) });
    expect(await dashboard()).toEqual(full);

    await write(`mutation R($id: ID!) { retractMembership(id: $id, expectedVersion: 1, reason: "Wystąpiła z klastra") { id } }`, { id: membershipId });
    expect((await dashboard()).group).toEqual({ ...full.group, memberships: 0 });
    await write(`mutation S($id: ID!) { restoreMembership(id: $id, expectedVersion: 2) { id } }`, { id: membershipId });
    expect(await dashboard()).toEqual(full);

    await write(`mutation R($id: ID!, $v: Int!) { retractCluster(id: $id, expectedVersion: $v, reason: "Duplikat") { id } }`, { id: clusterId, v: await clusterVersion(clusterId) });
    expect(await dashboard()).toEqual({ group: null, large: [], sorted: [], series: [] });
    await write(`mutation S($id: ID!, $v: Int!) { restoreCluster(id: $id, expectedVersion: $v) { id } }`, { id: clusterId, v: await clusterVersion(clusterId) });
    expect(await dashboard()).toEqual(full);
  });

  it("a programme, its opportunities and its funders' and beneficiaries' involvements in fundingStats", async () => {
    const programmeId = (await write(`mutation P($input: CreateFundingProgrammeInput!) { createFundingProgramme(input: $input) { id } }`, {
      input: { name: `Program ${randomUUID().slice(0, 8)}`, source },
    })).createFundingProgramme.id;
    const [funderId, beneficiaryId] = [await newOrganisation(), await newOrganisation()];
    const INVOLVE = `mutation I($programmeId: ID!, $input: AddFundingInvolvementInput!) { addFundingInvolvement(programmeId: $programmeId, input: $input) { id } }`;
    const funding = (await write(INVOLVE, { programmeId, input: { organisationId: funderId, role: "FUNDER", source } })).addFundingInvolvement.id;
    const benefit = (await write(INVOLVE, { programmeId, input: { organisationId: beneficiaryId, role: "BENEFICIARY", source } })).addFundingInvolvement.id;
    const opportunityId = (await write(`mutation O($input: CreateFundingOpportunityInput!) { createFundingOpportunity(input: $input) { id } }`, {
      input: { programmeId, title: `Nabór ${randomUUID().slice(0, 8)}`, source },
    })).createFundingOpportunity.id;

    const STATS = /* GraphQL */ `
      query Funding { byProgramme: fundingStats(by: PROGRAMME) { key programmes opportunities beneficiaries } byFunder: fundingStats(by: FUNDER) { key programmes } }
    `;
    const stats = async () => {
      const read = await graph.data(STATS);
      return {
        programme: read.byProgramme.find((g: { key: string }) => g.key === programmeId) ?? null,
        funder: read.byFunder.find((g: { key: string }) => g.key === funderId) ?? null,
      };
    };
    const full = { programme: { key: programmeId, programmes: 1, opportunities: 1, beneficiaries: 1 }, funder: { key: funderId, programmes: 1 } };
    expect(await stats()).toEqual(full);

    const RETRACT_INVOLVEMENT = `mutation R($id: ID!, $v: Int!) { retractFundingInvolvement(id: $id, expectedVersion: $v, reason: "Pomyłka") { id } }`;
    const RESTORE_INVOLVEMENT = `mutation S($id: ID!, $v: Int!) { restoreFundingInvolvement(id: $id, expectedVersion: $v) { id } }`;
    await write(RETRACT_INVOLVEMENT, { id: benefit, v: await programmeVersion(programmeId) });
    expect(await stats()).toEqual({ ...full, programme: { ...full.programme, beneficiaries: 0 } });
    await write(RESTORE_INVOLVEMENT, { id: benefit, v: await programmeVersion(programmeId) });
    expect(await stats()).toEqual(full);

    await write(RETRACT_INVOLVEMENT, { id: funding, v: await programmeVersion(programmeId) });
    expect(await stats()).toEqual({ ...full, funder: null });
    await write(RESTORE_INVOLVEMENT, { id: funding, v: await programmeVersion(programmeId) });
    expect(await stats()).toEqual(full);

    await write(`mutation R($id: ID!) { retractFundingOpportunity(id: $id, expectedVersion: 1, reason: "Nabór odwołany") { id } }`, { id: opportunityId });
    expect(await stats()).toEqual({ ...full, programme: { ...full.programme, opportunities: 0 } });
    await write(`mutation S($id: ID!) { restoreFundingOpportunity(id: $id, expectedVersion: 2) { id } }`, { id: opportunityId });
    expect(await stats()).toEqual(full);

    await write(`mutation R($id: ID!, $v: Int!) { retractFundingProgramme(id: $id, expectedVersion: $v, reason: "Duplikat") { id } }`, { id: programmeId, v: await programmeVersion(programmeId) });
    expect(await stats()).toEqual({ programme: null, funder: null });
    await write(`mutation S($id: ID!, $v: Int!) { restoreFundingProgramme(id: $id, expectedVersion: $v) { id } }`, { id: programmeId, v: await programmeVersion(programmeId) });
    expect(await stats()).toEqual(full);
  });

  it("a partnership in partnershipMatrix, filtered or not; a retracted party leaves it counted, as the matrix counts partnerships by their countries", async () => {
    const partnershipId = (await write(`mutation P($input: CreatePartnershipInput!) { createPartnership(input: $input) { id } }`, {
      input: { title: `Wizyta ${randomUUID().slice(0, 8)}`, kind: "STUDY_VISIT", countries: ["LT", "PL"], source },
    })).createPartnership.id;
    const partyId = (await write(`mutation A($id: ID!, $input: AddPartnershipPartyInput!) { addPartnershipParty(partnershipId: $id, input: $input) { id } }`, {
      id: partnershipId, input: { organisationId: await newOrganisation(), role: "PARTICIPANT", source },
    })).addPartnershipParty.id;
    const MATRIX = /* GraphQL */ `
      query Matrix { all: partnershipMatrix { countryA countryB kind partnerships } filtered: partnershipMatrix(filter: { countries: [LT, PL] }) { countryA countryB kind partnerships } }
    `;
    const cell = async () => {
      const read = await graph.data(MATRIX);
      const pick = (cells: { countryA: string; countryB: string; kind: string; partnerships: number }[]) =>
        cells.find(c => c.countryA === "LT" && c.countryB === "PL" && c.kind === "STUDY_VISIT")?.partnerships ?? 0;
      return { all: pick(read.all), filtered: pick(read.filtered) };
    };
    const before = await cell();
    expect(before.all).toBeGreaterThan(0);

    await write(`mutation R($id: ID!) { retractPartnershipParty(id: $id, expectedVersion: 2, reason: "Pomyłka") { id } }`, { id: partyId });
    expect(await cell()).toEqual(before);
    await write(`mutation R($id: ID!) { retractPartnership(id: $id, expectedVersion: 3, reason: "Wizyta się nie odbyła") { id } }`, { id: partnershipId });
    expect(await cell()).toEqual({ all: before.all - 1, filtered: before.filtered - 1 });
    await write(`mutation S($id: ID!) { restorePartnership(id: $id, expectedVersion: 4) { id } }`, { id: partnershipId });
    expect(await cell()).toEqual(before);
  });
});
