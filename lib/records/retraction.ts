import { ArgsType, Directive, Field, ObjectType } from "type-graphql";
import type { Caller } from "../platform/auth";
import { BadUserInputError, UnauthenticatedError } from "../platform/errors";
import { sql, type Listing, type Sql } from "../subgraph/listing";

// Nothing a partner wrote is ever deleted: a retraction hides it from lists and search and says why, the audit trail
// keeps it, and its owner may restore it. docs/partners.md, "Editing facts and retracting".

@Directive("@shareable")
@ObjectType({ description: "Why and when a record or fact was retracted, and by whom. Retracted things stay in the graph and in its audit trail; their owner may restore them." })
export class Retraction {
  @Field({ description: "When it was retracted, as an ISO 8601 timestamp (UTC)." })
  at!: Date;

  @Field({ description: "Why, in the retracting partner's words." })
  reason!: string;

  @Field({ description: "The partner that retracted it (its id in the gateway's partner store)." })
  by!: string;
}

/** The longest reason a retraction may give. */
export const MAX_REASON = 2000;

/** The retraction a partner makes now, its reason checked: 1 to MAX_REASON characters, not only blanks. */
export function retractionBy(caller: Caller, reason: string): Retraction {
  if (reason.trim().length === 0 || reason.length > MAX_REASON)
    throw new BadUserInputError("reason", `must say why, in 1 to ${MAX_REASON} characters, got ${reason.length}`);
  return { at: new Date(), reason, by: caller.partnerId };
}

/** The `reason` argument of every retraction, described once. */
export const REASON = { description: `Why it is retracted, 1 to ${MAX_REASON} characters: shown with it and kept in the audit trail.` };

/** The `includeRetracted` argument of a list of facts inside a record, described once. */
export const INCLUDE_RETRACTED = {
  defaultValue: false,
  description: "Also list the retracted ones (each says so in `retracted`); left out by default.",
};

/** The things of a list that stand, or all of them when the caller asks for the retracted ones too. */
export const standing = <T extends { retracted?: unknown }>(items: readonly T[], includeRetracted = false): T[] =>
  includeRetracted ? [...items] : items.filter(item => item.retracted == null);

@ArgsType()
export class RecordScopeArgs {
  @Field({ defaultValue: false, description: "Also list retracted records (each says so in `retracted`); left out by default." })
  includeRetracted: boolean = false;

  @Field({
    defaultValue: false,
    description: "Only the records the caller's partner owns or has been granted (\"my records\"); needs a partner key.",
  })
  mine: boolean = false;
}

/**
 * A list in the scope that `includeRetracted` and `mine` ask for: standing records only unless `includeRetracted`
 * (`standing`, which a table's row tally counts within), and only the caller's own or granted records when `mine`.
 */
export function inScope(listing: Listing, caller: Caller | null, entity: string, args: Partial<RecordScopeArgs> | null | undefined): Listing {
  const mine: Sql[] = [];
  if (args?.mine) {
    if (!caller) throw new UnauthenticatedError("`mine` lists the caller's own records: send `Authorization: Bearer <key>` to the gateway");
    mine.push(
      sql(
        "(t.owner_id = ? or exists (select 1 from record_grant g where g.partner_id = ? and g.entity = ? and g.record_id = t.id))",
        caller.partnerId,
        caller.partnerId,
        entity,
      ),
    );
  }
  return { ...listing, standing: args?.includeRetracted ? [] : [sql("t.retracted is null")], conditions: [...listing.conditions, ...mine] };
}
