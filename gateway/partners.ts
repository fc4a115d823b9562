import { createHash, randomBytes } from "node:crypto";
import { Entity, Index, ManyToOne, PrimaryKey, Property, type EntityManager, type MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../lib/platform/auth";
import { ensureDatabase, openDatabase } from "../lib/platform/database";
import { BadUserInputError, ConflictError } from "../lib/platform/errors";
import { PARTNER_ID } from "../lib/records/grants";
import { Field, ID, ObjectType } from "type-graphql";
import { audit, AuditEntry } from "../lib/records/audit";
import { migrations } from "./migrations";

/** A partner NGO (or an administrator) that may write to the graph. */
@ObjectType("Partner", { description: "A partner NGO (or an administrator) that writes to the graph with its API keys." })
@Entity({ tableName: "partner" })
export class Partner {
  @Field(_type => ID, { description: "The partner's id: records it creates name it as `ownerId`, grants and changes as `partnerId`." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field({ description: "The partner's name." })
  @Property({ type: "text" })
  name!: string;

  /** An administrator may change every record, the sample data included. */
  @Field({ description: "An administrator may change every record, create partners and grant records." })
  @Property({ type: "boolean", default: false })
  admin: boolean = false;

  @Field({ description: "When the partner was registered, as an ISO 8601 timestamp (UTC)." })
  @Property({ type: "timestamptz" })
  createdAt: Date = new Date();
}

/** An API key of a partner. Only its SHA-256 is kept: the key itself is shown once, when it is made. */
@ObjectType("ApiKey", { description: "An API key of a partner, without the key itself: only its hash is kept, and the key was shown once." })
@Entity({ tableName: "api_key" })
export class ApiKey {
  @Field(_type => ID, { description: "The key's id, to revoke it by (not the key)." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Field(_type => ID, { description: "The partner the key belongs to." })
  @ManyToOne(() => Partner, { mapToPk: true, fieldName: "partner_id" })
  @Index()
  partnerId!: string;

  @Property({ type: "text", unique: true })
  hash!: string;

  @Field({ description: "When the key was made, as an ISO 8601 timestamp (UTC)." })
  @Property({ type: "timestamptz" })
  createdAt: Date = new Date();

  @Field(_type => Date, { nullable: true, description: "When the key was revoked; empty while it works." })
  @Property({ type: "timestamptz", nullable: true })
  revokedAt?: Date | null;
}

/** A browser's sign-in to the portal (gateway/sessions.ts): only hashes of its id and CSRF token are kept. */
@Entity({ tableName: "portal_session" })
export class PortalSession {
  /** SHA-256 of the session id the cookie carries. */
  @PrimaryKey({ type: "text" })
  hash!: string;

  @ManyToOne(() => ApiKey, { mapToPk: true, fieldName: "key_id", deleteRule: "cascade" })
  @Index()
  keyId!: string;

  @Property({ type: "timestamptz" })
  createdAt: Date = new Date();

  @Property({ type: "timestamptz" })
  lastSeenAt: Date = new Date();
}

/** The gateway's own tables and the migrations that make them; the audit trail of keys and partners is lib's. */
export const gatewayDatabase = { entities: [Partner, ApiKey, PortalSession, AuditEntry], migrations };

/**
 * SHA-256 of a key. Enough for keys of 256 random bits: nobody can guess one from its hash, so the slow, salted
 * hashes that passwords need would only slow down every request.
 */
export const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** Opens (creating and migrating when needed) the gateway's database of partners and keys. */
export async function openPartnerStore(databaseUrl: string): Promise<MikroORM> {
  await ensureDatabase(databaseUrl);
  const { orm } = await openDatabase({ databaseUrl, ...gatewayDatabase });
  await orm.getMigrator().up();
  return orm;
}

const slug = (name: string) =>
  name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** Who the command line acts as in the audit trail: an administrator without a partner of its own. */
export const COMMAND_LINE: Caller = { partnerId: "command-line", admin: true };

/** Makes a key for a partner, with its audit entry; returns the key (to show once) and the id to list or revoke it by. */
export async function issueKey(em: EntityManager, partnerId: string, by: Caller = COMMAND_LINE): Promise<{ keyId: string; key: string; apiKey: ApiKey }> {
  const key = `chk_${randomBytes(32).toString("base64url")}`;
  const keyId = `key_${randomBytes(6).toString("hex")}`;
  const apiKey = em.create(ApiKey, { id: keyId, partnerId, hash: hashKey(key), createdAt: new Date() });
  await em.flush();
  audit(em, by, "ApiKey", keyId, null, { partnerId, createdAt: apiKey.createdAt.toISOString() });
  await em.flush();
  return { keyId, key, apiKey };
}

/** Registers a partner and makes its first key; a taken id is CONFLICT, a bad name or id BAD_USER_INPUT. */
export async function createPartner(
  em: EntityManager,
  options: { name: string; id?: string | null; admin?: boolean | null },
  by: Caller = COMMAND_LINE,
): Promise<{ partner: Partner; keyId: string; key: string; apiKey: ApiKey }> {
  const name = options.name.trim();
  if (name.length < 1 || name.length > 200) throw new BadUserInputError("name", "must be 1 to 200 characters");
  if (options.id != null && (!PARTNER_ID.test(options.id) || options.id.length > 60))
    throw new BadUserInputError("id", "must be lower-case letters and digits joined by hyphens, at most 60 characters");
  const id = options.id ?? (slug(name).slice(0, 60).replace(/-$/, "") || `partner-${randomBytes(4).toString("hex")}`);
  if (await em.findOne(Partner, { id })) throw new ConflictError("Partner", id, "exists already; choose another id");
  const partner = em.create(Partner, { id, name, admin: options.admin ?? false, createdAt: new Date() });
  await em.flush();
  audit(em, by, "Partner", id, null, { name, admin: partner.admin });
  return { partner, ...(await issueKey(em, id, by)) };
}

/** A partner's keys, newest first, without their hashes. */
export async function listKeys(em: EntityManager, partnerId: string) {
  const keys = await em.find(ApiKey, { partnerId }, { orderBy: { createdAt: "desc", id: "asc" } });
  return keys.map(k => ({ keyId: k.id, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null }));
}

/**
 * Revokes a key and ends its portal sessions: from the next request on, both are refused. Only the key's partner or an
 * administrator may; anyone else's key is answered as unknown (null), so that key ids cannot be probed.
 */
export async function revokeKey(em: EntityManager, keyId: string, by: Caller = COMMAND_LINE): Promise<ApiKey | null> {
  const key = await em.findOne(ApiKey, { id: keyId });
  if (!key || (!by.admin && key.partnerId !== by.partnerId)) return null;
  if (!key.revokedAt) {
    key.revokedAt = new Date();
    audit(em, by, "ApiKey", keyId, { revokedAt: null }, { revokedAt: key.revokedAt.toISOString() });
  }
  await em.flush();
  await em.nativeDelete(PortalSession, { keyId });
  return key;
}

interface PartnerRow {
  partner_id: string;
  admin: boolean;
  name: string;
}

/** A row of `partner` as a caller, with its name. */
export const callerOfRow = (row: PartnerRow) => ({ caller: { partnerId: row.partner_id, admin: row.admin }, partnerName: row.name });

/** The live key behind a key's text, with its partner, in one statement: null for an unknown or revoked key. */
export async function liveKey(em: EntityManager, key: string): Promise<{ keyId: string; caller: Caller; partnerName: string } | null> {
  const [row] = await em.getConnection().execute<(PartnerRow & { key_id: string })[]>(
    `select k.id as key_id, p.id as partner_id, p.admin, p.name from api_key k join partner p on p.id = k.partner_id where k.hash = ? and k.revoked_at is null`,
    [hashKey(key)],
  );
  return row ? { keyId: row.key_id, ...callerOfRow(row) } : null;
}

/** The partner a key belongs to, or null for an unknown or revoked key: one indexed statement per request. */
export const callerOfKey = async (em: EntityManager, key: string): Promise<Caller | null> => (await liveKey(em, key))?.caller ?? null;
