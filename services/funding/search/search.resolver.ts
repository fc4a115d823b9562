import { SearchHitsResolver, SearchResultsType } from "../../../lib/records/search";
import type { FundingContext } from "../context";
import { FundingProgrammeSearchHit } from "../programme/funding-programme.resolver";

// The clusters subgraph owns the root `search` and describes the type; this subgraph adds the programmes it finds.
export const SearchResults = SearchResultsType();

export const FundingProgrammeSearchHitsResolver = SearchHitsResolver({
  results: SearchResults,
  hit: FundingProgrammeSearchHit,
  field: "programmes",
  description: "Funding programmes whose names or aliases match the query, best match first. Null when the funding subgraph did not answer; the error names it.",
  nullable: true,
  hits: (ctx: FundingContext) => ctx.loaders.programmeSearchHits,
});
