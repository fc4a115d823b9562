import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, Field, Info, Int, ObjectType, Query, Resolver } from "type-graphql";
import { BadUserInputError } from "../../../lib/platform/errors";
import { checkPageSize, MAX_PAGE } from "../../../lib/subgraph/pagination";
import type { FeedContext } from "../context";
import { decodeCursor, encodeCursor } from "./cursor";
import { FeedChange } from "./feed-change.entity";

export const MAX_FEED_TYPES = 50;
/** A record type's name as the audit trail writes it. */
export const TYPE_NAME = /^[A-Z][A-Za-z0-9]{0,63}$/;

@ObjectType({ description: "A page of the change feed, oldest first." })
export class ChangeFeedPage {
  @Field(_type => [FeedChange], { description: "The changes after `since`, in the feed's order." })
  nodes!: FeedChange[];

  @Field({ description: "Pass this as `since` to read on: the last change's cursor, or `since` again when nothing is new." })
  endCursor!: string;

  @Field({ description: "Whether more changes follow this page already." })
  hasMore!: boolean;
}

/** Checks the `types` argument: record type names, a bounded number of them. */
export function checkTypes(types: string[] | null | undefined, argument: string): string[] {
  const list = types ?? [];
  if (list.length > MAX_FEED_TYPES) throw new BadUserInputError(argument, `at most ${MAX_FEED_TYPES} types, got ${list.length}`);
  const wrong = list.find(type => !TYPE_NAME.test(type));
  if (wrong !== undefined) throw new BadUserInputError(argument, `"${wrong.slice(0, 64)}" is not a type name such as Cluster or Organisation`);
  return [...new Set(list)];
}

@Resolver(_of => FeedChange)
export class FeedChangeResolver {
  @Query(_returns => ChangeFeedPage, {
    nullable: true,
    description:
      "Every create and update of every subgraph's records, in one order that never changes: read from the start, then pass `endCursor` as `since` to resume. No change is skipped, however the writes' transactions committed. Null when the feed cannot be reached.",
  })
  async changes(
    @Arg("since", _type => String, { nullable: true, description: "A cursor the feed gave (`cursor` or `endCursor`): only the changes after it. Empty: from the start." }) since: string | null,
    @Arg("types", _type => [String], { nullable: true, description: "Only changes of these record types (Cluster, Organisation, ...); empty for all." }) types: string[] | null,
    @Arg("first", _type => Int, { defaultValue: 100, description: `How many changes to return, from 1 to ${MAX_PAGE}.` }) first: number,
    @Ctx() ctx: FeedContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ChangeFeedPage> {
    checkPageSize(first);
    const after = since == null ? "0" : decodeCursor(since, "since");
    const only = checkTypes(types, "types");
    // A feed is read to see what is new: never from a cache.
    (info as { cacheControl?: { setCacheHint(hint: { maxAge: number }): void } }).cacheControl?.setCacheHint({ maxAge: 0 });
    const rows = await ctx.em.find(
      FeedChange,
      { position: { $gt: after }, ...(only.length ? { entity: { $in: only } } : {}) },
      { orderBy: { position: "asc" }, limit: first + 1 },
    );
    const nodes = rows.slice(0, first);
    return { nodes, hasMore: rows.length > first, endCursor: nodes.length ? nodes[nodes.length - 1].cursor : encodeCursor(after) };
  }
}
