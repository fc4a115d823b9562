import { Entity, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { OwnedRecord } from "../../../lib/records/records";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { Cluster } from "../cluster/cluster.entity";

export enum MembershipRole {
  FOUNDER = "FOUNDER",
  MEMBER = "MEMBER",
  COORDINATOR = "COORDINATOR",
  INITIATOR = "INITIATOR",
}

registerEnumType(MembershipRole, {
  name: "MembershipRole",
  description: "The part an organisation plays in a cluster.",
  valuesConfig: {
    FOUNDER: { description: "A founding member." },
    MEMBER: { description: "A member." },
    COORDINATOR: { description: "The body that coordinates or administers the cluster." },
    INITIATOR: { description: "A body on whose initiative the cluster was created." },
  },
});

@ObjectType({ description: "An organisation's place in a cluster: its roles and since when." })
@Entity({ tableName: "membership" })
// `memberships(first:)` walks a cluster's memberships in id order and stops after `first` (lib/subgraph/loaders.ts findFirstIn).
@Index({ properties: ["clusterId", "id"] })
export class Membership extends OwnedRecord {
  @Field(_type => ID, { description: "Stable identifier of the membership." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @ManyToOne(() => Cluster, { mapToPk: true, fieldName: "cluster_id" })
  @Index()
  clusterId!: string;

  @Property({ type: "text" })
  @Index()
  organisationId!: string;

  @Field(_type => [MembershipRole], { description: "The roles the organisation plays in the cluster; empty when its sources link it to the cluster but give it no role." })
  @Property({ type: "text[]" })
  roles!: MembershipRole[];

  @Field(_type => PartialDate, { nullable: true, description: "Since when, as precise as the source; empty when it does not say." })
  @Property({ type: "text", nullable: true })
  since?: string | null;

  @Field(_type => String, { nullable: true, description: "What the source says about this organisation's part in the cluster." })
  @Property({ type: "text", nullable: true })
  note?: string | null;
}
