import type { EntityManager } from "@mikro-orm/postgresql";
import { findFirstIn, loaderPer, manyLoader } from "../../../lib/subgraph/loaders";
import { WebhookDelivery, type DeliveryStatus } from "./webhook.entity";

/** Request-scoped loaders of webhook deliveries: the newest `first` of each subscription, of one status or all. */
export const webhookLoaders = (em: EntityManager) => ({
  deliveriesOf: loaderPer((first: number, status: DeliveryStatus | null) =>
    manyLoader<string, WebhookDelivery>(
      ids => findFirstIn(em, WebhookDelivery, "subscriptionId", ids, first, { changePosition: "desc", id: "desc" }, status ? { sql: "t.status = ?", bindings: [status] } : undefined),
      delivery => delivery.subscriptionId,
    ),
  ),
});
