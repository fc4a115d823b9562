import type { EntityManager } from "@mikro-orm/postgresql";
import { dateRange, sortOf, sql, type Listing, type SortKey } from "../../../lib/subgraph/listing";
import { findSearchHits, searchFilter } from "../../../lib/records/search";
import { Partnership } from "./partnership.entity";
import type { PartnershipFilter, PartnershipOrder } from "./partnership.inputs";

const SORT_KEYS: Record<string, SortKey | null> = {
  ID: null,
  TITLE: { expression: "lower(t.title)", type: "text" },
  START_DATE: { expression: "t.start_date", type: "text" },
  KIND: { expression: "t.kind", type: "text" },
};

/** The SQL of a `partnerships` list: its filter as conditions over `t` (countries through the GIN index), and its sort. */
export function partnershipListing(filter: PartnershipFilter | null, orderBy: InstanceType<typeof PartnershipOrder> | null): Listing {
  const allOf = [...(filter?.countries ?? []), ...(filter?.country ? [filter.country] : [])];
  return {
    table: "partnership",
    conditions: [
      ...(allOf.length ? [sql("t.countries @> array[?]::text[]", allOf)] : []),
      ...(filter?.anyOfCountries?.length ? [sql("t.countries && array[?]::text[]", filter.anyOfCountries)] : []),
      ...(filter?.kind ? [sql("t.kind = ?", filter.kind)] : []),
      ...(filter?.kinds?.length ? [sql("t.kind in (?)", filter.kinds)] : []),
      ...(filter?.status ? [sql("t.status = ?", filter.status)] : []),
      ...dateRange("t.start_date", "t.end_date", filter?.period, "filter.period"),
      ...searchFilter(filter?.search),
    ],
    ...sortOf(SORT_KEYS, orderBy),
  };
}

/** Partnerships by title or place in any alphabet, best first. */
export const searchPartnerships = (em: EntityManager, query: string, first: number) =>
  findSearchHits(em, Partnership, "partnership", query, first);
