import { SearchHitsResolver, SearchResultsType } from "../../../lib/records/search";
import type { OrganisationsContext } from "../context";
import { OrganisationSearchHit } from "../organisation/organisation.resolver";

// The clusters subgraph owns the root `search` and describes the type; this subgraph adds the organisations it finds.
export const SearchResults = SearchResultsType();

export const OrganisationSearchHitsResolver = SearchHitsResolver({
  results: SearchResults,
  hit: OrganisationSearchHit,
  field: "organisations",
  description: "Organisations whose names, aliases, city or region match the query, best match first. Null when the organisations subgraph did not answer; the error names it.",
  nullable: true,
  hits: (ctx: OrganisationsContext) => ctx.loaders.organisationSearchHits,
});
