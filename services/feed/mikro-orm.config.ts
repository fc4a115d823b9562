import { FeedChange, RelayPosition } from "./change/feed-change.entity";
import { WebhookDelivery, WebhookSubscription } from "./webhook/webhook.entity";
import { migrations } from "./migrations";

/** The feed subgraph's tables and the migrations that make them (pg-boss keeps its queue in a schema of its own). */
export const feedDatabase = { entities: [FeedChange, RelayPosition, WebhookSubscription, WebhookDelivery], migrations };
