import { createHash, randomUUID } from "node:crypto";
import { Entity, LockMode, PrimaryKey, Property, Unique, wrap, type EntityClass, type EntityManager } from "@mikro-orm/postgresql";
import { IsOptional, IsUrl, Length, Matches, ValidateIf } from "class-validator";
import { Directive, Field, InputType, ObjectType } from "type-graphql";
import type { Caller } from "../platform/auth";
import { audit } from "./audit";
import type { RequestContext } from "./context";
import { ConflictError, ForbiddenError, isLostRace, NotFoundError, UnauthenticatedError } from "../platform/errors";
import { PartialDate } from "../subgraph/partial-date";
import { citeNames } from "./provenance";
import { refreshSearchDocument } from "./search";
import { refreshLocation } from "./location";
import type { OwnedRecord, RetractableRecord } from "./records";
import { retractionBy } from "./retraction";
import { Source } from "./sources";

/** Checks a field only when the input gives it: `undefined` leaves a record's field as it is, `null` must pass the rules. */
export const IfGiven = () => ValidateIf((_input: object, value: unknown) => value !== undefined);

/** A record a partner can write: its id, and the owner, version and sources its entity inherits from `OwnedRecord`. */
export type WritableRecord = OwnedRecord & { id: string };

/** The ids partners may choose for new records: lower-case words joined by hyphens, like the sample data's. */
export const RECORD_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

@InputType({ description: "The article or document a write rests on: it becomes a source the record cites." })
export class SourceInput {
  @Field({ description: "Title of the article or document, in its own language." })
  @Length(1, 500)
  title!: string;

  @Field(_type => String, { nullable: true, description: "Where it is published; give this or `document`." })
  @ValidateIf((source: SourceInput) => source.url != null || source.document == null)
  @IsUrl({ protocols: ["http", "https"], require_protocol: true }, { message: "url must be an http(s) URL; give a url or a document" })
  url?: string | null;

  @Field(_type => String, { nullable: true, description: "The document's name or reference, when it has no URL (a file, a letter, minutes)." })
  @IsOptional()
  @Length(1, 500)
  document?: string | null;

  @Field(_type => PartialDate, { description: "When it was published or signed, as precise as it says." })
  publishedOn!: string;

  @Field({ description: "Its language as an ISO 639-1 code (uk, pl, be, en, ...)." })
  @Matches(/^[a-z]{2}$/, { message: "language must be a two-letter ISO 639-1 code such as uk, pl or en" })
  language!: string;

  @Field(_type => String, { nullable: true, description: "Publisher or outlet, when it names one." })
  @IsOptional()
  @Length(1, 200)
  publisher?: string | null;
}

/** A grant: a partner may change a record it does not own. Kept beside the records, in each subgraph's database. */
@Directive("@shareable")
@ObjectType("RecordGrant", { description: "A grant: a partner may change a record it does not own, as its owner may." })
@Entity({ tableName: "record_grant" })
@Unique({ properties: ["partnerId", "entity", "recordId"] })
export class RecordGrant {
  @PrimaryKey({ type: "text" })
  id: string = randomUUID();

  @Field({ description: "The partner the grant lets change the record (its id in the gateway's partner store)." })
  @Property({ type: "text" })
  partnerId!: string;

  @Field({ description: "The type of the record (Cluster, Organisation, ...)." })
  @Property({ type: "text" })
  entity!: string;

  @Field({ description: "The id of the record." })
  @Property({ type: "text" })
  recordId!: string;

  @Field({ description: "When the grant was made, as an ISO 8601 timestamp (UTC)." })
  @Property({ type: "timestamptz" })
  grantedAt: Date = new Date();
}

/** The caller of a write; a public (anonymous) request may only read. */
export function requirePartner(caller: Caller | null): Caller {
  if (!caller) throw new UnauthenticatedError("Writes need a partner key: send `Authorization: Bearer <key>` to the gateway");
  return caller;
}

/** Refuses a write to a record the caller neither owns nor has been granted; administrators may write anything. */
export async function authorise(em: EntityManager, caller: Caller, entity: string, record: WritableRecord): Promise<void> {
  if (caller.admin || (record.ownerId != null && record.ownerId === caller.partnerId)) return;
  const grant = await em.findOne(RecordGrant, { partnerId: caller.partnerId, entity, recordId: record.id });
  if (!grant) throw new ForbiddenError(entity, record.id, caller.partnerId);
}

/** The source a write names, stored once: its id is a hash of where it is (URL or document) and its date. */
export async function citeSource(em: EntityManager, input: SourceInput): Promise<string> {
  const where = input.url ?? input.document ?? "";
  const id = `src-${createHash("sha256").update(`${where}\n${input.publishedOn}`).digest("hex").slice(0, 16)}`;
  const source = {
    id,
    title: input.title,
    language: input.language,
    url: input.url ?? null,
    fileName: input.url ? null : (input.document ?? null),
    publisher: input.publisher ?? null,
    publishedOn: input.publishedOn,
  };
  // The first write to cite a source names it; a later one citing the same place and date does not rename it.
  await em.upsert(Source, source, { onConflictFields: ["id"], onConflictAction: "ignore" });
  return id;
}

// The search document is derived from the names; the audit trail keeps the record's own fields.
const snapshot = (record: object) => {
  const { searchNames: _names, searchText: _text, ...fields } = wrap(record).toPOJO() as Record<string, unknown>;
  return fields;
};

/** Leaves out the fields an input did not give, so that an update changes only what it names. */
export function given<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export interface CreateOptions<T extends { id: string }> {
  entity: EntityClass<T>;
  /** The GraphQL type name, as the audit trail and grants name it. */
  name: string;
  id?: string | null;
  /** The record's fields, checked by the input's rules; owner, version and sources are set here. */
  data: object;
  source: SourceInput;
  /**
   * `owned` (default): a record of its own, with an owner and a version. `observation` (a member count): never
   * changed once made, it cites one source. `part` (a partnership's party): belongs to its parent, cites its sources.
   */
  kind?: "owned" | "observation" | "part";
  /**
   * A record the new one hangs on (a membership's cluster): the caller must be allowed to change it, at
   * `expectedVersion` when given; it gets one more version and its own audit entry.
   */
  parent?: { entity: EntityClass<WritableRecord>; name: string; id: string; expectedVersion?: number | null };
}

/** Creates a record owned by the caller, citing its source, with its audit entry: one transaction. */
export async function createRecord<T extends { id: string }>(ctx: RequestContext<unknown>, options: CreateOptions<T>): Promise<T> {
  const caller = requirePartner(ctx.caller);
  const id = options.id ?? randomUUID();
  const lost = "already exists, or another write made it at the same time; choose another id";
  return raceAsConflict(options.name, id, lost, () => ctx.em.transactional(async em => {
    const parent = options.parent ? await lockToChange(em, caller, options.parent) : null;
    const parentBefore = parent ? snapshot(parent) : null;
    if (await em.findOne(options.entity, { id } as never)) throw new ConflictError(options.name, id, "already exists; choose another id");
    const sourceId = await citeSource(em, options.source);
    const cited =
      options.kind === "observation" ? { sourceId } : options.kind === "part" ? { sourceIds: [sourceId] } : { ownerId: caller.partnerId, version: 1, sourceIds: [sourceId] };
    // A field left empty takes the column's default: an empty list, or null.
    const data = citeNames(Object.fromEntries(Object.entries(options.data).filter(([, value]) => value != null)), sourceId);
    const record = em.create(options.entity, { ...data, id, ...cited } as never);
    refreshSearchDocument(options.entity, record);
    refreshLocation(options.entity, record, sourceId);
    if (parent) parent.version += 1;
    await em.flush();
    audit(em, caller, options.name, id, null, snapshot(record));
    if (parent) audit(em, caller, options.parent!.name, parent.id, parentBefore, snapshot(parent));
    return record;
  }));
}

/**
 * Runs a write's transaction; one that lost a race with a concurrent write (the same new id, or the same tally or audit
 * rows) is rolled back and answered CONFLICT, as the check before it would have answered had it run a moment later.
 */
async function raceAsConflict<T>(entity: string, id: string, problem: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isLostRace(error)) throw new ConflictError(entity, id, problem);
    throw error;
  }
}

export interface UpdateOptions<T extends WritableRecord> extends WriteTarget<T> {
  expectedVersion: number;
  /** The fields to change, checked by the input's rules (see `given`). */
  changes: object;
  source: SourceInput;
}

/** What a write to an existing record names: the record, and the version the caller read (none: any version). */
export interface WriteTarget<T extends WritableRecord> {
  entity: EntityClass<T>;
  name: string;
  id: string;
  /** The version the caller read; a different one in the database means someone else changed it since. */
  expectedVersion?: number | null;
}

/**
 * Inside a write's transaction: the record, locked (of two concurrent writes with the same `expectedVersion` one wins
 * and the other gets CONFLICT), once the caller is known to be allowed to change it at the version it read.
 */
async function lockToChange<T extends WritableRecord>(em: EntityManager, caller: Caller, target: WriteTarget<T>): Promise<T> {
  const record = (await em.findOne(target.entity, { id: target.id } as never, { lockMode: LockMode.PESSIMISTIC_WRITE })) as T | null;
  if (!record) throw new NotFoundError(target.name, target.id);
  await authorise(em, caller, target.name, record);
  if (target.expectedVersion != null && record.version !== target.expectedVersion)
    throw new ConflictError(target.name, target.id, `is at version ${record.version}, not ${target.expectedVersion}: read it again and reapply the change`);
  return record;
}

const CHANGED_MEANWHILE = "was changed at the same time by another write: read it again and reapply the change";

/**
 * The one write to an existing record: in one transaction, lock it, check owner or grant and version, let `change`
 * change it (it may cite a source through `em`), give it one more version, refresh its search document, audit it.
 */
export async function changeRecord<T extends WritableRecord>(
  ctx: RequestContext<unknown>,
  target: WriteTarget<T> & { expectedVersion: number },
  change: (em: EntityManager, record: T, caller: Caller) => Promise<void> | void,
): Promise<T> {
  const caller = requirePartner(ctx.caller);
  return raceAsConflict(target.name, target.id, CHANGED_MEANWHILE, () => ctx.em.transactional(async em => {
    const record = await lockToChange(em, caller, target);
    const before = snapshot(record);
    await change(em, record, caller);
    record.version += 1;
    // A changed name, alias or place must find the record at once, and an old one no longer.
    refreshSearchDocument(target.entity, record);
    await em.flush();
    audit(em, caller, target.name, target.id, before, snapshot(record));
    return record;
  }));
}

/** The sources of a record that now also rests on `sourceId`. */
export const citing = (sourceIds: string[], sourceId: string) => (sourceIds.includes(sourceId) ? sourceIds : [...sourceIds, sourceId]);

/** Changes a record the caller may change at the version it read, citing the change's source (see `changeRecord`). */
export async function updateRecord<T extends WritableRecord>(ctx: RequestContext<unknown>, options: UpdateOptions<T>): Promise<T> {
  return changeRecord(ctx, options, async (em, record) => {
    const sourceId = await citeSource(em, options.source);
    wrap(record).assign({ ...citeNames(options.changes, sourceId), sourceIds: citing(record.sourceIds, sourceId) } as never);
    // A changed city or country moves the record, placed by this write's source; coordinates never come from the client.
    refreshLocation(options.entity, record, sourceId);
  });
}

/** Retracts a record the caller may change, saying why: lists and search leave it out, nothing is deleted. */
export async function retractRecord<T extends WritableRecord>(
  ctx: RequestContext<unknown>,
  target: WriteTarget<T> & { expectedVersion: number; reason: string },
): Promise<T> {
  const retraction = retractionBy(requirePartner(ctx.caller), target.reason);
  return changeRecord(ctx, target, (_em, record) => {
    if (record.retracted) throw new ConflictError(target.name, target.id, "is already retracted; restore it first to retract it again");
    record.retracted = retraction;
  });
}

/** Restores a retracted record the caller may change: it is listed and found again. */
export async function restoreRecord<T extends WritableRecord>(ctx: RequestContext<unknown>, target: WriteTarget<T> & { expectedVersion: number }): Promise<T> {
  return changeRecord(ctx, target, (_em, record) => {
    if (!record.retracted) throw new ConflictError(target.name, target.id, "is not retracted");
    record.retracted = null;
  });
}

/** A part of a record stored in a table of its own (a member count, a partnership's party), found by its id. */
export interface PartTarget<P extends WritableRecord, T extends RetractableRecord & { id: string }> {
  entity: EntityClass<T>;
  name: string;
  id: string;
  /** The record it belongs to, through the part's column `key`; the caller names the version of that record. */
  parent: { entity: EntityClass<P>; name: string; key: keyof T & string };
  expectedVersion: number;
}

/**
 * Changes a part of a record under the record's write contract: in one transaction, the parent locked at the version
 * the caller read and checked for owner or grant, the part changed, the parent given one more version; the part and
 * the parent each get an audit entry.
 */
export async function changePart<P extends WritableRecord, T extends RetractableRecord & { id: string }>(
  ctx: RequestContext<unknown>,
  target: PartTarget<P, T>,
  change: (em: EntityManager, part: T, caller: Caller) => Promise<void> | void,
): Promise<T> {
  const caller = requirePartner(ctx.caller);
  return raceAsConflict(target.parent.name, target.id, CHANGED_MEANWHILE, () => ctx.em.transactional(async em => {
    const found = (await em.findOne(target.entity, { id: target.id } as never)) as T | null;
    if (!found) throw new NotFoundError(target.name, target.id);
    const parentId = String(found[target.parent.key]);
    const parent = await lockToChange(em, caller, { ...target.parent, id: parentId, expectedVersion: target.expectedVersion });
    // Read again under the parent's lock: what a concurrent write to the same parent changed is now visible.
    await em.refresh(found);
    const [partBefore, parentBefore] = [snapshot(found), snapshot(parent)];
    await change(em, found, caller);
    parent.version += 1;
    await em.flush();
    audit(em, caller, target.name, target.id, partBefore, snapshot(found));
    audit(em, caller, target.parent.name, parentId, parentBefore, snapshot(parent));
    return found;
  }));
}

/** Retracts a part of a record (see `changePart`), saying why. */
export async function retractPart<P extends WritableRecord, T extends RetractableRecord & { id: string }>(
  ctx: RequestContext<unknown>,
  target: PartTarget<P, T> & { reason: string },
): Promise<T> {
  const retraction = retractionBy(requirePartner(ctx.caller), target.reason);
  return changePart(ctx, target, (_em, part) => {
    if (part.retracted) throw new ConflictError(target.name, target.id, "is already retracted; restore it first to retract it again");
    part.retracted = retraction;
  });
}

/** Restores a retracted part of a record (see `changePart`). */
export async function restorePart<P extends WritableRecord, T extends RetractableRecord & { id: string }>(ctx: RequestContext<unknown>, target: PartTarget<P, T>): Promise<T> {
  return changePart(ctx, target, (_em, part) => {
    if (!part.retracted) throw new ConflictError(target.name, target.id, "is not retracted");
    part.retracted = null;
  });
}

/** The `expectedVersion` argument of every update, described once. */
export const EXPECTED_VERSION = { description: "The record's `version` as you read it; if it has changed since, the update fails with CONFLICT." };

/** The optional `expectedVersion` of a write that adds a part to a record (`noun`): that record's version. */
export const PARENT_VERSION = (noun: string) => ({
  nullable: true,
  description: `The ${noun}'s \`version\` as you read it: the addition is a new version of the ${noun}, and fails with CONFLICT if it has changed since. Unchecked when absent.`,
});
