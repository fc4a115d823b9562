import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { PartialDate } from "../../../lib/subgraph/partial-date";
import { Cluster, MemberCountQualifier } from "../cluster/cluster.entity";

export enum ClusterDimension {
  COUNTRY = "COUNTRY",
  SECTOR = "SECTOR",
  FOUNDED_YEAR = "FOUNDED_YEAR",
}

registerEnumType(ClusterDimension, {
  name: "ClusterDimension",
  description: "What to group clusters by in `clusterStats`.",
  valuesConfig: {
    COUNTRY: { description: "The country code." },
    SECTOR: { description: "Each sector a cluster lists, as written in its sources; a cluster with several sectors counts in each." },
    FOUNDED_YEAR: { description: "The earliest founding year; clusters without one are grouped under null." },
  },
});

@ObjectType({ description: "One group of clusters in `clusterStats`, with its counts." })
export class ClusterGroup {
  @Field(_type => String, { nullable: true, description: "The value grouped by: a country code, a sector or a year; null when clusters have none." })
  key!: string | null;

  @Field(_type => Int, { description: "How many clusters are in the group." })
  clusters!: number;

  @Field(_type => Int, { description: "How many memberships (organisations named as members, founders, coordinators or initiators) the group's clusters have in the graph." })
  memberships!: number;

  @Field(_type => Int, { description: "The sum of the group's latest dated member counts, as the sources report them." })
  reportedMembers!: number;

  @Field(_type => Int, { description: "How many of the group's clusters have a dated member count (the others add nothing to `reportedMembers`)." })
  clustersWithMemberCount!: number;
}

@ObjectType({ description: "One dated member count of a cluster in a time series." })
export class MemberCountPoint {
  @Field(_type => PartialDate, { description: "When the count held, as precise as the source." })
  asOf!: string;

  @Field(_type => Int, { description: "The year of `asOf`, for charts." })
  year!: number;

  @Field(_type => Int, { description: "The number of members." })
  count!: number;

  @Field(_type => MemberCountQualifier, { description: "Whether the source gives the count exactly, as a lower bound or as an approximation." })
  qualifier!: MemberCountQualifier;
}

@ObjectType({ description: "How a cluster's membership grew: its dated member counts, oldest first." })
export class MemberCountSeries {
  clusterId!: string;

  @Field(_type => Cluster, { description: "The cluster." })
  cluster?: Cluster;

  @Field(_type => [MemberCountPoint], { description: "The dated counts, oldest first." })
  points!: MemberCountPoint[];
}
