import type { CountryCode } from "../../../lib/records/country";
import type { OrganisationKind } from "../../../lib/records/organisation-kind";
import { normaliseSearchText } from "../../../lib/records/search";
import type { Source } from "../../../lib/records/sources";
import type { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import type { FundingProgramme } from "../programme/funding-programme.entity";
import { FundingMatch, FundingMatches, FundingRecordKind, FundingRule, FundingRuleJudgement, FundingRuleOutcome } from "./funding-match.types";

const { PASSED, FAILED, UNKNOWN } = FundingRuleOutcome;

/** Who is judged: the facts of a cluster, an organisation or a prospective applicant, and the sources behind them. */
export interface Applicant {
  /** How reasons name it: "cluster", "organisation" or "applicant". */
  noun: string;
  country: CountryCode | null;
  kind: OrganisationKind | null;
  /** Null when the graph keeps no sectors for this kind of record (organisations). */
  sectors: string[] | null;
  sources: Source[];
}

/** One thing to judge: a programme, or an opportunity with its programme. */
export interface Candidate {
  programme: FundingProgramme;
  opportunity: FundingOpportunity | null;
}

/** The first day of a partial date: `2014` → `2014-01-01`. */
export function firstDay(date: string): string {
  return date.length === 4 ? `${date}-01-01` : date.length === 7 ? `${date}-01` : date;
}

/** The last day of a partial date: `2020` → `2020-12-31`, `2024-02` → `2024-02-29`. */
export function lastDay(date: string): string {
  if (date.length === 4) return `${date}-12-31`;
  if (date.length === 7) {
    const days = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)), 0)).getUTCDate();
    return `${date}-${String(days).padStart(2, "0")}`;
  }
  return date;
}

/** Today in UTC, as the day judged when a query gives none. */
export const today = () => new Date().toISOString().slice(0, 10);

const list = (values: readonly string[]) => values.join(", ");

/** The values a rule reads from the opportunity when it has any, else from its programme: where they came from and who cites them. */
function ownOrProgramme(
  candidate: Candidate,
  read: (record: FundingProgramme | FundingOpportunity) => string[],
): { values: string[]; from: FundingRecordKind | null; sourceIds: string[]; what: string } {
  const { opportunity, programme } = candidate;
  if (opportunity && read(opportunity).length) return { values: read(opportunity), from: FundingRecordKind.OPPORTUNITY, sourceIds: opportunity.sourceIds, what: "the opportunity" };
  if (read(programme).length) return { values: read(programme), from: FundingRecordKind.PROGRAMME, sourceIds: programme.sourceIds, what: opportunity ? "its programme" : "the programme" };
  return { values: [], from: null, sourceIds: [...new Set([...(opportunity?.sourceIds ?? []), ...programme.sourceIds])], what: opportunity ? "the opportunity or its programme" : "the programme" };
}

type Judged = Omit<FundingRuleJudgement, "rule">;

/** COUNTRY and KIND: the applicant's one value against the list the opportunity (or else its programme) is open to. */
function eligibility(
  applicant: Applicant,
  candidate: Candidate,
  value: string | null,
  read: (record: FundingProgramme | FundingOpportunity) => string[],
  { fact, plural, unknown }: { fact: string; plural: string; unknown: string },
): Judged {
  const open = ownOrProgramme(candidate, read);
  const facts = { applicantValues: value ? [value] : [], fundingValues: open.values, fundingValuesFrom: open.from, applicantSources: applicant.sources, fundingSourceIds: open.sourceIds };
  if (!open.values.length) return { ...facts, outcome: UNKNOWN, reason: `No source says which ${plural} ${open.what} is open to.` };
  if (!value) return { ...facts, outcome: UNKNOWN, reason: unknown };
  const eligible = open.values.includes(value);
  const reason = `The ${applicant.noun}'s ${fact}, ${value}, is ${eligible ? "" : "not "}among the ${plural} ${open.what} is open to (${list(open.values)}).`;
  return { ...facts, outcome: eligible ? PASSED : FAILED, reason };
}

const country = (applicant: Applicant, candidate: Candidate) =>
  eligibility(applicant, candidate, applicant.country, record => record.eligibleCountries, {
    fact: "country",
    plural: "countries",
    unknown: `The ${applicant.noun} has no country in the graph (an international body), so it cannot be judged by country.`,
  });

const kind = (applicant: Applicant, candidate: Candidate) =>
  eligibility(applicant, candidate, applicant.kind, record => record.eligibleKinds, {
    fact: "kind",
    plural: "kinds of organisation",
    unknown: `A ${applicant.noun} has no kind of organisation in the graph, so it cannot be judged by kind.`,
  });

function sector(applicant: Applicant, candidate: Candidate): Judged {
  const wanted = ownOrProgramme(candidate, record => record.sectors);
  const facts = { applicantValues: applicant.sectors ?? [], fundingValues: wanted.values, fundingValuesFrom: wanted.from, applicantSources: applicant.sources, fundingSourceIds: wanted.sourceIds };
  if (!wanted.values.length) return { ...facts, outcome: UNKNOWN, reason: `No source names the sectors ${wanted.what} is for.` };
  if (applicant.sectors === null) return { ...facts, outcome: UNKNOWN, reason: `The graph keeps no sectors for an ${applicant.noun}.` };
  if (!applicant.sectors.length) return { ...facts, outcome: UNKNOWN, reason: `No sectors are known for the ${applicant.noun}.` };
  const theirs = new Set(wanted.values.map(normaliseSearchText));
  const shared = applicant.sectors.filter(s => theirs.has(normaliseSearchText(s)));
  return shared.length
    ? { ...facts, outcome: PASSED, reason: `The ${applicant.noun}'s sectors and those of ${wanted.what} share ${list(shared)}.` }
    : { ...facts, outcome: FAILED, reason: `None of the ${applicant.noun}'s sectors (${list(applicant.sectors)}) is among those of ${wanted.what} (${list(wanted.values)}), compared as written, not translated.` };
}

function deadline(candidate: Candidate, asOf: string): Judged {
  const { opportunity } = candidate;
  const facts = { applicantValues: [asOf], fundingValues: [] as string[], fundingValuesFrom: null as FundingRecordKind | null, applicantSources: [], fundingSourceIds: [] as string[] };
  if (!opportunity) return { ...facts, outcome: UNKNOWN, reason: "A programme has no application deadline of its own: its opportunities carry them." };
  const values = [...(opportunity.deadline ? [`deadline ${opportunity.deadline}`] : []), ...(opportunity.status ? [`status ${opportunity.status}`] : [])];
  const known = { ...facts, fundingValues: values, fundingValuesFrom: values.length ? FundingRecordKind.OPPORTUNITY : null, fundingSourceIds: opportunity.sourceIds };
  if (opportunity.status === "CLOSED") return { ...known, outcome: FAILED, reason: "The opportunity's status is CLOSED: it is no longer open." };
  if (opportunity.deadline)
    return lastDay(opportunity.deadline) >= asOf
      ? { ...known, outcome: PASSED, reason: `The deadline, ${opportunity.deadline}, has not passed on ${asOf}.` }
      : { ...known, outcome: FAILED, reason: `The deadline, ${opportunity.deadline}, passed before ${asOf}.` };
  return {
    ...known,
    outcome: UNKNOWN,
    reason: opportunity.status
      ? `No source gives a deadline; the status ${opportunity.status} is what its source saw, not what holds on ${asOf}.`
      : "No source gives the opportunity's deadline or status.",
  };
}

function programmeStatus(candidate: Candidate, asOf: string): Judged {
  const { startDate, endDate, sourceIds } = candidate.programme;
  const values = [...(startDate ? [`start ${startDate}`] : []), ...(endDate ? [`end ${endDate}`] : [])];
  const facts = { applicantValues: [asOf], fundingValues: values, fundingValuesFrom: values.length ? FundingRecordKind.PROGRAMME : null, applicantSources: [], fundingSourceIds: sourceIds };
  if (endDate)
    return lastDay(endDate) >= asOf
      ? { ...facts, outcome: PASSED, reason: `The programme runs until ${endDate}, which has not passed on ${asOf}.` }
      : { ...facts, outcome: FAILED, reason: `The programme ended in ${endDate}, before ${asOf}.` };
  if (startDate && firstDay(startDate) > asOf) return { ...facts, outcome: PASSED, reason: `The programme starts in ${startDate}, after ${asOf}: it is still to come.` };
  return { ...facts, outcome: UNKNOWN, reason: startDate ? `The programme started in ${startDate}; no source says when it ends.` : "No source gives the programme's start or end." };
}

/** Judges one candidate for the applicant on every rule, in the order of `FundingRule`. */
export function judge(applicant: Applicant, candidate: Candidate, asOf: string): FundingMatch {
  const judged: [FundingRule, Judged][] = [
    [FundingRule.COUNTRY, country(applicant, candidate)],
    [FundingRule.KIND, kind(applicant, candidate)],
    [FundingRule.SECTOR, sector(applicant, candidate)],
    [FundingRule.DEADLINE, deadline(candidate, asOf)],
    [FundingRule.PROGRAMME_STATUS, programmeStatus(candidate, asOf)],
  ];
  const judgements = judged.map(([rule, judgement]) => ({ rule, ...judgement }));
  const count = (outcome: FundingRuleOutcome) => judgements.filter(j => j.outcome === outcome).length;
  const failed = judgements.filter(j => j.outcome === FAILED);
  return {
    programme: candidate.programme,
    opportunity: candidate.opportunity,
    passed: count(PASSED),
    failed: failed.length,
    unknown: count(UNKNOWN),
    failedRule: failed.length === 1 ? failed[0].rule : null,
    deadline: candidate.opportunity?.deadline ?? null,
    judgements,
  };
}

// By code unit, not locale: the same order on every machine (localeCompare may skip hyphens).
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The documented ranking: most PASSED, fewest UNKNOWN, earliest deadline (none last), opportunities first, then by id. */
export function byRank(a: FundingMatch, b: FundingMatch): number {
  return (
    b.passed - a.passed ||
    a.unknown - b.unknown ||
    (a.deadline ? (b.deadline ? compare(firstDay(a.deadline), firstDay(b.deadline)) : -1) : b.deadline ? 1 : 0) ||
    Number(!a.opportunity) - Number(!b.opportunity) ||
    compare(a.programme.id, b.programme.id) ||
    compare(a.opportunity?.id ?? "", b.opportunity?.id ?? "")
  );
}

/** Every candidate judged for the applicant on `asOf`: the matches (none FAILED) and near misses (one FAILED), ranked. */
export function fundingMatchesOf(applicant: Applicant, candidates: readonly Candidate[], asOf: string): FundingMatches {
  const judged = candidates.map(candidate => judge(applicant, candidate, asOf)).sort(byRank);
  return {
    asOf,
    country: applicant.country,
    kind: applicant.kind,
    sectors: applicant.sectors,
    matches: judged.filter(match => match.failed === 0),
    nearMisses: judged.filter(match => match.failed === 1),
  };
}
