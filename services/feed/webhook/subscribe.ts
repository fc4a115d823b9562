import { randomBytes, randomUUID } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import { BadUserInputError } from "../../../lib/platform/errors";
import { CountryCode } from "../../../lib/records/country";
import { checkTypes } from "../change/feed-change.resolver";
import { checkWebhookUrl } from "./webhook-url";
import { CreatedWebhookSubscription, WebhookSubscription } from "./webhook.entity";
import type { WebhookSubscriptionInput } from "./webhook.inputs";

export const MAX_SUBSCRIPTIONS = 20;

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/** Makes a partner's webhook, checked as the mutation and `npm run partner:webhook` both need it; the secret is in the answer only. */
export async function subscribe(em: EntityManager, partnerId: string, input: WebhookSubscriptionInput, allowPrivate: boolean): Promise<CreatedWebhookSubscription> {
  const url = checkWebhookUrl(input.url, allowPrivate);
  const types = checkTypes(input.types, "types");
  const wrong = (input.countries ?? []).find(country => !(country in CountryCode));
  if (wrong !== undefined) throw new BadUserInputError("countries", `"${wrong.slice(0, 8)}" is not an ISO 3166-1 alpha-2 code`);
  if ((await em.count(WebhookSubscription, { partnerId, active: true })) >= MAX_SUBSCRIPTIONS)
    throw new BadUserInputError("input", `a partner may have at most ${MAX_SUBSCRIPTIONS} active webhooks: cancel one first`);
  const secret = newSecret();
  const subscription = em.create(WebhookSubscription, {
    id: randomUUID(),
    partnerId,
    url,
    types,
    countries: [...new Set(input.countries ?? [])].sort(),
    secret,
    active: true,
    createdAt: new Date(),
  });
  await em.persistAndFlush(subscription);
  return { subscription, secret };
}
