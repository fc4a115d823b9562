import { Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";

/**
 * One row per cluster with the counts the aggregates read, kept by PostgreSQL triggers on `membership` and
 * `member_count` (migration Migration20261124005306): every writer is covered, the mutations, the sample loader and
 * the synthetic COPY alike. Never written by the application. A cluster without a row has no memberships and no
 * dated member count. Retracted memberships and counts are not counted (Migration20261207030000).
 */
@Entity({ tableName: "cluster_tally" })
export class ClusterTally {
  // No foreign key to cluster: the rows follow the memberships and counts, whose own foreign keys keep them honest.
  @PrimaryKey({ type: "text" })
  clusterId!: string;

  /** How many standing (not retracted) memberships the cluster has. */
  @Property({ type: "int", default: 0 })
  memberships!: number;

  /** The count of its latest standing dated member count (latest `as_of`, then highest id), as `latestMemberCount` gives it. */
  @Property({ type: "int", nullable: true })
  latestMemberCount?: number | null;
}
