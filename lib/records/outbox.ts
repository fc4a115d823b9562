import { Entity, Index, PrimaryKey, Property, type EntityManager } from "@mikro-orm/postgresql";

/**
 * One audited write waiting for the change feed: written by `audit()` in the write's own transaction, so that a write
 * commits with its row or not at all. The feed subgraph's relay reads these rows once every transaction that could
 * still add an earlier one has ended (`txid` below the snapshot's xmin; docs/decisions/0012-change-feed-one-order.md).
 */
@Entity({ tableName: "change_outbox" })
@Index({ properties: ["txid", "id"] })
export class OutboxEntry {
  @PrimaryKey({ type: "bigint", autoincrement: true })
  id!: string;

  // Filled by PostgreSQL with the writing transaction's id: never set here, so the column default applies.
  @Property({ columnType: "xid8", type: "string", defaultRaw: "pg_current_xact_id()", nullable: true })
  txid?: string;

  @Property({ type: "text" })
  entity!: string;

  @Property({ type: "text" })
  recordId!: string;

  @Property({ type: "text" })
  action!: string;

  @Property({ type: "text" })
  partnerId!: string;

  @Property({ type: "timestamptz" })
  at!: Date;

  /** The countries the record is in, before or after the write, for partners who follow some countries only. */
  @Property({ type: "text[]" })
  countries: string[] = [];

  @Property({ type: "jsonb", nullable: true })
  after?: Record<string, unknown> | null;
}

/** What `audit()` knows of a write. */
export interface AuditedWrite {
  entity: string;
  recordId: string;
  action: string;
  partnerId: string;
  at: Date;
  before?: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

const COUNTRY_FIELDS = ["country", "countries", "eligibleCountries"];

/** The countries a record snapshot names: a cluster's or organisation's country, a partnership's, a programme's eligible ones. */
export function countriesOf(...snapshots: (Record<string, unknown> | null | undefined)[]): string[] {
  const found = new Set<string>();
  for (const snapshot of snapshots)
    for (const field of COUNTRY_FIELDS) {
      const value = snapshot?.[field];
      for (const country of Array.isArray(value) ? value : [value]) if (typeof country === "string" && /^[A-Z]{2}$/.test(country)) found.add(country);
    }
  return [...found].sort();
}

/** Adds the write's outbox row to the unit of work of `em`, which the write's transaction flushes with its audit entry. */
export function recordChange(em: EntityManager, write: AuditedWrite): void {
  // The gateway's partner store audits keys and partners, which are not records of the graph: it has no outbox, and no feed reads it.
  if (!em.getMetadata().find(OutboxEntry.name)) return;
  em.persist(
    em.create(OutboxEntry, {
      entity: write.entity,
      recordId: write.recordId,
      action: write.action,
      partnerId: write.partnerId,
      at: write.at,
      countries: countriesOf(write.before, write.after),
      after: write.after,
    }),
  );
}
