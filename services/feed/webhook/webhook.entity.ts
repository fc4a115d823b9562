import { Entity, Index, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { CountryCode } from "../../../lib/records/country";

/** A partner's standing order for changes, delivered to its URL signed with its secret (Standard Webhooks). */
@ObjectType({ description: "A partner's webhook: the changes it follows (types, countries) and where they are delivered. Only its owner sees it." })
@Entity({ tableName: "webhook_subscription" })
@Index({ properties: ["partnerId"] })
export class WebhookSubscription {
  @Field(_type => ID, { description: "The subscription's id." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Property({ type: "text" })
  partnerId!: string;

  @Field({ description: "Where deliveries are POSTed (http or https)." })
  @Property({ type: "text" })
  url!: string;

  @Field(_type => [String], { description: "The record types followed (Cluster, Organisation, ...); empty for every type." })
  @Property({ type: "text[]" })
  types: string[] = [];

  @Field(_type => [CountryCode], { description: "The countries followed: a change is delivered when its record is in one of them; empty for every change." })
  @Property({ type: "text[]" })
  countries: string[] = [];

  /** The Standard Webhooks signing secret (`whsec_...`): shown to the partner once, when the subscription is made. */
  @Property({ type: "text" })
  secret!: string;

  @Field({ description: "False once cancelled: no further deliveries are made." })
  @Property({ type: "boolean" })
  active: boolean = true;

  @Field({ description: "When the subscription was made." })
  @Property({ type: "timestamptz" })
  createdAt: Date = new Date();
}

export enum DeliveryStatus {
  PENDING = "PENDING",
  RETRYING = "RETRYING",
  DELIVERED = "DELIVERED",
  FAILED = "FAILED",
}

registerEnumType(DeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a delivery stands.",
  valuesConfig: {
    PENDING: { description: "Queued, not tried yet (or queued again by a replay)." },
    RETRYING: { description: "Tried and failed; it will be tried again after a growing wait." },
    DELIVERED: { description: "The receiver answered with a 2xx status." },
    FAILED: { description: "Every try failed; `replayWebhookDeliveries` queues it again." },
  },
});

/** One change to be delivered to one subscription; its id is the `webhook-id` header, the same on every try and replay. */
@ObjectType({ description: "One change sent, or to be sent, to a webhook: its status, tries and last error." })
@Entity({ tableName: "webhook_delivery" })
@Index({ properties: ["subscriptionId", "changePosition"] })
export class WebhookDelivery {
  @Field(_type => ID, { description: "The delivery's id, sent as the `webhook-id` header: the same on every try, so receivers can drop repeats." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @Property({ type: "text" })
  subscriptionId!: string;

  @Property({ type: "bigint" })
  changePosition!: string;

  @Field(_type => DeliveryStatus, { description: "Where the delivery stands." })
  @Property({ type: "text" })
  status: DeliveryStatus = DeliveryStatus.PENDING;

  @Field(_type => Int, { description: "How many times it has been sent." })
  @Property({ type: "int" })
  attempts: number = 0;

  @Field(_type => String, { nullable: true, description: "Why the last try failed (an HTTP status, a timeout, a refused address); null after a success." })
  @Property({ type: "text", nullable: true })
  lastError?: string | null;

  @Field(_type => Date, { nullable: true, description: "When it was last sent." })
  @Property({ type: "timestamptz", nullable: true })
  lastAttemptAt?: Date | null;

  @Field(_type => Date, { nullable: true, description: "When the receiver accepted it." })
  @Property({ type: "timestamptz", nullable: true })
  deliveredAt?: Date | null;

  /** Handed to the queue: false until the dispatcher has queued it, and again after a replay. */
  @Property({ type: "boolean" })
  queued: boolean = false;

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  createdAt?: Date;
}

/** A new subscription with its signing secret, which is shown this once and never again. */
@ObjectType({ description: "A subscription just made, with its signing secret: keep the secret now, it is never shown again." })
export class CreatedWebhookSubscription {
  @Field(_type => WebhookSubscription, { description: "The subscription." })
  subscription!: WebhookSubscription;

  @Field({ description: "The Standard Webhooks signing secret (`whsec_...`) to verify deliveries with." })
  secret!: string;
}
