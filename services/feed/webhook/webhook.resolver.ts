import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { BadUserInputError, NotFoundError } from "../../../lib/platform/errors";
import { requirePartner } from "../../../lib/records/writes";
import { checkPageSize, MAX_PAGE } from "../../../lib/subgraph/pagination";
import { FeedChange } from "../change/feed-change.entity";
import { feedConfig } from "../config";
import type { FeedContext } from "../context";
import { MAX_SUBSCRIPTIONS, subscribe } from "./subscribe";
import { CreatedWebhookSubscription, DeliveryStatus, WebhookDelivery, WebhookSubscription } from "./webhook.entity";
import { WebhookSubscriptionInput } from "./webhook.inputs";

export const MAX_REPLAY = 100;

/** The caller's own subscription; anyone else's is answered as missing, so that its existence is not told. */
async function ownSubscription(ctx: FeedContext, id: string): Promise<WebhookSubscription> {
  const caller = requirePartner(ctx.caller);
  const subscription = id.length <= 64 ? await ctx.em.findOne(WebhookSubscription, { id, partnerId: caller.partnerId }) : null;
  if (!subscription) throw new NotFoundError("WebhookSubscription", id.slice(0, 64));
  return subscription;
}

@Resolver(_of => WebhookSubscription)
export class WebhookSubscriptionResolver {
  @Query(_returns => [WebhookSubscription], { description: "The calling partner's webhooks, oldest first (a partner key is needed)." })
  webhookSubscriptions(@Ctx() ctx: FeedContext): Promise<WebhookSubscription[]> {
    const caller = requirePartner(ctx.caller);
    return ctx.em.find(WebhookSubscription, { partnerId: caller.partnerId }, { orderBy: { createdAt: "asc", id: "asc" } });
  }

  @Mutation(_returns => CreatedWebhookSubscription, {
    description: `Makes a webhook for the calling partner: every later change of the types and countries given is POSTed to its URL, signed (Standard Webhooks). At most ${MAX_SUBSCRIPTIONS} active per partner. The signing secret is in the answer, and only there.`,
  })
  async createWebhookSubscription(
    @Arg("input", _type => WebhookSubscriptionInput, { description: "Where to deliver, and which changes." }) input: WebhookSubscriptionInput,
    @Ctx() ctx: FeedContext,
  ): Promise<CreatedWebhookSubscription> {
    return subscribe(ctx.em, requirePartner(ctx.caller).partnerId, input, feedConfig().WEBHOOK_ALLOW_PRIVATE_URLS === "true");
  }

  @Mutation(_returns => WebhookSubscription, { description: "Stops a webhook of the calling partner: nothing more is delivered to it, retries included." })
  async cancelWebhookSubscription(@Arg("id", _type => ID, { description: "The subscription's id." }) id: string, @Ctx() ctx: FeedContext): Promise<WebhookSubscription> {
    const subscription = await ownSubscription(ctx, id);
    subscription.active = false;
    await ctx.em.flush();
    return subscription;
  }

  @Mutation(_returns => [WebhookDelivery], {
    description: `Sends deliveries of a webhook again, with their \`webhook-id\` unchanged: the ones named, or every FAILED one (at most ${MAX_REPLAY} at a time).`,
  })
  async replayWebhookDeliveries(
    @Arg("subscriptionId", _type => ID, { description: "The subscription." }) subscriptionId: string,
    @Arg("deliveryIds", _type => [ID], { nullable: true, description: `The deliveries to send again; left out, every FAILED one. At most ${MAX_REPLAY}.` }) deliveryIds: string[] | null,
    @Ctx() ctx: FeedContext,
  ): Promise<WebhookDelivery[]> {
    const subscription = await ownSubscription(ctx, subscriptionId);
    if (!subscription.active) throw new BadUserInputError("subscriptionId", "the webhook is cancelled: make a new one");
    if (deliveryIds && (deliveryIds.length < 1 || deliveryIds.length > MAX_REPLAY))
      throw new BadUserInputError("deliveryIds", `name 1 to ${MAX_REPLAY} deliveries, or leave it out for every failed one`);
    const deliveries = deliveryIds
      ? await ctx.em.find(WebhookDelivery, { subscriptionId: subscription.id, id: { $in: deliveryIds } })
      : await ctx.em.find(WebhookDelivery, { subscriptionId: subscription.id, status: DeliveryStatus.FAILED }, { orderBy: { createdAt: "asc" }, limit: MAX_REPLAY });
    const missing = deliveryIds?.find(id => !deliveries.some(delivery => delivery.id === id));
    if (missing !== undefined) throw new NotFoundError("WebhookDelivery", missing.slice(0, 64));
    // Queued again by the feed's dispatcher (services/feed/webhook/deliverer.ts), which sends every unqueued PENDING one.
    for (const delivery of deliveries) {
      delivery.status = DeliveryStatus.PENDING;
      delivery.queued = false;
    }
    await ctx.em.flush();
    return deliveries;
  }

  @FieldResolver(_returns => [WebhookDelivery], { description: "The webhook's deliveries, newest first: status, tries and last error of each." })
  deliveries(
    @Root() subscription: WebhookSubscription,
    @Arg("status", _type => DeliveryStatus, { nullable: true, description: "Only deliveries in this state (FAILED, say)." }) status: DeliveryStatus | null,
    @Arg("first", _type => Int, { defaultValue: 20, description: `How many, from 1 to ${MAX_PAGE}.` }) first: number,
    @Ctx() ctx: FeedContext,
  ): Promise<WebhookDelivery[]> {
    checkPageSize(first);
    return ctx.loaders.deliveriesOf(first, status ?? null).load(subscription.id);
  }
}

@Resolver(_of => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(_returns => FeedChange, { nullable: true, description: "The change delivered." })
  change(@Root() delivery: WebhookDelivery, @Ctx() ctx: FeedContext): Promise<FeedChange | null> {
    return ctx.loaders.changeByPosition.load(String(delivery.changePosition));
  }
}
