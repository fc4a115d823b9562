import type { EntityManager, EntityName } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { transliterate } from "transliteration";
import { Arg, Ctx, Directive, Field, FieldResolver, Float, Int, ObjectType, Resolver, Root, type ClassType } from "type-graphql";
import { BadUserInputError } from "../platform/errors";
import { recordsFrom } from "../subgraph/loaders";
import { checkPageSize } from "../subgraph/pagination";
import type { Sql } from "../subgraph/listing";

/**
 * Place names that one language writes so differently from another that no transliteration joins them. These are
 * search synonyms, not data: documents and queries both go through them (`searchKey`), so a query that names the
 * place one way finds records that name it another way. Keys and values are normalised (see `normaliseSearchText`);
 * the value is what a transliteration of the local name gives.
 */
export const PLACE_EXONYMS: Readonly<Record<string, string>> = {
  lwow: "lviv", // Polish Lwów
  lemberg: "lviv", // German Lemberg
  lvov: "lviv", // Russian Львов
  lwiw: "lviv", // Polish transcription of Львів
  // Adjectives and the region's name (Львівщина, Lwowszczyzna): the cluster article 000 describes is "of Львівщина".
  lvivshchina: "lviv", // Львівщина
  lvivshchini: "lviv", // Львівщини
  lvivska: "lviv", // Львівська
  lvivskiy: "lviv", // Львівський
  lvivskoyi: "lviv", // Львівської
  lvivskogo: "lviv", // Львівського
  lwowszczyzna: "lviv", // Polish Lwowszczyzna
  lwowszczyzny: "lviv",
  lwowski: "lviv", // Polish lwowski, -a, -e, -ego
  lwowska: "lviv",
  lwowskie: "lviv",
  lwowskiego: "lviv",
  kijow: "kiyiv", // Polish Kijów
  kiev: "kiyiv", // English Kiev
  kyiv: "kiyiv", // the official Latin spelling; transliteration of Київ gives kiyiv
  charkow: "harkiv", // Polish Charków
  kharkiv: "harkiv", // official Latin spelling of Харків
  odessa: "odesa", // English Odessa
  grodno: "grodna", // Belarusian Гродна
  hrodna: "grodna", // official Latin spelling of Гродна
  brzesc: "brest", // Polish Brześć
  warsaw: "warszawa", // English Warsaw
  varshava: "warszawa", // Ukrainian Варшава
  cracow: "krakow", // English Cracow
};

export const SEARCH_SEPARATOR = " ; ";
export const MAX_SEARCH_HITS = 50;
/** Longest query, in characters: names are far shorter, and trigram matching costs grow with the query. */
export const MAX_SEARCH_QUERY_LENGTH = 200;

/**
 * Lower-cased Latin text without diacritics, as the search index holds it: Cyrillic (Ukrainian, Belarusian,
 * Russian) is transliterated, Polish and other accented letters lose their marks (ł -> l, ó -> o).
 */
export function normaliseSearchText(text: string): string {
  return transliterate(text)
    .toLowerCase()
    .replace(/['’`"«»„”]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Normalised text with each word that is a known exonym replaced by its local form: what documents and queries hold. */
export function searchKey(text: string): string {
  return normaliseSearchText(text)
    .split(" ")
    .filter(Boolean)
    .map(word => PLACE_EXONYMS[word] ?? word)
    .join(" ");
}

/** A query as the index is searched with it: the same key as documents, so `Lwów` in a query or a record meets `Львів`. */
export function normaliseSearchQuery(query: string, argument = "query"): string {
  if (query.length > MAX_SEARCH_QUERY_LENGTH)
    throw new BadUserInputError(argument, `must be at most ${MAX_SEARCH_QUERY_LENGTH} characters, got ${query.length}`);
  const key = searchKey(query);
  if (!key) throw new BadUserInputError(argument, "must contain at least one letter or digit");
  return key;
}

/** The searchable columns of a record: its names as written (`searchNames`) and, aligned, their normalised forms. */
export interface SearchDocument {
  searchNames: string[];
  searchText: string;
}

/** Builds the search document of a record from the names it goes by (names, aliases, places); empty ones are dropped. */
export function searchDocument(names: (string | null | undefined)[]): SearchDocument {
  const kept = [...new Set(names.filter((name): name is string => !!name && !!normaliseSearchText(name)))];
  return { searchNames: kept, searchText: kept.map(searchKey).join(SEARCH_SEPARATOR) };
}

/** An entity whose records the search finds: `searchNamesOf` picks the names a record goes by. */
export interface SearchableEntity<R> {
  searchNamesOf(record: R): (string | null | undefined)[];
}

/** Sets a record's search document from its current names, when its entity is searchable; before every flush of a write. */
export function refreshSearchDocument(entity: unknown, record: object): void {
  const namesOf = (entity as Partial<SearchableEntity<object>>).searchNamesOf;
  if (namesOf) Object.assign(record, searchDocument(namesOf(record)));
}

/** Adds the search document to sample rows, from the names `namesOf` picks. */
export const withSearchDocument =
  <N extends object>(namesOf: (row: N) => (string | null | undefined)[]) =>
  <R extends N>(row: R): R & SearchDocument => ({ ...row, ...searchDocument(namesOf(row)) });

// Each helper below takes the (normalised) query as a binding `?`, or as the SQL expression `query` when given.

/** SQL condition: the record's search document contains the words of the (normalised) query, trigram-wise. */
export const searchCondition = (alias: string, query = "?") => `unaccent(${query}) <% ${alias}.search_text`;

/**
 * SQL of a hit's distance: `1 - word_similarity(query, document)` exactly (pg_trgm's `<->>`, the document on the left,
 * as the GiST operator class wants it), so a hit's score, how well the query matches the best-matching run of words of
 * the document (0..1), is `1 - distance`. Ordered by it, the GiST index hands rows out best first and a `limit` stops
 * the walk after k (KNN), instead of scoring and sorting every match.
 */
export const searchDistance = (alias: string, query = "?") => `${alias}.search_text <->> unaccent(${query})`;

/**
 * SQL of the best `limit` matches of `table`, nearest first, as `t.*` and `__distance`; the caller scores them and
 * picks their matched name, so that work is done for the k rows returned only. Among hits of equal score, which make
 * the cut is the index's order; the caller sorts the returned ones by id. Retracted records are never hits.
 */
const nearestMatches = (table: string, query: string, limit: string) =>
  `select t.*, ${searchDistance("t", query)} as __distance from "${table}" t where ${searchCondition("t", query)} and t.retracted is null order by __distance limit ${limit}`;

/** SQL of the name, as written, whose normalised form matches the query best. */
export const matchedName = (alias: string, query = "?") =>
  `(select n.name from unnest(${alias}.search_names, string_to_array(${alias}.search_text, '${SEARCH_SEPARATOR}')) as n(name, term) ` +
  `order by word_similarity(unaccent(${query}), n.term) desc, similarity(unaccent(${query}), n.term) desc limit 1)`;

export interface SearchHit<T> {
  node: T;
  matchedName: string;
  score: number;
}

/** Builds the `<Name>SearchHit` type: one record that matched a search, the name it matched by, and its score. */
export function SearchHitType<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}SearchHit`, { description: `A ${name} that matched a search, best first.` })
  class Hit implements SearchHit<T> {
    @Field(_type => node, { description: `The matching ${name}.` })
    node!: T;
    @Field({ description: "The name, alias or place, as written in the sources, that matched the query best." })
    matchedName!: string;
    @Field(_type => Float, { description: "How well the query matched, from 0 to 1 (trigram word similarity of the normalised texts)." })
    score!: number;
  }
  return Hit;
}

/**
 * The trigram index of a table's search document that filters, for `@Index` on the entity (pg_trgm's GIN operator
 * class): the fastest for `filter.search` when a query matches many records and every match is read (a total count).
 */
export const searchIndex = (table: string) => ({
  name: `${table}_search_text_trgm`,
  expression: `create index "${table}_search_text_trgm" on "${table}" using gin ("search_text" gin_trgm_ops)`,
});

/**
 * The trigram index that ranks, for a second `@Index`: pg_trgm's GiST operator class hands rows out by `searchDistance`
 * (KNN), so a top-k search reads about k rows. Its signatures are long (1024 bytes; the default 12 is saturated by a
 * document of a few names, and a query that matches little then walks most of the index).
 */
export const searchRankIndex = (table: string) => ({
  name: `${table}_search_text_gist`,
  expression: `create index "${table}_search_text_gist" on "${table}" using gist ("search_text" gist_trgm_ops(siglen = 1024))`,
});

/** The `search` filter of a root list, as an SQL condition over `t`. */
export const searchFilter = (search: string | null | undefined, argument = "filter.search"): Sql[] =>
  search == null ? [] : [{ sql: searchCondition("t"), bindings: [normaliseSearchQuery(search, argument)] }];

/** The records of `table` that match a query, best first, each with the name it matched by: one statement. */
export async function findSearchHits<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  table: string,
  query: string,
  first: number,
): Promise<SearchHit<T>[]> {
  checkSearchFirst(first);
  const normalised = normaliseSearchQuery(query);
  const rows: Record<string, unknown>[] = await em.execute(
    `select h.*, 1 - h.__distance as __score, ${matchedName("h")} as __matched from (${nearestMatches(table, "?", "?")}) h ` +
      `order by h.__distance, h.id`,
    [normalised, normalised, normalised, normalised, first],
  );
  return toHits(em, entity, rows);
}

/** Rows of a search statement as hits: the record, the name it matched by and its score. */
function toHits<T extends object>(em: EntityManager, entity: EntityName<T>, rows: Record<string, unknown>[]): SearchHit<T>[] {
  const nodes = recordsFrom(em, entity, rows);
  return rows.map((row, i) => ({ node: nodes[i], matchedName: String(row.__matched), score: Math.round(Number(row.__score) * 1000) / 1000 }));
}

/** Refuses a number of hits outside 1..MAX_SEARCH_HITS, naming `first`. */
export const checkSearchFirst = (first: number): number => checkPageSize(first, MAX_SEARCH_HITS);


/** One search a request asks of a table: the query as asked and how many hits it wants. */
export interface SearchRequest {
  query: string;
  first: number;
}

/**
 * A request's loader of the hits in one table: every (query, first) that the request's `SearchResults` fields ask
 * for, however many `search` roots or aliases, answered in ONE statement (a lateral join over the queries).
 */
export function searchHitsLoader<T extends object>(em: EntityManager, entity: EntityName<T>, table: string) {
  return new DataLoader<SearchRequest, SearchHit<T>[], string>(
    async requests => {
      const queries = requests.map(request => normaliseSearchQuery(request.query));
      const rows: Record<string, unknown>[] = await em.execute(
        `select q.i as __request, h.*, 1 - h.__distance as __score, ${matchedName("h", "q.query")} as __matched ` +
          `from unnest(array[?]::text[], array[?]::int[]) with ordinality as q(query, first, i) ` +
          `cross join lateral (${nearestMatches(table, "q.query", "q.first")}) h order by q.i, h.__distance, h.id`,
        [queries, requests.map(request => request.first)],
      );
      const hits: SearchHit<T>[][] = requests.map(() => []);
      toHits(em, entity, rows).forEach((hit, i) => hits[Number(rows[i].__request) - 1].push(hit));
      return hits;
    },
    { cacheKeyFn: request => `${request.first} ${request.query}` },
  );
}

/** The key of `SearchResults`: the query as asked. */
export interface SearchResultsKey {
  query: string;
}

/**
 * Builds a subgraph's `SearchResults` entity, keyed by the query: the clusters subgraph answers the root `search` with
 * it, and every subgraph that owns searchable records adds a field of ranked hits. Only the owner of the root describes it.
 */
export function SearchResultsType(description?: string) {
  @Directive(`@key(fields: "query")`)
  @ObjectType("SearchResults", description ? { description } : {})
  class SearchResults implements SearchResultsKey {
    @Field({ description: "The query as asked, in any language or alphabet." })
    query!: string;
  }
  return SearchResults;
}

/** `__resolveReference` of `SearchResults`: the query is all a subgraph needs; each hits field asks its loader. */
export const searchResultsReference = { __resolveReference: (ref: SearchResultsKey): SearchResultsKey => ({ query: ref.query }) };

/**
 * Builds the resolver of one ranked hits field of `SearchResults` (`clusters`, `organisations`, ...) in the subgraph
 * that owns those records: its `first` is checked here, and its hits come from the request's loader.
 */
export function SearchHitsResolver<T extends object, C>(options: {
  results: ClassType<SearchResultsKey>;
  hit: ClassType<SearchHit<T>>;
  field: string;
  description: string;
  /** A field added to the clusters subgraph's `SearchResults` by another subgraph: null when that subgraph does not answer. */
  nullable?: boolean;
  hits: (ctx: C) => DataLoader<SearchRequest, SearchHit<T>[], string>;
}) {
  @Resolver(_of => options.results)
  class SearchHitsFieldResolver {
    @FieldResolver(_returns => [options.hit], { name: options.field, description: options.description, nullable: options.nullable })
    hits(
      @Root() results: SearchResultsKey,
      @Arg("first", _type => Int, { defaultValue: 10, description: `How many hits to return, best first, from 1 to ${MAX_SEARCH_HITS}.` }) first: number,
      @Ctx() ctx: C,
    ): Promise<SearchHit<T>[]> {
      checkSearchFirst(first);
      return options.hits(ctx).load({ query: results.query, first });
    }
  }
  return SearchHitsFieldResolver;
}
