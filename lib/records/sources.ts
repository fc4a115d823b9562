import { EntityManager, Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { type ClassType, Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from "type-graphql";
import { findIn, oneLoader } from "../subgraph/loaders";

/** An article or document that a record of the graph rests on. Every subgraph keeps the ones it cites. */
@Directive("@shareable")
@ObjectType({ description: "An article or document that supports a record: where a fact in the graph comes from." })
@Entity({ tableName: "source" })
export class Source {
  @Field(_type => ID, { description: "Stable identifier of the source, the same in every subgraph." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "Title of the article or document, in its own language." })
  @Property({ type: "text" })
  title!: string;

  @Field({ description: "Language of the source as an ISO 639-1 code (uk, pl, be, en, ...)." })
  @Property({ type: "text" })
  language!: string;

  @Field(_type => String, { nullable: true, description: "File name of the source in the sample corpus, when it is one." })
  @Property({ type: "text", nullable: true })
  fileName?: string | null;

  @Field(_type => String, { nullable: true, description: "Address where the source was published, when it says so." })
  @Property({ type: "text", nullable: true })
  url?: string | null;

  @Field(_type => String, { nullable: true, description: "Publisher or outlet, when the source names it." })
  @Property({ type: "text", nullable: true })
  publisher?: string | null;

  @Field(_type => String, { nullable: true, description: "Publication date, as precise as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD)." })
  @Property({ type: "text", nullable: true })
  publishedOn?: string | null;
}

/** The request-scoped loader of sources by id, for `sources` and `source` fields of every subgraph. */
export const sourceLoaders = (em: EntityManager) => ({
  sourceById: oneLoader<string, Source>(ids => findIn(em, Source, "id", ids), source => source.id),
});

export type SourceLoaders = ReturnType<typeof sourceLoaders>;

/** Loads the sources behind a list of ids, in order, leaving out none. */
export async function loadSources(loaders: SourceLoaders, ids: readonly string[]): Promise<Source[]> {
  const sources = await loaders.sourceById.loadMany(ids);
  return sources.filter((source): source is Source => source !== null && !(source instanceof Error));
}

/** A resolver that gives `type`'s `source` field from the `sourceId` each of its facts keeps. */
export function SourceOfFactResolver<T extends { sourceId: string }>(type: ClassType<T>) {
  @Resolver(_of => type)
  class FactSourceResolver {
    @FieldResolver(_returns => Source, { description: "The article or document this fact comes from." })
    source(@Root() fact: T, @Ctx() ctx: { loaders: SourceLoaders }): Promise<Source | null> {
      return ctx.loaders.sourceById.load(fact.sourceId);
    }
  }
  return FactSourceResolver;
}
