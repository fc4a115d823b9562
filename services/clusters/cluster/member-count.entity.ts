import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from "@mikro-orm/postgresql";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { RetractableRecord } from "../../../lib/records/records";
import { Cluster, MemberCountQualifier } from "./cluster.entity";

@ObjectType({ description: "One observation of how many members a cluster had: the count, how the source put it, when it held and which source says so. Observations are never overwritten." })
@Entity({ tableName: "member_count" })
// The latest dated count of a cluster, for filtering and sorting by it.
@Index({ properties: ["clusterId", "asOf"] })
export class MemberCount extends RetractableRecord {
  @Field(_type => ID, { description: "Stable identifier of the observation." })
  @PrimaryKey({ type: "text" })
  id!: string;

  @ManyToOne(() => Cluster, { mapToPk: true, fieldName: "cluster_id" })
  @Index()
  clusterId!: string;

  @Field(_type => Int, { description: "The number of members." })
  @Property({ type: "int" })
  count!: number;

  @Field(_type => MemberCountQualifier, { description: "Whether the source gives the count exactly, as a lower bound or as an approximation." })
  @Enum({ items: () => MemberCountQualifier })
  qualifier!: MemberCountQualifier;

  @Field(_type => PartialDate, { nullable: true, description: "When the count held, as precise as the source; empty when the source gives no year." })
  @Property({ type: "text", nullable: true })
  asOf?: string | null;

  @Field({ description: "The source's own words for the count and its date." })
  @Property({ type: "text" })
  asWritten!: string;

  @Field(_type => String, { nullable: true, description: "Which members are counted, where the source says (founding members, supporting members, ...)." })
  @Property({ type: "text", nullable: true })
  memberKind?: string | null;

  @Property({ type: "text" })
  sourceId!: string;
}
