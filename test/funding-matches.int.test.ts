import { describe, expect, it } from "vitest";
import { statementsFor, theGraph } from "./helpers/graph";

const graph = theGraph();

// The sample's funding records, and what their articles (/work/shared/seeds/) say of who may take part:
// - perspektywa-finansowa-2014-2020 (article 001, 16 March 2015): the "new financial perspective 2014-2020", whose
//   financing options for medical projects were presented at Lubelska Medycyna's inauguration, end of February 2015.
//   Open to PL (the record's eligible country), running 2014 to 2020.
// - wsparcie-rozwoju-gospodarczego-...-bialorus (article 004): a project "supporting economic development at the
//   local level in the Republic of Belarus", EU-financed within UNDP. Open to BY; no dates.
// - EU4Business and its COVID-19 БІЗНЕС-КЛІНІКА initiative (article 000): the article says who funds and runs it, and
//   that entrepreneurs "from different regions of Ukraine" came to its forum, but not who may take part: every rule UNKNOWN.
// No article names eligible kinds of organisation, sectors of a programme, or a deadline: KIND, SECTOR and DEADLINE
// are UNKNOWN throughout (and a programme has no deadline of its own).
const PERSPEKTYWA = "perspektywa-finansowa-2014-2020";
const BELARUS = "wsparcie-rozwoju-gospodarczego-na-poziomie-lokalnym-w-republice-bialorus";
const EU4BUSINESS = "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp";
const CLINIC = "covid-19-biznes-klinika";

const RANKED = /* GraphQL */ `
  fragment Ranked on FundingMatches {
    asOf country kind sectors
    matches { programme { id } opportunity { id } passed failed unknown failedRule }
    nearMisses { programme { id } opportunity { id } passed failed unknown failedRule }
  }
`;
const match = (programme: string, opportunity: string | null, passed: number, unknown: number) => ({
  programme: { id: programme }, opportunity: opportunity && { id: opportunity }, passed, failed: 0, unknown, failedRule: null,
});
const nearMiss = (programme: string, failedRule: string, passed: number) => ({
  programme: { id: programme }, opportunity: null, passed, failed: 1, unknown: 4 - passed, failedRule,
});
// EU4Business and its initiative: nothing known, nothing failed. The opportunity ranks before its programme.
const SILENT = [match(EU4BUSINESS, CLINIC, 0, 5), match(EU4BUSINESS, null, 0, 5)];

describe("which calls fit this cluster, and why (issue 18)", () => {
  it("finds the 2014-2020 perspective for Lubelska Medycyna on the day its inauguration was reported, as article 001 tells", async () => {
    const data = await graph.data(/* GraphQL */ `
      query LubelskaMedycyna2015 { cluster(id: "lubelska-medycyna") { fundingMatches(asOf: "2015-03-16") { ...Ranked } } }
      ${RANKED}
    `);
    expect(data.cluster.fundingMatches).toEqual({
      asOf: "2015-03-16",
      country: "PL",
      kind: null,
      sectors: ["branża medyczna", "branża prozdrowotna", "turystyka medyczna"],
      // PL is eligible and 2014-2020 is running: two rules PASSED, the best match.
      matches: [match(PERSPEKTYWA, null, 2, 3), ...SILENT],
      // A Polish cluster is not in Belarus: the Belarusian project fails on its country alone.
      nearMisses: [nearMiss(BELARUS, "COUNTRY", 0)],
    });
  });

  it("moves the perspective to the near misses once it has ended, naming the rule that failed", async () => {
    const data = await graph.data(/* GraphQL */ `
      query LubelskaMedycynaNow { cluster(id: "lubelska-medycyna") { fundingMatches(asOf: "2026-12-07") { ...Ranked } } }
      ${RANKED}
    `);
    expect(data.cluster.fundingMatches.matches).toEqual(SILENT);
    expect(data.cluster.fundingMatches.nearMisses).toEqual([nearMiss(PERSPEKTYWA, "PROGRAMME_STATUS", 1), nearMiss(BELARUS, "COUNTRY", 0)]);
  });

  it("explains each rule with the facts compared and the sources behind both sides", async () => {
    const data = await graph.data(/* GraphQL */ `
      query WhyPerspective {
        cluster(id: "lubelska-medycyna") {
          fundingMatches(asOf: "2026-12-07") {
            nearMisses {
              programme { id }
              judgements { rule outcome reason applicantValues fundingValues fundingValuesFrom applicantSources { id } fundingSources { id } }
            }
          }
        }
      }
    `);
    const perspective = data.cluster.fundingMatches.nearMisses.find((m: { programme: { id: string } }) => m.programme.id === PERSPEKTYWA);
    const cited = { fundingSources: [{ id: "lubelska-medycyna-inauguration" }] };
    const cluster = { applicantSources: [{ id: "lubelska-medycyna-inauguration" }, { id: "lublin-clusters-promise" }] };
    expect(perspective.judgements).toEqual([
      {
        rule: "COUNTRY", outcome: "PASSED", reason: "The cluster's country, PL, is among the countries the programme is open to (PL).",
        applicantValues: ["PL"], fundingValues: ["PL"], fundingValuesFrom: "PROGRAMME", ...cluster, ...cited,
      },
      {
        rule: "KIND", outcome: "UNKNOWN", reason: "No source says which kinds of organisation the programme is open to.",
        applicantValues: [], fundingValues: [], fundingValuesFrom: null, ...cluster, ...cited,
      },
      {
        rule: "SECTOR", outcome: "UNKNOWN", reason: "No source names the sectors the programme is for.",
        applicantValues: ["branża medyczna", "branża prozdrowotna", "turystyka medyczna"], fundingValues: [], fundingValuesFrom: null, ...cluster, ...cited,
      },
      {
        rule: "DEADLINE", outcome: "UNKNOWN", reason: "A programme has no application deadline of its own: its opportunities carry them.",
        applicantValues: ["2026-12-07"], fundingValues: [], fundingValuesFrom: null, applicantSources: [], fundingSources: [],
      },
      {
        rule: "PROGRAMME_STATUS", outcome: "FAILED", reason: "The programme ended in 2020, before 2026-12-07.",
        applicantValues: ["2026-12-07"], fundingValues: ["start 2014", "end 2020"], fundingValuesFrom: "PROGRAMME", applicantSources: [], ...cited,
      },
    ]);
  });

  it("leaves out what fails twice: the Lviv cluster is neither in Poland nor judged before 2020's end", async () => {
    const data = await graph.data(/* GraphQL */ `
      query LvivNow { cluster(id: "medychnyi-klaster-lvivshchyny") { fundingMatches(asOf: "2026-12-07") { ...Ranked } } }
      ${RANKED}
    `);
    // Article 000: the cluster grew out of a forum of the COVID-19 БІЗНЕС-КЛІНІКА initiative; the data says nothing against it.
    expect(data.cluster.fundingMatches.matches).toEqual(SILENT);
    expect(data.cluster.fundingMatches.nearMisses).toEqual([nearMiss(BELARUS, "COUNTRY", 0)]);
  });

  it("ranks the Belarusian project first for the Belarusian ministry, which article 004 puts in its study visit", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Ministry {
        organisation(id: "ministerstwo-gospodarki-republiki-bialorus") {
          funding { role programme { id } }
          fundingMatches(asOf: "2026-12-07") { ...Ranked }
        }
      }
      ${RANKED}
    `);
    expect(data.organisation.funding).toEqual([{ role: "BENEFICIARY", programme: { id: BELARUS } }]);
    expect(data.organisation.fundingMatches).toEqual({
      asOf: "2026-12-07",
      country: "BY",
      kind: "PUBLIC_AUTHORITY",
      // The graph keeps no sectors for organisations: null, and SECTOR is UNKNOWN.
      sectors: null,
      matches: [match(BELARUS, null, 1, 4), ...SILENT],
      // The perspective fails twice (BY is not PL, and it ended in 2020): left out.
      nearMisses: [],
    });
  });

  it("judges an international body without a country as UNKNOWN by country, never as passed", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Undp { organisation(id: "undp") { fundingMatches(asOf: "2015-03-16") { matches { programme { id } judgements { rule outcome reason } } } } }
    `);
    const belarus = data.organisation.fundingMatches.matches.find((m: { programme: { id: string } }) => m.programme.id === BELARUS);
    expect(belarus.judgements[0]).toEqual({
      rule: "COUNTRY", outcome: "UNKNOWN", reason: "The organisation has no country in the graph (an international body), so it cannot be judged by country.",
    });
  });

  it("answers the same for an organisation not in the graph yet", async () => {
    const data = await graph.data(/* GraphQL */ `
      query Prospect {
        belarusian: fundingMatchesFor(country: BY, kind: NGO, sectors: ["obróbka metali"], asOf: "2026-12-07") { ...Ranked }
        polish: fundingMatchesFor(country: PL, kind: COMPANY, asOf: "2015-03-16") { ...Ranked }
      }
      ${RANKED}
    `);
    expect(data.belarusian).toEqual({
      asOf: "2026-12-07", country: "BY", kind: "NGO", sectors: ["obróbka metali"], matches: [match(BELARUS, null, 1, 4), ...SILENT], nearMisses: [],
    });
    expect(data.polish).toEqual({
      asOf: "2015-03-16", country: "PL", kind: "COMPANY", sectors: [], matches: [match(PERSPEKTYWA, null, 2, 3), ...SILENT], nearMisses: [nearMiss(BELARUS, "COUNTRY", 0)],
    });
  });

  it("judges today when no day is given", async () => {
    const day = () => new Date().toISOString().slice(0, 10);
    const before = day();
    const data = await graph.data(/* GraphQL */ `query Today { fundingMatchesFor(country: UA, kind: COMPANY) { asOf } }`);
    // The day before and after the request: the same one unless it crossed midnight (UTC).
    expect([before, day()]).toContain(data.fundingMatchesFor.asOf);
  });

  it("reads the funding records once per request, however many clusters and members are judged", async () => {
    const query = /* GraphQL */ `
      query EveryClustersMatches($first: Int!) {
        clusters(first: $first) {
          nodes {
            fundingMatches(asOf: "2026-12-07") { matches { programme { name } judgements { fundingSources { title } } } nearMisses { failedRule } }
            memberships { organisation { fundingMatches(asOf: "2026-12-07") { matches { opportunity { title } } nearMisses { programme { name } } } } }
          }
        }
      }
    `;
    const one = await statementsFor(graph, query, { first: 1 });
    const all = await statementsFor(graph, query, { first: 8 });
    expect(one.funding).toBeGreaterThan(0);
    expect(all).toEqual(one);
    console.info(`SQL statements for the matches of 1 and 8 clusters and their members: ${JSON.stringify(one)}; ${JSON.stringify(all)}`);
  });
});
