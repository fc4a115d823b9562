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
import type { OwnedRecord } from "./records";
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
  /** A record the new one hangs on (a membership's cluster): the caller must be allowed to change it. */
  parent?: { entity: EntityClass<WritableRecord>; name: string; id: string };
}

/** Creates a record owned by the caller, citing its source, with its audit entry: one transaction. */
export async function createRecord<T extends { id: string }>(ctx: RequestContext<unknown>, options: CreateOptions<T>): Promise<T> {
  const caller = requirePartner(ctx.caller);
  const id = options.id ?? randomUUID();
  const lost = "already exists, or another write made it at the same time; choose another id";
  return raceAsConflict(options.name, id, lost, () => ctx.em.transactional(async em => {
    if (options.parent) {
      const parent = await em.findOne(options.parent.entity, { id: options.parent.id });
      if (!parent) throw new NotFoundError(options.parent.name, options.parent.id);
      await authorise(em, caller, options.parent.name, parent);
    }
    if (await em.findOne(options.entity, { id } as never)) throw new ConflictError(options.name, id, "already exists; choose another id");
    const sourceId = await citeSource(em, options.source);
    const cited =
      options.kind === "observation" ? { sourceId } : options.kind === "part" ? { sourceIds: [sourceId] } : { ownerId: caller.partnerId, version: 1, sourceIds: [sourceId] };
    // A field left empty takes the column's default: an empty list, or null.
    const data = citeNames(Object.fromEntries(Object.entries(options.data).filter(([, value]) => value != null)), sourceId);
    const record = em.create(options.entity, { ...data, id, ...cited } as never);
    refreshSearchDocument(options.entity, record);
    refreshLocation(options.entity, record, sourceId);
    await em.flush();
    audit(em, caller, options.name, id, null, snapshot(record));
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

export interface UpdateOptions<T extends WritableRecord> {
  entity: EntityClass<T>;
  name: string;
  id: string;
  /** The version the caller read; a different one in the database means someone else changed it since. */
  expectedVersion: number;
  /** The fields to change, checked by the input's rules (see `given`). */
  changes: object;
  source: SourceInput;
}

/**
 * Changes a record the caller may change, in one transaction: the row is locked, so of two concurrent writes
 * with the same `expectedVersion` one wins and the other gets CONFLICT.
 */
export async function updateRecord<T extends WritableRecord>(ctx: RequestContext<unknown>, options: UpdateOptions<T>): Promise<T> {
  const caller = requirePartner(ctx.caller);
  const conflict = "was changed at the same time by another write: read it again and reapply the change";
  return raceAsConflict(options.name, options.id, conflict, () => ctx.em.transactional(async em => {
    const record = (await em.findOne(options.entity, { id: options.id } as never, { lockMode: LockMode.PESSIMISTIC_WRITE })) as T | null;
    if (!record) throw new NotFoundError(options.name, options.id);
    await authorise(em, caller, options.name, record);
    if (record.version !== options.expectedVersion)
      throw new ConflictError(options.name, options.id, `is at version ${record.version}, not ${options.expectedVersion}: read it again and reapply the change`);
    const before = snapshot(record);
    const sourceId = await citeSource(em, options.source);
    wrap(record).assign({
      ...citeNames(options.changes, sourceId),
      version: record.version + 1,
      sourceIds: record.sourceIds.includes(sourceId) ? record.sourceIds : [...record.sourceIds, sourceId],
    } as never);
    // A changed name, alias or place must find the record at once, and an old one no longer.
    refreshSearchDocument(options.entity, record);
    // A changed city or country moves the record, placed by this write's source; coordinates never come from the client.
    refreshLocation(options.entity, record, sourceId);
    await em.flush();
    audit(em, caller, options.name, options.id, before, snapshot(record));
    return record;
  }));
}

/** The `expectedVersion` argument of every update, described once. */
export const EXPECTED_VERSION = { description: "The record's `version` as you read it; if it has changed since, the update fails with CONFLICT." };
