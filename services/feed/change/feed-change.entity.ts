import { Entity, Index, PrimaryKey, Property, Unique } from "@mikro-orm/postgresql";
import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ObjectType } from "type-graphql";
import { ChangeAction } from "../../../lib/records/audit";
import { CountryCode } from "../../../lib/records/country";
import { encodeCursor } from "./cursor";

/** One audited write of any subgraph, appended to the one feed in commit order; its position is its place in that order. */
@ObjectType({ description: "One create or update of a record in any subgraph, in the feed's single order." })
@Entity({ tableName: "feed_change" })
@Unique({ properties: ["source", "sourceId"] })
@Index({ properties: ["entity", "position"] })
export class FeedChange {
  @PrimaryKey({ type: "bigint", autoincrement: true })
  position!: string;

  @Field(_type => String, { description: "Where this change stands in the feed: pass it as `since` to read the changes after it. Opaque." })
  get cursor(): string {
    return encodeCursor(this.position);
  }

  @Field({ description: "The subgraph that owns the record (organisations, clusters, ...)." })
  @Property({ type: "text" })
  source!: string;

  /** The change's row in its subgraph's outbox: appending it twice is a no-op. */
  @Property({ type: "bigint" })
  sourceId!: string;

  @Field({ description: "The type of the record that changed (Cluster, Organisation, Membership, ...)." })
  @Property({ type: "text" })
  entity!: string;

  @Field({ description: "The id of the record that changed." })
  @Property({ type: "text" })
  recordId!: string;

  @Field(_type => ChangeAction, { description: "What the write did to the record." })
  @Property({ type: "text" })
  action!: ChangeAction;

  @Field({ description: "The partner that made the change (its id in the gateway's partner store)." })
  @Property({ type: "text" })
  partnerId!: string;

  @Field({ description: "When the write was made, as an ISO 8601 timestamp (UTC)." })
  @Property({ type: "timestamptz" })
  at!: Date;

  @Field(_type => [CountryCode], { description: "The countries the record is in, before or after the write; empty for a record without one (a membership)." })
  @Property({ type: "text[]" })
  countries: string[] = [];

  @Field(_type => GraphQLJSONObject, { nullable: true, description: "The record after the change, as its subgraph's audit trail keeps it." })
  @Property({ type: "jsonb", nullable: true })
  after?: Record<string, unknown> | null;

  @Property({ type: "timestamptz", defaultRaw: "now()" })
  appendedAt?: Date;
}

/** How far the relay has read one subgraph's outbox: the last (transaction id, outbox id) appended. */
@Entity({ tableName: "relay_position" })
export class RelayPosition {
  @PrimaryKey({ type: "text" })
  source!: string;

  @Property({ columnType: "xid8", type: "string" })
  txid!: string;

  @Property({ type: "bigint" })
  outboxId!: string;
}
