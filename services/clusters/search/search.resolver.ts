import { Arg, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { normaliseSearchQuery, searchKey, SearchHitsResolver, SearchResultsType, type SearchResultsKey } from "../../../lib/records/search";
import { ClusterSearchHit } from "../cluster/cluster.resolver";
import type { ClustersContext } from "../context";

// The root `search` lives here, in the graph's central subgraph; a root field can have only one owner.
export const SearchResults = SearchResultsType(
  "What one search found, each kind of record ranked best first with the name it matched by. Keyed by the query: " +
    "each subgraph answers the field of the records it owns, from its own database.",
);

@Resolver(_of => SearchResults)
export class SearchResolver {
  @Query(_returns => SearchResults, {
    description:
      "Finds clusters, organisations, partnerships, funding programmes and events by any of their names, aliases, titles or places, in any alphabet, ignoring case and diacritics: each type in its own list, and all of them in one (`ranked`).",
  })
  search(
    @Arg("query", { description: "What to look for, in any language or alphabet: `Lviv`, `Львів`, `Lwów` or `lubelska medycyna`; at most 200 characters." })
    query: string,
  ): SearchResultsKey {
    // Refused here, once, before the gateway asks any other subgraph for its hits.
    normaliseSearchQuery(query, "query");
    return { query };
  }

  @FieldResolver(_returns => String, {
    description: "The query as the search compares it with names: transliterated to Latin, lower case, without diacritics, exonyms replaced (`Lwów` -> `lviv`).",
  })
  searchedFor(@Root() results: SearchResultsKey): string {
    return searchKey(results.query);
  }
}

export const ClusterSearchHitsResolver = SearchHitsResolver({
  results: SearchResults,
  hit: ClusterSearchHit,
  field: "clusters",
  description: "Clusters whose names, aliases, city or region match the query, best match first.",
  hits: (ctx: ClustersContext) => ctx.loaders.clusterSearchHits,
});
