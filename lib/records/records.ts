import { Property } from "@mikro-orm/postgresql";
import { Field, Int, ObjectType } from "type-graphql";
import { Retraction } from "./retraction";

// Mapped superclasses: without @Entity, MikroORM copies their columns into each subclass's table and makes no table of
// their own. type-graphql needs @ObjectType on a base to give its fields to subclasses; the base itself is never
// reachable from a query, so it is not printed in any schema.

/** A stored record or fact its owner may retract (lib/records/retraction.ts): nothing is deleted, a retraction hides it. */
@ObjectType({ description: "A record or fact its owner may retract." })
export abstract class RetractableRecord {
  @Field(_type => Retraction, { nullable: true, description: "When, why and by whom it was retracted; empty while it stands. Lists and search leave retracted ones out unless asked `includeRetracted: true`." })
  @Property({ type: "jsonb", nullable: true })
  retracted?: Retraction | null;
}

/** What every stored record carries: the sources it cites (a partnership's party, a funding involvement). */
@ObjectType({ description: "A record that cites its sources." })
export abstract class SourcedRecord extends RetractableRecord {
  @Property({ type: "text[]" })
  sourceIds!: string[];
}

/** A record of its own that partners write (see lib/records/writes.ts): an owner and a version besides its sources. */
@ObjectType({ description: "A record partners write: its owner and version." })
export abstract class OwnedRecord extends SourcedRecord {
  @Field(_type => String, { nullable: true, description: "The partner that created the record and may change it; empty for the sample data, which only an administrator or a grant may change." })
  @Property({ type: "text", nullable: true })
  ownerId?: string | null;

  @Field(_type => Int, { description: "Version of the record, 1 when created and one more on every change; pass it as `expectedVersion` to update." })
  @Property({ type: "int", default: 1 })
  version: number = 1;
}

/** An owned record that the search finds by name; its entity also declares `@Index(searchIndex(table))` and `@Index(searchRankIndex(table))`. */
@ObjectType({ description: "A record partners write that the search finds by name." })
export abstract class SearchableRecord extends OwnedRecord {
  // The search document (lib/records/search.ts): names as written, and their normalised forms joined, trigram-indexed.
  @Property({ type: "text[]", default: "{}", lazy: true })
  searchNames: string[] = [];

  @Property({ type: "text", default: "", lazy: true })
  searchText = "";
}
