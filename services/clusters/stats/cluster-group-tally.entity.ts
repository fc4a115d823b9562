import { Entity, PrimaryKey, Property } from "@mikro-orm/postgresql";

/**
 * The unfiltered `clusterStats`, one row per group (a country, a sector or a founding year), kept by PostgreSQL
 * triggers on `cluster` and `cluster_tally` (migration Migration20261124011914). Never written by the application.
 * Counts standing (not retracted) clusters only (Migration20261207030000).
 */
@Entity({ tableName: "cluster_group_tally" })
export class ClusterGroupTally {
  /** COUNTRY, SECTOR or FOUNDED_YEAR (`ClusterDimension`). */
  @PrimaryKey({ type: "text" })
  dimension!: string;

  /** The value grouped by; '' for clusters without one (a key may not be null, and no country, sector or year is ''). */
  @PrimaryKey({ type: "text" })
  key!: string;

  /** How many clusters are in the group; a group that drops to 0 stays, with 0. */
  @Property({ type: "int", default: 0 })
  clusters!: number;

  /** Their memberships. */
  @Property({ type: "int", default: 0 })
  memberships!: number;

  /** The sum of their latest dated member counts. */
  @Property({ type: "int", default: 0 })
  reportedMembers!: number;

  /** How many of them have a dated member count. */
  @Property({ type: "int", default: 0 })
  clustersWithMemberCount!: number;
}
