import { createHash, randomBytes } from "node:crypto";
import { Entity, Index, ManyToOne, PrimaryKey, Property, type EntityManager, type MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../lib/platform/auth";
import { ensureDatabase, openDatabase } from "../lib/platform/database";
import { migrations } from "./migrations";

/** A partner NGO (or an administrator) that may write to the graph. */
@Entity({ tableName: "partner" })
export class Partner {
  @PrimaryKey({ type: "text" })
  id!: string;

  @Property({ type: "text" })
  name!: string;

  /** An administrator may change every record, the sample data included. */
  @Property({ type: "boolean", default: false })
  admin: boolean = false;

  @Property({ type: "timestamptz" })
  createdAt: Date = new Date();
}

/** An API key of a partner. Only its SHA-256 is kept: the key itself is shown once, when it is made. */
@Entity({ tableName: "api_key" })
export class ApiKey {
  @PrimaryKey({ type: "text" })
  id!: string;

  @ManyToOne(() => Partner, { mapToPk: true, fieldName: "partner_id" })
  @Index()
  partnerId!: string;

  @Property({ type: "text", unique: true })
  hash!: string;

  @Property({ type: "timestamptz" })
  createdAt: Date = new Date();

  @Property({ type: "timestamptz", nullable: true })
  revokedAt?: Date | null;
}

/** The gateway's own tables and the migrations that make them. */
export const gatewayDatabase = { entities: [Partner, ApiKey], migrations };

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

/** Makes a key for a partner; returns the key (to show once) and the id to list or revoke it by. */
export async function issueKey(em: EntityManager, partnerId: string): Promise<{ keyId: string; key: string }> {
  const key = `chk_${randomBytes(32).toString("base64url")}`;
  const keyId = `key_${randomBytes(6).toString("hex")}`;
  em.persist(em.create(ApiKey, { id: keyId, partnerId, hash: hashKey(key), createdAt: new Date() }));
  await em.flush();
  return { keyId, key };
}

/** Registers a partner and makes its first key. */
export async function createPartner(
  em: EntityManager,
  options: { name: string; id?: string; admin?: boolean },
): Promise<{ partner: Partner; keyId: string; key: string }> {
  const id = options.id ?? (slug(options.name) || `partner-${randomBytes(4).toString("hex")}`);
  if (await em.findOne(Partner, { id })) throw new Error(`A partner with id "${id}" exists already; pass --id to choose another`);
  const partner = em.create(Partner, { id, name: options.name, admin: options.admin ?? false, createdAt: new Date() });
  await em.flush();
  return { partner, ...(await issueKey(em, id)) };
}

/** A partner's keys, newest first, without their hashes. */
export async function listKeys(em: EntityManager, partnerId: string) {
  const keys = await em.find(ApiKey, { partnerId }, { orderBy: { createdAt: "desc" } });
  return keys.map(k => ({ keyId: k.id, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null }));
}

/** Revokes a key: from the next request on, it is refused. Returns false for an unknown key. */
export async function revokeKey(em: EntityManager, keyId: string): Promise<boolean> {
  const key = await em.findOne(ApiKey, { id: keyId });
  if (!key) return false;
  key.revokedAt ??= new Date();
  await em.flush();
  return true;
}

/** The partner a key belongs to, or null for an unknown or revoked key: one indexed lookup per request. */
export async function callerOfKey(em: EntityManager, key: string): Promise<Caller | null> {
  const found = await em.findOne(ApiKey, { hash: hashKey(key), revokedAt: null });
  if (!found) return null;
  const partner = await em.findOne(Partner, { id: found.partnerId });
  return partner ? { partnerId: partner.id, admin: partner.admin } : null;
}
