import { buildFederatedSchema } from "../../lib/subgraph/subgraph-schema";
import { FeedChangeResolver } from "./change/feed-change.resolver";
import { WebhookDeliveryResolver, WebhookSubscriptionResolver } from "./webhook/webhook.resolver";

/** The feed subgraph schema. */
export const buildFeedSchema = () =>
  buildFederatedSchema({
    resolvers: [FeedChangeResolver, WebhookSubscriptionResolver, WebhookDeliveryResolver],
    references: {},
  });
