import type { EntityManager } from "@mikro-orm/postgresql";
import { loaderPer, manyLoader } from "../../../lib/subgraph/loaders";
import { WebhookDelivery, type DeliveryStatus } from "./webhook.entity";

/** Request-scoped loaders of webhook deliveries: the newest `first` of each subscription, of one status or all. */
export const webhookLoaders = (em: EntityManager) => ({
  deliveriesOf: loaderPer((first: number, status: DeliveryStatus | null) =>
    manyLoader<string, WebhookDelivery>(async ids => {
      // One statement for the batch, `first` rows per subscription; em.map reads the timestamps as Dates.
      const rows = await em.getConnection().execute<Record<string, unknown>[]>(
        `select d.* from unnest(array[${ids.map(() => "?").join(", ")}]::text[]) as k(id) cross join lateral (
           select * from webhook_delivery t where t.subscription_id = k.id${status ? " and t.status = ?" : ""} order by t.change_position desc, t.id desc limit ?
         ) d`,
        [...ids, ...(status ? [status] : []), first],
      );
      return rows.map(row => em.map(WebhookDelivery, row));
    }, delivery => delivery.subscriptionId),
  ),
});
