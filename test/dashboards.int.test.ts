import { describe, expect, it } from "vitest";
import { statementsFor, theGraph } from "./helpers/graph";

const graph = theGraph();

describe("a dashboard builder's aggregates, computed in SQL", () => {
  it("counts clusters, memberships and reported members by country in one statement", async () => {
    const query = /* GraphQL */ `
      query ByCountry { clusterStats(by: COUNTRY) { key clusters memberships reportedMembers clustersWithMemberCount } }
    `;
    expect((await graph.data(query)).clusterStats).toEqual([
      { key: "PL", clusters: 7, memberships: 17, reportedMembers: 103 + 37 + 28 + 70, clustersWithMemberCount: 4 },
      { key: "UA", clusters: 1, memberships: 1, reportedMembers: 0, clustersWithMemberCount: 0 },
    ]);
    expect(await statementsFor(graph, query)).toEqual({ organisations: 0, clusters: 1, partnerships: 0, funding: 0, events: 0, feed: 0 });
  });

  it("counts clusters by founding year, and by sector within a filter", async () => {
    const data = await graph.data(/* GraphQL */ `
      query ByYear {
        years: clusterStats(by: FOUNDED_YEAR) { key clusters memberships reportedMembers }
        aviation: clusterStats(by: SECTOR, filter: { sector: "technologie lotnicze" }) { key clusters memberships }
      }
    `);
    expect(data.years).toEqual([
      { key: null, clusters: 4, memberships: 1, reportedMembers: 0 },
      { key: "2014", clusters: 2, memberships: 6, reportedMembers: 140 },
      { key: "2006", clusters: 1, memberships: 2, reportedMembers: 70 },
      { key: "2015", clusters: 1, memberships: 9, reportedMembers: 28 },
    ]);
    expect(data.aviation).toEqual([{ key: "technologie lotnicze", clusters: 2, memberships: 3 }]);
  });

  it("draws each Polish cluster's member count over time", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Growth { memberCountSeries(filter: { country: PL }) { cluster { id } points { asOf year count } } }
    `);
    expect(data.memberCountSeries).toEqual([
      { cluster: { id: "klaster-life-science" }, points: [{ asOf: "2006", year: 2006, count: 32 }, { asOf: "2011", year: 2011, count: 70 }] },
      { cluster: { id: "lubelska-medycyna" }, points: [{ asOf: "2015-03-16", year: 2015, count: 50 }, { asOf: "2016-12-01", year: 2016, count: 103 }] },
      { cluster: { id: "lubelski-klaster-biotechnologiczny" }, points: [{ asOf: "2015", year: 2015, count: 21 }, { asOf: "2016-12-01", year: 2016, count: 28 }] },
      { cluster: { id: "lubelski-klaster-lotniczy" }, points: [{ asOf: "2015-08", year: 2015, count: 37 }] },
    ]);
  });

  it("fills the partnership matrix: country pairs by kind, domestic ones on the diagonal", async () => {
    const query = /* GraphQL */ `query Matrix { partnershipMatrix { countryA countryB kind partnerships } }`;
    expect((await graph.data(query)).partnershipMatrix).toEqual([
      { countryA: "BY", countryB: "PL", kind: "COOPERATION_AGREEMENT", partnerships: 2 },
      { countryA: "BY", countryB: "PL", kind: "PROJECT", partnerships: 1 },
      { countryA: "BY", countryB: "PL", kind: "STUDY_VISIT", partnerships: 1 },
      { countryA: "BY", countryB: "PL", kind: "TRAINING_SERIES", partnerships: 2 },
      { countryA: "ES", countryB: "PL", kind: "JOINT_COMPANY", partnerships: 1 },
      { countryA: "ES", countryB: "US", kind: "JOINT_COMPANY", partnerships: 1 },
      { countryA: "PL", countryB: "PL", kind: "COOPERATION_AGREEMENT", partnerships: 1 },
      { countryA: "PL", countryB: "US", kind: "JOINT_COMPANY", partnerships: 1 },
      { countryA: "UA", countryB: "UA", kind: "SUPPORT", partnerships: 1 },
    ]);
    expect(await statementsFor(graph, query)).toEqual({ organisations: 0, clusters: 0, partnerships: 1, funding: 0, events: 0, feed: 0 });
  });

  it("counts funding by funder (named by the organisations subgraph), by country and by programme", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Funding {
        byFunder: fundingStats(by: FUNDER) { funder { id nameEn } programmes opportunities beneficiaries }
        byCountry: fundingStats(by: COUNTRY) { country programmes opportunities beneficiaries }
        byProgramme: fundingStats(by: PROGRAMME) { programme { id } beneficiaries }
      }
    `);
    expect(data.byFunder).toEqual([
      { funder: { id: "european-union", nameEn: "European Union" }, programmes: 2, opportunities: 1, beneficiaries: 2 },
      { funder: { id: "uriad-nimechchyny", nameEn: "Government of Germany" }, programmes: 1, opportunities: 1, beneficiaries: 0 },
    ]);
    // EU4Business's article names no eligible country, so it counts under none.
    expect(data.byCountry).toEqual([
      { country: "BY", programmes: 1, opportunities: 0, beneficiaries: 2 },
      { country: "PL", programmes: 1, opportunities: 0, beneficiaries: 0 },
    ]);
    expect(data.byProgramme.map((g: { programme: { id: string } }) => g.programme.id)).toEqual([
      "wsparcie-rozwoju-gospodarczego-na-poziomie-lokalnym-w-republice-bialorus",
      "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp",
      "perspektywa-finansowa-2014-2020",
    ]);
  });
});
