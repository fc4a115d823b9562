import type { EntityManager } from "@mikro-orm/postgresql";
import { sortOf, sql, type Listing, type SortKey } from "../../../lib/subgraph/listing";
import { findSearchHits, searchFilter } from "../../../lib/records/search";
import { withinBox } from "../../../lib/records/location";
import { Organisation } from "./organisation.entity";
import type { OrganisationFilter, OrganisationOrder } from "./organisation.inputs";

const SORT_KEYS: Record<string, SortKey | null> = {
  ID: null,
  NAME: { expression: "lower(t.name)", type: "text" },
  COUNTRY: { expression: "t.country", type: "text" },
  KIND: { expression: "t.kind", type: "text" },
};

/** The SQL of an `organisations` list: its filter as conditions over `t`, and its sort. */
export function organisationListing(filter: OrganisationFilter | null, orderBy: InstanceType<typeof OrganisationOrder> | null): Listing {
  return {
    table: "organisation",
    // 100,000 organisations on the synthetic data: counting them all cost about 10 ms a request.
    tallied: true,
    conditions: [
      ...(filter?.country ? [sql("t.country = ?", filter.country)] : []),
      ...(filter?.countries?.length ? [sql("t.country in (?)", filter.countries)] : []),
      ...(filter?.kind ? [sql("t.kind = ?", filter.kind)] : []),
      ...(filter?.kinds?.length ? [sql("t.kind in (?)", filter.kinds)] : []),
      ...searchFilter(filter?.search),
      ...withinBox(filter?.within, "filter.within"),
    ],
    ...sortOf(SORT_KEYS, orderBy),
  };
}

/** Organisations by name, English name, alias, city or region in any alphabet, best first. */
export const searchOrganisations = (em: EntityManager, query: string, first: number) =>
  findSearchHits(em, Organisation, "organisation", query, first);
