import { Entity, Index, PrimaryKey, Property, type EntityManager } from "@mikro-orm/postgresql";
import { GraphQLJSONObject } from "graphql-scalars";
import { type ClassType, Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root, registerEnumType } from "type-graphql";
import type { Caller } from "../platform/auth";
import { BadUserInputError } from "../platform/errors";
import { manyLoader } from "../subgraph/loaders";
import { recordChange } from "./outbox";

export enum ChangeAction {
  CREATE = "CREATE",
  UPDATE = "UPDATE",
  GRANT = "GRANT",
  RETRACT = "RETRACT",
  RESTORE = "RESTORE",
}

registerEnumType(ChangeAction, {
  name: "ChangeAction",
  description: "What a write did to a record.",
  valuesConfig: {
    CREATE: { description: "The record was created." },
    UPDATE: { description: "The record was changed; `before` holds what it was." },
    GRANT: { description: "An administrator let another partner change the record; `after` names the partner (`grantedTo`)." },
    RETRACT: { description: "The record was retracted (`after.retracted` says why): hidden from lists and search, never deleted." },
    RESTORE: { description: "A retracted record was restored: listed and found again." },
  },
});

/** One write to one record, kept for ever in the audit trail of the subgraph that owns the record. */
@Directive("@shareable")
@ObjectType("Change", { description: "One write to a record: who made it, when, and the record before and after." })
@Entity({ tableName: "audit_entry" })
@Index({ properties: ["entity", "recordId"] })
export class AuditEntry {
  @Field(_type => ID, { description: "Number of the change in its subgraph's trail; pass it as `before` for older changes." })
  @PrimaryKey({ type: "int", autoincrement: true })
  id!: number;

  @Field({ description: "The type of the record that changed (Cluster, Organisation, ...)." })
  @Property({ type: "text" })
  entity!: string;

  @Field({ description: "The id of the record that changed." })
  @Property({ type: "text" })
  recordId!: string;

  @Field(_type => ChangeAction, { description: "Whether the write created, changed, retracted or restored the record." })
  @Property({ type: "text" })
  action!: ChangeAction;

  @Field({ description: "The partner that made the change (its id in the gateway's partner store)." })
  @Property({ type: "text" })
  partnerId!: string;

  @Field({ description: "When the change was committed, as an ISO 8601 timestamp (UTC)." })
  @Property({ type: "timestamptz" })
  at!: Date;

  @Field(_type => GraphQLJSONObject, { nullable: true, description: "The record before the change; empty for a creation." })
  @Property({ type: "jsonb", nullable: true })
  before?: Record<string, unknown> | null;

  @Field(_type => GraphQLJSONObject, { description: "The record after the change." })
  @Property({ type: "jsonb" })
  after!: Record<string, unknown>;
}

/** What a write did, read from the record before and after it: a retraction is a change that sets `retracted`. */
function actionOf(before: Record<string, unknown> | null, after: Record<string, unknown>): ChangeAction {
  if (!before) return ChangeAction.CREATE;
  if (before.retracted == null && after.retracted != null) return ChangeAction.RETRACT;
  if (before.retracted != null && after.retracted == null) return ChangeAction.RESTORE;
  return ChangeAction.UPDATE;
}

/** Writes one entry of the audit trail, in the transaction of the write it records. */
export function audit(
  em: EntityManager,
  caller: Caller,
  entity: string,
  recordId: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  action: ChangeAction = actionOf(before, after),
): void {
  const entry = em.create(AuditEntry, {
    entity,
    recordId,
    action,
    partnerId: caller.partnerId,
    at: new Date(),
    before,
    after,
  });
  em.persist(entry);
  // The change feed's row, in the same transaction: every audited write reaches the feed (lib/records/outbox.ts).
  recordChange(em, entry);
}

const auditKey = (entity: string, recordId: string) => `${entity}\u0000${recordId}`;

/** The request-scoped loader of each record's changes, newest first. */
export const changeLoaders = (em: EntityManager) => ({
  changesByRecord: manyLoader<string, AuditEntry>(
    keys =>
      em.find(
        AuditEntry,
        { $or: keys.map(key => { const [entity, recordId] = key.split("\u0000"); return { entity, recordId }; }) },
        { orderBy: { id: "desc" } },
      ),
    entry => auditKey(entry.entity, entry.recordId),
  ),
});

export type ChangeLoaders = ReturnType<typeof changeLoaders>;

export const MAX_CHANGES = 100;

/** A resolver that adds `changes`, the record's audit trail, to an entity type of the subgraph that owns it. */
export function ChangesResolver<T extends { id: string }>(type: ClassType<T>, entity: string) {
  @Resolver(_of => type)
  class RecordChangesResolver {
    @FieldResolver(_returns => [AuditEntry], { description: "Every write to this record, newest first: who, when, before and after." })
    async changes(
      @Root() record: T,
      @Arg("first", _type => Int, { defaultValue: 20, description: `How many changes to return, newest first, from 1 to ${MAX_CHANGES}.` }) first: number,
      @Arg("before", _type => ID, { nullable: true, description: "Only changes older than this one (a `Change.id`): the next page." }) before: string | null,
      @Ctx() ctx: { loaders: ChangeLoaders },
    ): Promise<AuditEntry[]> {
      if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES)
        throw new BadUserInputError("first", `must be between 1 and ${MAX_CHANGES}, got ${first}`);
      if (before != null && !/^\d+$/.test(before)) throw new BadUserInputError("before", `"${before}" is not a Change.id`);
      const changes = await ctx.loaders.changesByRecord.load(auditKey(entity, record.id));
      return changes.filter(change => before == null || change.id < Number(before)).slice(0, first);
    }
  }
  return RecordChangesResolver;
}
