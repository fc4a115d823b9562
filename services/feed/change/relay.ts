import type { Pool, PoolClient } from "pg";
import { logger } from "../../../lib/platform/logger";

/** The relay's batch: at most this many outbox rows per subgraph and turn. */
const BATCH = 500;
// Every append takes this lock, so that feed positions commit in the order they are given: a reader never skips one.
const APPEND_LOCK = 4_206_001;

interface OutboxRow {
  id: string;
  txid: string;
  entity: string;
  record_id: string;
  action: string;
  partner_id: string;
  at: Date;
  countries: string[];
  after: Record<string, unknown> | null;
}

/**
 * The outbox rows of one subgraph after `(txid, id)` whose transactions are all over: below the oldest transaction
 * still running (`pg_snapshot_xmin`), no transaction can commit a row any more, so reading in (txid, id) order from
 * a position never passes a row that commits later (docs/decisions/0012-change-feed-one-order.md).
 */
export async function readSettledOutbox(source: Pool, after: { txid: string; id: string }): Promise<OutboxRow[]> {
  const { rows } = await source.query<OutboxRow>(
    `select id::text, txid::text, entity, record_id, action, partner_id, at, countries, after from change_outbox
      where (txid, id) > ($1::xid8, $2::bigint) and txid < pg_snapshot_xmin(pg_current_snapshot())
      order by txid, id limit $3`,
    [after.txid, after.id, BATCH],
  );
  return rows;
}

/** Where the relay stands in each subgraph's outbox. */
export async function relayPositions(feed: Pool): Promise<Map<string, { txid: string; id: string }>> {
  const { rows } = await feed.query<{ source: string; txid: string; outbox_id: string }>(`select source, txid::text, outbox_id::text from relay_position`);
  return new Map(rows.map(row => [row.source, { txid: row.txid, id: row.outbox_id }]));
}

/**
 * Appends one subgraph's settled outbox rows to the feed, with the relay's new position and a delivery for every
 * webhook that follows them, in one transaction: each change is in the feed once, whatever crashes.
 */
export async function appendToFeed(client: PoolClient, source: string, rows: OutboxRow[]): Promise<number> {
  if (!rows.length) return 0;
  await client.query("begin");
  try {
    await client.query("select pg_advisory_xact_lock($1)", [APPEND_LOCK]);
    const last = rows[rows.length - 1];
    const { rows: appended } = await client.query<{ position: string }>(
      `insert into feed_change (source, source_id, entity, record_id, action, partner_id, at, countries, after)
        select $1, r.id, r.entity, r.record_id, r.action, r.partner_id, r.at, r.countries, r.after
          from rows from (jsonb_to_recordset($2::jsonb) as (id bigint, entity text, record_id text, action text, partner_id text, at timestamptz, countries text[], after jsonb))
            with ordinality as r(id, entity, record_id, action, partner_id, at, countries, after, n)
          order by r.n
        on conflict (source, source_id) do nothing returning position::text`,
      [source, JSON.stringify(rows.map(({ txid: _txid, ...row }) => row))],
    );
    await client.query(
      `insert into relay_position (source, txid, outbox_id) values ($1, $2::xid8, $3)
        on conflict (source) do update set txid = excluded.txid, outbox_id = excluded.outbox_id
          where (relay_position.txid, relay_position.outbox_id) < (excluded.txid, excluded.outbox_id)`,
      [source, last.txid, last.id],
    );
    await client.query(
      `insert into webhook_delivery (id, subscription_id, change_position, status, attempts, queued, created_at)
        select 'msg_' || replace(gen_random_uuid()::text, '-', ''), s.id, c.position, 'PENDING', 0, false, now()
          from feed_change c join webhook_subscription s
            on s.active and (cardinality(s.types) = 0 or c.entity = any(s.types)) and (cardinality(s.countries) = 0 or c.countries && s.countries)
         where c.position = any($1::bigint[]) order by c.position, s.id`,
      [appended.map(row => row.position)],
    );
    await client.query("commit");
    return appended.length;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  }
}

/** One turn of the relay over every source: what each has settled since its position goes into the feed. */
export async function relayOnce(feed: Pool, sources: Map<string, Pool>): Promise<number> {
  const positions = await relayPositions(feed);
  let total = 0;
  for (const [name, pool] of sources) {
    const rows = await readSettledOutbox(pool, positions.get(name) ?? { txid: "0", id: "0" });
    if (!rows.length) continue;
    const client = await feed.connect();
    try {
      const appended = await appendToFeed(client, name, rows);
      total += appended;
      if (appended) logger.debug({ source: name, appended }, "relayed changes to the feed");
    } finally {
      client.release();
    }
  }
  return total;
}
