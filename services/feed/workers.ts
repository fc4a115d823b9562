import PgBoss from "pg-boss";
import { Pool } from "pg";
import { logger } from "../../lib/platform/logger";
import { relayOnce } from "./change/relay";
import type { FeedConfig } from "./config";
import { deliver, deliveryQueue, dispatchDeliveries, DELIVERY_QUEUE, type DeliveryJob } from "./webhook/deliverer";

/** The database of another subgraph on the feed's server: named like the feed's, with its own name for `feed`. */
export function sourceDatabaseUrl(feedUrl: string, source: string): string {
  const url = new URL(feedUrl);
  if (!/_feed$/.test(url.pathname)) throw new Error(`DATABASE_URL must name the feed's database as <prefix>_feed to find the other subgraphs' databases, got ${url.pathname}`);
  url.pathname = url.pathname.replace(/_feed$/, `_${source}`);
  return url.toString();
}

/**
 * Starts the feed's background work beside its server: the relay, which appends every subgraph's settled outbox rows to
 * the feed and queues a delivery for each webhook that follows them, and the deliverers, which send them through pg-boss.
 * Answers a function that stops both.
 */
export async function startFeedWorkers(config: FeedConfig): Promise<() => Promise<void>> {
  const log = logger.child({ subgraph: "feed" });
  // Its own connections, not MikroORM's: the subgraph's SQL statement count (GET /metrics) stays the requests' own.
  const feed = new Pool({ connectionString: config.DATABASE_URL, max: 4 });
  const sources = new Map(config.FEED_SOURCES.map(name => [name, new Pool({ connectionString: sourceDatabaseUrl(config.DATABASE_URL, name), max: 1 })]));
  const boss = new PgBoss({
    connectionString: config.DATABASE_URL,
    max: config.WEBHOOK_CONCURRENCY + 2,
    schedule: false,
    maintenanceIntervalSeconds: config.WEBHOOK_MAINTENANCE_SECONDS,
  });
  boss.on("error", error => log.error({ err: error }, "webhook queue error"));
  await boss.start();
  await boss.createQueue(DELIVERY_QUEUE, deliveryQueue(config));

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> = Promise.resolve();
  const loop = () => {
    turn = (async () => {
      try {
        await relayOnce(feed, sources);
        await dispatchDeliveries(feed, boss, config);
      } catch (error) {
        // A subgraph's database away, or not migrated yet at start (42P01): the next turn tries again from the same position.
        if ((error as { code?: string }).code === "42P01") log.debug({ err: error }, "a subgraph's outbox is not there yet");
        else log.warn({ err: error }, "relay turn failed");
      }
      if (!stopped) timer = setTimeout(loop, config.FEED_RELAY_INTERVAL_MS);
    })();
  };
  loop();
  // One poller fetching up to WEBHOOK_CONCURRENCY deliveries, sent together: a failed one is failed on its own (pg-boss then
  // retries it after its backoff), and pg-boss completes the rest when the batch returns.
  await boss.work<DeliveryJob>(
    DELIVERY_QUEUE,
    { batchSize: config.WEBHOOK_CONCURRENCY, pollingIntervalSeconds: config.WEBHOOK_POLL_SECONDS, includeMetadata: true },
    jobs =>
      Promise.all(
        jobs.map(job =>
          deliver(feed, job, config).catch((error: unknown) => boss.fail(DELIVERY_QUEUE, job.id, { message: error instanceof Error ? error.message : String(error) })),
        ),
      ),
  );
  log.info({ sources: config.FEED_SOURCES }, "feed relay and webhook deliverers started");

  return async () => {
    stopped = true;
    clearTimeout(timer);
    await turn;
    await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    await Promise.all([feed.end(), ...[...sources.values()].map(pool => pool.end())]);
  };
}
