import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";
import { OrganisationKind } from "../../../lib/records/organisation-kind";
import { Source } from "../../../lib/records/sources";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../programme/funding-programme.entity";

/** The rules every funding match is judged on, in the order its judgements list them (docs/funding-matches.md). */
export enum FundingRule {
  COUNTRY = "COUNTRY",
  KIND = "KIND",
  SECTOR = "SECTOR",
  DEADLINE = "DEADLINE",
  PROGRAMME_STATUS = "PROGRAMME_STATUS",
}

registerEnumType(FundingRule, {
  name: "FundingRule",
  description: "A rule a funding programme or opportunity is judged on for a cluster or organisation.",
  valuesConfig: {
    COUNTRY: { description: "The applicant's country is among the countries the opportunity (or else its programme) is open to." },
    KIND: { description: "The applicant's kind of organisation is among the kinds the opportunity or programme is open to." },
    SECTOR: { description: "The applicant's sectors and the opportunity's (or else its programme's) share at least one, compared as written in any alphabet and case, never translated." },
    DEADLINE: { description: "The opportunity's deadline has not passed on the day judged, and its status is not CLOSED. A programme has no deadline of its own: UNKNOWN." },
    PROGRAMME_STATUS: { description: "The programme has not ended on the day judged: its end date is that day or later, or its start is still to come." },
  },
});

export enum FundingRuleOutcome {
  PASSED = "PASSED",
  FAILED = "FAILED",
  UNKNOWN = "UNKNOWN",
}

registerEnumType(FundingRuleOutcome, {
  name: "FundingRuleOutcome",
  description: "What the data says of one rule. UNKNOWN is never PASSED: nothing is guessed where the data is silent.",
  valuesConfig: {
    PASSED: { description: "The facts on both sides are known and meet the rule." },
    FAILED: { description: "The facts on both sides are known and break the rule." },
    UNKNOWN: { description: "A fact on one side is missing: no source says it." },
  },
});

export enum FundingRecordKind {
  PROGRAMME = "PROGRAMME",
  OPPORTUNITY = "OPPORTUNITY",
}

registerEnumType(FundingRecordKind, {
  name: "FundingRecordKind",
  description: "Which funding record a judged value comes from.",
  valuesConfig: {
    PROGRAMME: { description: "The funding programme." },
    OPPORTUNITY: { description: "The funding opportunity within the programme." },
  },
});

@ObjectType({ description: "How one rule judged one funding programme or opportunity for the applicant: the outcome, the reason, the facts compared and the sources behind them." })
export class FundingRuleJudgement {
  @Field(_type => FundingRule, { description: "The rule." })
  rule!: FundingRule;

  @Field(_type => FundingRuleOutcome, { description: "PASSED, FAILED or UNKNOWN (the data does not say)." })
  outcome!: FundingRuleOutcome;

  @Field({ description: "Why, in one English sentence naming the facts compared." })
  reason!: string;

  @Field(_type => [String], { description: "The applicant's values the rule compared: its country, kind or sectors; for DEADLINE and PROGRAMME_STATUS the day judged. Empty when the applicant's record does not say." })
  applicantValues!: string[];

  @Field(_type => [String], { description: "The funding record's values the rule compared: eligible countries, sectors, the deadline and status, the programme's start and end (`start 2014`, `end 2020`). Empty when no source says." })
  fundingValues!: string[];

  @Field(_type => FundingRecordKind, { nullable: true, description: "Which record `fundingValues` come from: the opportunity's own, or its programme's when the opportunity says nothing; null when neither says." })
  fundingValuesFrom?: FundingRecordKind | null;

  @Field(_type => [Source], { description: "The sources of the applicant's record behind `applicantValues`; empty for the date rules and for `fundingMatchesFor`." })
  applicantSources!: Source[];

  /** Sources of the funding records the values were read from (or, when they say nothing, the records consulted). */
  fundingSourceIds!: string[];
}

@ObjectType({ description: "A funding programme or opportunity judged for a cluster or organisation: every rule with its outcome, and the counts the ranking uses." })
export class FundingMatch {
  @Field(_type => FundingProgramme, { description: "The programme: the one judged, or the one the judged opportunity belongs to." })
  programme!: FundingProgramme;

  @Field(_type => FundingOpportunity, { nullable: true, description: "The opportunity judged; null when the programme itself is judged." })
  opportunity?: FundingOpportunity | null;

  @Field(_type => Int, { description: "How many rules PASSED." })
  passed!: number;

  @Field(_type => Int, { description: "How many rules FAILED: 0 for a match, 1 for a near miss." })
  failed!: number;

  @Field(_type => Int, { description: "How many rules are UNKNOWN: the data does not say." })
  unknown!: number;

  @Field(_type => FundingRule, { nullable: true, description: "The one rule a near miss FAILED; null for a match." })
  failedRule?: FundingRule | null;

  @Field(_type => PartialDate, { nullable: true, description: "The opportunity's deadline, where a source gives one: the ranking's third key." })
  deadline?: string | null;

  @Field(_type => [FundingRuleJudgement], { description: "Every rule, in the order of `FundingRule`, with its outcome and reason." })
  judgements!: FundingRuleJudgement[];
}

@ObjectType({
  description:
    "The funding programmes and opportunities judged for one cluster, organisation or prospective applicant. Ranked: most rules PASSED first, then fewest UNKNOWN, then the earliest deadline (none last), opportunities before programmes, then by id. Deterministic: the same data and day give the same answer.",
})
export class FundingMatches {
  @Field(_type => PartialDate, { description: "The day deadlines and programme dates were judged against (YYYY-MM-DD): `asOf` if given, else today (UTC)." })
  asOf!: string;

  @Field(_type => CountryCode, { nullable: true, description: "The applicant's country as judged; null when its record has none." })
  country?: CountryCode | null;

  @Field(_type => OrganisationKind, { nullable: true, description: "The applicant's kind of organisation as judged; null for a cluster, which has none." })
  kind?: OrganisationKind | null;

  @Field(_type => [String], { nullable: true, description: "The applicant's sectors as judged; null when the graph keeps no sectors for its kind of record (organisations)." })
  sectors?: string[] | null;

  @Field(_type => [FundingMatch], { description: "Programmes and opportunities with no rule FAILED, best first." })
  matches!: FundingMatch[];

  @Field(_type => [FundingMatch], { description: "Near misses: exactly one rule FAILED (`failedRule`), best first. Those with two or more FAILED are left out." })
  nearMisses!: FundingMatch[];
}
