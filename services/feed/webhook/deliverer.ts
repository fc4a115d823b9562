import http from "node:http";
import https from "node:https";
import type PgBoss from "pg-boss";
import type { Pool } from "pg";
import { Webhook } from "standardwebhooks";
import { encodeCursor } from "../change/cursor";
import type { FeedConfig } from "../config";
import { publicOnlyLookup } from "./webhook-url";

/** The pg-boss queue of webhook deliveries, in the feed's database. */
export const DELIVERY_QUEUE = "webhook-delivery";
/** Bytes of a receiver's answer read at most: its status is what counts. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface DeliveryJob {
  deliveryId: string;
}

/** The queue's retry policy: `WEBHOOK_RETRY_LIMIT` more tries, the wait doubling from `WEBHOOK_RETRY_DELAY_SECONDS`. */
export const deliveryQueue = (config: FeedConfig): PgBoss.Queue => ({
  name: DELIVERY_QUEUE,
  retryLimit: config.WEBHOOK_RETRY_LIMIT,
  retryDelay: config.WEBHOOK_RETRY_DELAY_SECONDS,
  retryBackoff: true,
  expireInSeconds: config.WEBHOOK_EXPIRE_SECONDS,
});

/**
 * Queues every delivery not queued yet (new ones, replayed ones): the rows are marked and their jobs inserted in one
 * transaction of the feed's database, so a crash queues each once or not at all, and the next turn does the rest.
 */
export async function dispatchDeliveries(feed: Pool, boss: PgBoss, config: FeedConfig): Promise<number> {
  const client = await feed.connect();
  try {
    await client.query("begin");
    const { rows } = await client.query<{ id: string }>(
      `update webhook_delivery set queued = true where id in (
         select id from webhook_delivery where not queued and status = 'PENDING' order by created_at, id limit 500 for update skip locked
       ) returning id`,
    );
    if (rows.length) {
      const policy = deliveryQueue(config);
      await boss.insert(
        rows.map(row => ({ name: DELIVERY_QUEUE, data: { deliveryId: row.id }, retryLimit: policy.retryLimit, retryDelay: policy.retryDelay, retryBackoff: true, expireInSeconds: policy.expireInSeconds })),
        { db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) } },
      );
    }
    await client.query("commit");
    return rows.length;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

interface DeliveryRow {
  id: string;
  status: string;
  url: string;
  secret: string;
  active: boolean;
  position: string;
  source: string;
  entity: string;
  record_id: string;
  action: string;
  partner_id: string;
  at: Date;
  countries: string[];
  after: Record<string, unknown> | null;
}

/** The event type of a change, as Standard Webhooks names them: `cluster.updated`, `organisation.created`. */
export const eventType = (entity: string, action: string) => `${entity.charAt(0).toLowerCase()}${entity.slice(1)}.${action.toLowerCase().replace(/e?$/, "ed")}`;

/** The body of a delivery: the Standard Webhooks envelope around the change as the feed serves it. */
export function deliveryBody(row: Omit<DeliveryRow, "id" | "status" | "url" | "secret" | "active">): string {
  return JSON.stringify({
    type: eventType(row.entity, row.action),
    timestamp: new Date(row.at).toISOString(),
    data: {
      cursor: encodeCursor(row.position),
      source: row.source,
      entity: row.entity,
      recordId: row.record_id,
      action: row.action,
      partnerId: row.partner_id,
      at: new Date(row.at).toISOString(),
      countries: row.countries,
      after: row.after,
    },
  });
}

/** POSTs one signed body; resolves with the receiver's status, or an error saying why nothing was answered. */
function post(url: string, headers: Record<string, string>, body: string, config: FeedConfig): Promise<{ status?: number; error?: string }> {
  return new Promise(resolve => {
    const target = new URL(url);
    const request = (target.protocol === "https:" ? https : http).request(target, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "cluster-hub-webhooks" },
      lookup: publicOnlyLookup(config.WEBHOOK_ALLOW_PRIVATE_URLS === "true"),
      timeout: config.WEBHOOK_TIMEOUT_MS,
    });
    request.on("timeout", () => request.destroy(new Error(`no answer within ${config.WEBHOOK_TIMEOUT_MS} ms`)));
    request.on("error", error => resolve({ error: error.message.slice(0, 300) }));
    request.on("response", response => {
      let read = 0;
      response.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) response.destroy();
      });
      response.on("close", () => resolve({ status: response.statusCode }));
      response.on("error", () => resolve({ status: response.statusCode }));
    });
    request.end(body);
  });
}

/**
 * Sends one delivery, signed with its subscription's secret; a failure is recorded on the row for the partner to see
 * and thrown, so that pg-boss tries again after its backoff, until its last try marks the row FAILED.
 */
export async function deliver(feed: Pool, job: PgBoss.JobWithMetadata<DeliveryJob>, config: FeedConfig): Promise<void> {
  const { rows } = await feed.query<DeliveryRow>(
    `select d.id, d.status, s.url, s.secret, s.active, c.position::text, c.source, c.entity, c.record_id, c.action, c.partner_id, c.at, c.countries, c.after
       from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id join feed_change c on c.position = d.change_position
      where d.id = $1`,
    [job.data.deliveryId],
  );
  const row = rows[0];
  // Delivered already (a replay raced a retry), or cancelled: nothing to send.
  if (!row || row.status === "DELIVERED" || !row.active) return;
  const sentAt = new Date();
  const body = deliveryBody(row);
  const signature = new Webhook(row.secret).sign(row.id, sentAt, body);
  const headers = { "webhook-id": row.id, "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "webhook-signature": signature };
  const answer = await post(row.url, headers, body, config);
  if (answer.status !== undefined && answer.status >= 200 && answer.status < 300) {
    await feed.query(`update webhook_delivery set status = 'DELIVERED', attempts = attempts + 1, last_error = null, last_attempt_at = $2, delivered_at = now() where id = $1`, [row.id, sentAt]);
    return;
  }
  const problem = answer.error ?? `the receiver answered HTTP ${answer.status}`;
  const last = job.retryCount >= job.retryLimit;
  await feed.query(`update webhook_delivery set status = $2, attempts = attempts + 1, last_error = $3, last_attempt_at = $4 where id = $1 and status <> 'DELIVERED'`, [
    row.id,
    last ? "FAILED" : "RETRYING",
    problem,
    sentAt,
  ]);
  throw new Error(problem);
}
