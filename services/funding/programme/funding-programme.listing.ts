import type { EntityManager } from "@mikro-orm/postgresql";
import { dateRange, sortOf, sql, type Listing, type SortKey } from "../../../lib/subgraph/listing";
import { findSearchHits, searchFilter } from "../../../lib/records/search";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import type { FundingOpportunityFilter, FundingOpportunityOrder } from "../opportunity/funding-opportunity.inputs";
import { FundingProgramme } from "./funding-programme.entity";
import type { FundingProgrammeFilter, FundingProgrammeOrder } from "./funding-programme.inputs";

const PROGRAMME_SORT_KEYS: Record<string, SortKey | null> = {
  ID: null,
  NAME: { expression: "lower(t.name)", type: "text" },
  START_DATE: { expression: "t.start_date", type: "text" },
  END_DATE: { expression: "t.end_date", type: "text" },
};

const OPPORTUNITY_SORT_KEYS: Record<string, SortKey | null> = {
  ID: null,
  TITLE: { expression: "lower(t.title)", type: "text" },
  DEADLINE: { expression: "t.deadline", type: "text" },
  STATUS: { expression: "t.status", type: "text" },
};

const sector = (value: string | undefined) =>
  value ? [sql("exists (select 1 from unnest(t.sectors) s where lower(s) = lower(?))", value)] : [];

// An empty list means no source says which countries are eligible: unknown, so a country filter keeps the record.
const eligible = (country: string | undefined, countries: string[] | undefined) => [
  ...(country ? [sql("(t.eligible_countries = '{}' or t.eligible_countries @> array[?]::text[])", [country])] : []),
  ...(countries?.length ? [sql("(t.eligible_countries = '{}' or t.eligible_countries && array[?]::text[])", countries)] : []),
];

/** The SQL of a `fundingProgrammes` list. */
export function programmeListing(filter: FundingProgrammeFilter | null, orderBy: InstanceType<typeof FundingProgrammeOrder> | null): Listing {
  return {
    table: "funding_programme",
    conditions: [
      ...eligible(filter?.country, filter?.countries),
      ...sector(filter?.sector),
      ...dateRange("t.start_date", "t.end_date", filter?.period, "filter.period"),
      ...searchFilter(filter?.search),
    ],
    ...sortOf(PROGRAMME_SORT_KEYS, orderBy),
  };
}

/** The SQL of a `fundingOpportunities` list. */
export function opportunityListing(filter: FundingOpportunityFilter | null, orderBy: InstanceType<typeof FundingOpportunityOrder> | null): Listing {
  return {
    table: "funding_opportunity",
    conditions: [
      ...eligible(filter?.country, filter?.countries),
      ...(filter?.status ? [sql("t.status = ?", filter.status)] : []),
      ...(filter?.statuses?.length ? [sql("t.status in (?)", filter.statuses)] : []),
      ...dateRange("t.deadline", "t.deadline", filter?.deadline, "filter.deadline"),
      ...sector(filter?.sector),
      ...searchFilter(filter?.search),
    ],
    ...sortOf(OPPORTUNITY_SORT_KEYS, orderBy),
  };
}

/** Funding programmes by name, English name or alias in any alphabet, best first. */
export const searchFundingProgrammes = (em: EntityManager, query: string, first: number) =>
  findSearchHits(em, FundingProgramme, "funding_programme", query, first);

/** Funding opportunities by title in any alphabet, best first. */
export const searchFundingOpportunities = (em: EntityManager, query: string, first: number) =>
  findSearchHits(em, FundingOpportunity, "funding_opportunity", query, first);
