import { SearchHitsResolver, SearchResultsType } from "../../../lib/records/search";
import type { PartnershipsContext } from "../context";
import { PartnershipSearchHit } from "../partnership/partnership.resolver";

// The clusters subgraph owns the root `search` and describes the type; this subgraph adds the partnerships it finds.
export const SearchResults = SearchResultsType();

export const PartnershipSearchHitsResolver = SearchHitsResolver({
  results: SearchResults,
  hit: PartnershipSearchHit,
  field: "partnerships",
  description: "Partnerships whose title or places match the query, best match first. Null when the partnerships subgraph did not answer; the error names it.",
  nullable: true,
  hits: (ctx: PartnershipsContext) => ctx.loaders.partnershipSearchHits,
});
