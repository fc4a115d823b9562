import { SearchHitsResolver, SearchResultsType } from "../../../lib/records/search";
import type { EventsContext } from "../context";
import { EventSearchHit } from "../event/event.resolver";

// The clusters subgraph owns the root `search` and describes the type; this subgraph adds the events it finds.
export const SearchResults = SearchResultsType();

export const EventSearchHitsResolver = SearchHitsResolver({
  results: SearchResults,
  hit: EventSearchHit,
  field: "events",
  description: "Events whose title or places match the query, best match first. Null when the events subgraph did not answer; the error names it.",
  nullable: true,
  hits: (ctx: EventsContext) => ctx.loaders.eventSearchHits,
});
