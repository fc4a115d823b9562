import { Arg, createUnionType, Ctx, Directive, Field, FieldResolver, Float, Int, ObjectType, registerEnumType, Resolver, Root } from "type-graphql";
import {
  checkSearchFirst,
  DEFAULT_SEARCH_HITS,
  ExternalSearchHitsResolver,
  MAX_SEARCH_HITS,
  mergeRankedHits,
  rankedRequires,
  SearchHitType,
  type RankedHit,
  type RankedSearchResults,
  type RequiredSearchHit,
} from "../../../lib/records/search";
import { Cluster } from "../cluster/cluster.entity";
import type { ClustersContext } from "../context";
import { OrganisationRef } from "../refs/organisation.ref";
import { EventRef, FundingProgrammeRef, PartnershipRef } from "../refs/search-records.ref";
import { SearchResults } from "./search.resolver";

export enum SearchRecordType {
  CLUSTER = "CLUSTER",
  ORGANISATION = "ORGANISATION",
  PARTNERSHIP = "PARTNERSHIP",
  FUNDING_PROGRAMME = "FUNDING_PROGRAMME",
  EVENT = "EVENT",
}

registerEnumType(SearchRecordType, {
  name: "SearchRecordType",
  description: "Which type of record a search hit is.",
  valuesConfig: {
    CLUSTER: { description: "A cluster (`SearchResults.clusters`)." },
    ORGANISATION: { description: "An organisation (`SearchResults.organisations`)." },
    PARTNERSHIP: { description: "A partnership (`SearchResults.partnerships`)." },
    FUNDING_PROGRAMME: { description: "A funding programme (`SearchResults.programmes`)." },
    EVENT: { description: "An event (`SearchResults.events`)." },
  },
});

/**
 * The other subgraphs' hits fields that `ranked` requires, in the order that breaks ties between equal scores (after
 * clusters), each with the type of record it finds and the stub its hits' records are declared with here.
 */
const REQUIRED = [
  { field: "organisations", type: SearchRecordType.ORGANISATION, typename: "Organisation", stub: OrganisationRef },
  { field: "partnerships", type: SearchRecordType.PARTNERSHIP, typename: "Partnership", stub: PartnershipRef },
  { field: "programmes", type: SearchRecordType.FUNDING_PROGRAMME, typename: "FundingProgramme", stub: FundingProgrammeRef },
  { field: "events", type: SearchRecordType.EVENT, typename: "Event", stub: EventRef },
] as const;

// `@external` copies of the other subgraphs' hits fields and types, which `ranked` requires.
export const RequiredSearchHitsResolvers = REQUIRED.map(({ field, typename, stub }) =>
  ExternalSearchHitsResolver({ results: SearchResults, hit: SearchHitType(stub, typename, { external: true }), field }),
);

export const SearchRecord = createUnionType({
  name: "SearchRecord",
  description: "A record that the search finds: a cluster, an organisation, a partnership, a funding programme or an event.",
  types: () => [Cluster, OrganisationRef, PartnershipRef, FundingProgrammeRef, EventRef] as const,
  resolveType: node => (node instanceof Cluster ? "Cluster" : (node as unknown as { __typename: string }).__typename),
});

@ObjectType({ description: "A record of any type that matched a search, in one list ranked by score across every type." })
export class RankedSearchHit implements RankedHit<SearchRecordType> {
  @Field(_type => SearchRecordType, { description: "Which type of record it is, and so which per-type list of `SearchResults` it is also in." })
  type!: SearchRecordType;

  @Field(_type => SearchRecord, { nullable: true, description: "The matching record. Null when the subgraph that owns it did not answer; the error names it." })
  node!: object;

  @Field({ description: "The name, alias, title or place, as written in the sources, that matched the query best." })
  matchedName!: string;

  @Field(_type => Float, { description: "How well the query matched, from 0 to 1: the same score as in the record's per-type list, on one scale for every type." })
  score!: number;
}

/** Another subgraph's hits as `ranked` merges them: each record a stub that names its type for the union. */
const stubs = (hits: RequiredSearchHit[] | null | undefined, typename: string) =>
  hits?.map(hit => ({ ...hit, node: { id: hit.node.id, __typename: typename } })) ?? null;

@Resolver(_of => SearchResults)
export class RankedSearchResolver {
  // The gateway first fetches the other subgraphs' best hits (ids and scores); the node fields it fetches from owners.
  @Directive(`@requires(fields: "${rankedRequires(REQUIRED.map(r => r.field))}")`)
  @FieldResolver(_returns => [RankedSearchHit], {
    description:
      "Every type of record in one list, best match first: clusters, organisations, partnerships, funding programmes and events merged by score. " +
      "Each type's hits here are the first of its own list (`clusters`, `organisations`, ...), in the same order; equal scores keep that order of types. " +
      "A type whose subgraph did not answer is missing from the list.",
  })
  async ranked(
    @Root() results: RankedSearchResults,
    @Arg("first", _type => Int, { defaultValue: DEFAULT_SEARCH_HITS, description: `How many hits to return, best first, from 1 to ${MAX_SEARCH_HITS}.` }) first: number,
    @Ctx() ctx: ClustersContext,
  ): Promise<RankedHit<SearchRecordType>[]> {
    checkSearchFirst(first);
    // As many of each type as the others give, so that any `first` up to the maximum is cut from complete lists.
    const clusters = await ctx.loaders.clusterSearchHits.load({ query: results.query, first: MAX_SEARCH_HITS });
    return mergeRankedHits(
      [
        { type: SearchRecordType.CLUSTER, hits: clusters },
        ...REQUIRED.map(({ field, type, typename }) => ({ type, hits: stubs(results[field] as RequiredSearchHit[] | null | undefined, typename) })),
      ],
      first,
    );
  }
}
