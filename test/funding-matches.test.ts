import { describe, expect, it } from "vitest";
import { CountryCode } from "../lib/records/country";
import { OrganisationKind } from "../lib/records/organisation-kind";
import { type Applicant, type Candidate, fundingMatchesOf, judge, lastDay } from "../services/funding/matches/funding-match.rules";
import { FundingRule } from "../services/funding/matches/funding-match.types";
import { FundingOpportunity, FundingOpportunityStatus } from "../services/funding/opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../services/funding/programme/funding-programme.entity";

// The rules on records a partner could write: the sample data leaves most facts empty (test/funding-matches.int.test.ts).
const programme = (fields: Partial<FundingProgramme> = {}) => Object.assign(new FundingProgramme(), { id: "programme", name: "Programme", sourceIds: ["call-text"], ...fields });
const opportunity = (fields: Partial<FundingOpportunity> = {}) =>
  Object.assign(new FundingOpportunity(), { id: "call", programmeId: "programme", title: "Call", sourceIds: ["call-notice"], ...fields });

const biotechCluster: Applicant = { noun: "cluster", country: CountryCode.PL, kind: null, sectors: ["Biotechnologia", "farmacja"], sources: [] };
const ukrainianCompany: Applicant = { noun: "applicant", country: CountryCode.UA, kind: OrganisationKind.COMPANY, sectors: [], sources: [] };
const DAY = "2026-12-07";

const outcomes = (applicant: Applicant, candidate: Candidate) =>
  Object.fromEntries(judge(applicant, candidate, DAY).judgements.map(j => [j.rule, j.outcome]));

describe("the rules a funding match is judged on", () => {
  it("passes what both sides state and agree on, and reads the programme's facts where the opportunity says nothing", () => {
    const open = programme({ eligibleCountries: [CountryCode.PL, CountryCode.UA], sectors: ["biotechnologia"], startDate: "2021", endDate: "2027" });
    const call = opportunity({ eligibleKinds: [OrganisationKind.COMPANY], deadline: "2027-03", status: FundingOpportunityStatus.OPEN });
    expect(outcomes(biotechCluster, { programme: open, opportunity: call })).toEqual({
      COUNTRY: "PASSED", KIND: "UNKNOWN", SECTOR: "PASSED", DEADLINE: "PASSED", PROGRAMME_STATUS: "PASSED",
    });
    const sector = judge(biotechCluster, { programme: open, opportunity: call }, DAY).judgements.find(j => j.rule === FundingRule.SECTOR)!;
    // Compared in any case and alphabet: "Biotechnologia" meets "biotechnologia"; the values come from the programme.
    expect(sector).toEqual(expect.objectContaining({ fundingValues: ["biotechnologia"], fundingValuesFrom: "PROGRAMME", fundingSourceIds: ["call-text"], reason: expect.stringContaining("share Biotechnologia") }));
    expect(outcomes(ukrainianCompany, { programme: open, opportunity: call })).toEqual({
      COUNTRY: "PASSED", KIND: "PASSED", SECTOR: "UNKNOWN", DEADLINE: "PASSED", PROGRAMME_STATUS: "PASSED",
    });
  });

  it("fails what both sides state and disagree on", () => {
    const closed = programme({ eligibleCountries: [CountryCode.BY], eligibleKinds: [OrganisationKind.NGO], sectors: ["budownictwo"], endDate: "2020" });
    expect(outcomes(ukrainianCompany, { programme: closed, opportunity: opportunity({ deadline: "2026-12-06" }) })).toEqual({
      COUNTRY: "FAILED", KIND: "FAILED", SECTOR: "UNKNOWN", DEADLINE: "FAILED", PROGRAMME_STATUS: "FAILED",
    });
    expect(outcomes(biotechCluster, { programme: closed, opportunity: opportunity({ status: FundingOpportunityStatus.CLOSED, deadline: "2030" }) })).toMatchObject({
      SECTOR: "FAILED", DEADLINE: "FAILED",
    });
  });

  it("never passes where the data is silent: an empty list, a missing date, or a status without a deadline is UNKNOWN", () => {
    const silent = { programme: programme({ startDate: "2014" }), opportunity: opportunity({ status: FundingOpportunityStatus.OPEN }) };
    expect(outcomes(ukrainianCompany, silent)).toEqual({ COUNTRY: "UNKNOWN", KIND: "UNKNOWN", SECTOR: "UNKNOWN", DEADLINE: "UNKNOWN", PROGRAMME_STATUS: "UNKNOWN" });
    const international: Applicant = { noun: "organisation", country: null, kind: OrganisationKind.INTERNATIONAL_ORGANISATION, sectors: null, sources: [] };
    expect(outcomes(international, { programme: programme({ eligibleCountries: [CountryCode.PL], sectors: ["farmacja"] }), opportunity: null })).toMatchObject({
      COUNTRY: "UNKNOWN", SECTOR: "UNKNOWN", DEADLINE: "UNKNOWN",
    });
  });

  it("counts a deadline or an end as open until the last day it names, and a programme still to start as not ended", () => {
    expect([lastDay("2020"), lastDay("2024-02"), lastDay("2023-02"), lastDay("2026-12-07")]).toEqual(["2020-12-31", "2024-02-29", "2023-02-28", "2026-12-07"]);
    expect(outcomes(ukrainianCompany, { programme: programme({ startDate: "2027", endDate: null }), opportunity: opportunity({ deadline: "2026-12" }) })).toMatchObject({
      DEADLINE: "PASSED", PROGRAMME_STATUS: "PASSED",
    });
  });

  it("lists matches and near misses apart, ranked by passed, unknown, deadline, then kind and id; two failures are left out", () => {
    const pl = programme({ id: "b-pl", eligibleCountries: [CountryCode.PL] });
    const by = programme({ id: "a-by", eligibleCountries: [CountryCode.BY] });
    const ended = programme({ id: "c-ended", eligibleCountries: [CountryCode.BY], endDate: "2020" });
    const silent = programme({ id: "d-silent" });
    const candidates: Candidate[] = [
      { programme: silent, opportunity: null },
      { programme: ended, opportunity: null },
      { programme: by, opportunity: null },
      { programme: pl, opportunity: opportunity({ id: "late", programmeId: "b-pl", deadline: "2028" }) },
      { programme: pl, opportunity: opportunity({ id: "soon", programmeId: "b-pl", deadline: "2027-01" }) },
      { programme: pl, opportunity: null },
    ];
    const answer = fundingMatchesOf(biotechCluster, candidates, DAY);
    const names = (list: typeof answer.matches) => list.map(m => `${m.programme.id}/${m.opportunity?.id ?? "-"}:${m.failedRule ?? ""}`);
    expect(names(answer.matches)).toEqual(["b-pl/soon:", "b-pl/late:", "b-pl/-:", "d-silent/-:"]);
    expect(names(answer.nearMisses)).toEqual(["a-by/-:COUNTRY"]);
    expect(fundingMatchesOf(biotechCluster, [...candidates].reverse(), DAY)).toEqual(answer);
  });
});
