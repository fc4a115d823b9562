import { z } from "zod";
import { readConfig } from "../../lib/platform/config";
import { SUBGRAPHS } from "../registry";

const seconds = (fallback: number) => z.coerce.number().int().min(1).max(86_400).default(fallback);

/** The feed's own variables, beside every subgraph's (lib/platform/config.ts): its relay and its webhook deliverer. */
export const feedConfigSchema = z.object({
  DATABASE_URL: z.string().url("must be a postgres:// URL of the feed's own database"),
  // The subgraphs whose outboxes the relay reads; each one's database is named like the feed's with its own name.
  FEED_SOURCES: z
    .string()
    .default(SUBGRAPHS.filter(name => name !== "feed").join(","))
    .transform(list => list.split(",").map(name => name.trim()).filter(Boolean))
    .refine(names => names.every(name => /^[a-z][a-z0-9_]*$/.test(name)), "must be subgraph names separated by commas"),
  FEED_RELAY_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(500),
  // `true` lets webhooks point at loopback and private addresses: for tests and a closed network only (docs/security.md).
  WEBHOOK_ALLOW_PRIVATE_URLS: z.enum(["true", "false"]).default("false"),
  WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(30).default(12),
  // The first retry waits about this long, each further one twice as long (pg-boss's backoff, with jitter).
  WEBHOOK_RETRY_DELAY_SECONDS: seconds(10),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  // A try whose deliverer died is tried again once this has passed since it started, at the next maintenance.
  WEBHOOK_EXPIRE_SECONDS: seconds(60),
  WEBHOOK_MAINTENANCE_SECONDS: seconds(30),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  // How often the deliverer asks the queue for work when it found none (pg-boss's floor is 0.5).
  WEBHOOK_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
});

export type FeedConfig = z.infer<typeof feedConfigSchema>;

let read: FeedConfig | undefined;
/** The feed's variables, read and checked once. */
export const feedConfig = (): FeedConfig => (read ??= readConfig(feedConfigSchema));
