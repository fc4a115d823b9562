import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Cluster } from "../cluster/cluster.entity";
import { ClusterFilter } from "../cluster/cluster.inputs";
import { clusterListing } from "../cluster/cluster.listing";
import type { ClustersContext } from "../context";
import { ClusterDimension, ClusterGroup, MemberCountSeries } from "./cluster-stats.types";

const GROUP_KEYS: Record<ClusterDimension, { key: string; from: string }> = {
  COUNTRY: { key: "t.country", from: "" },
  SECTOR: { key: "s.sector", from: "cross join lateral unnest(t.sectors) as s(sector)" },
  FOUNDED_YEAR: { key: "t.founded_year::text", from: "" },
};

/**
 * The `where` of the filtered clusters (the conditions of `clusters`, over `t`, and the standing ones only, as the list
 * gives by default), its bindings, and whether a filter was given (without one, the group tally counts).
 */
function clusterWhere(filter: ClusterFilter | null) {
  const { conditions } = clusterListing(filter, null);
  const where = [...conditions.map(c => `(${c.sql})`), "t.retracted is null"].join(" and ");
  return { filtered: conditions.length > 0, where: `where ${where}`, bindings: conditions.flatMap(c => c.bindings) };
}

/** The filtered clusters as the CTE `c`: id, country, sectors and founding year. */
function filteredClusters(filter: ClusterFilter | null) {
  const { where, bindings } = clusterWhere(filter);
  return { sql: `with c as (select t.id, t.country, t.sectors, t.founded_year from cluster t ${where})`, bindings };
}

@Resolver(_of => MemberCountSeries)
export class ClusterStatsResolver {
  @Query(_returns => [ClusterGroup], { description: "Counts of clusters, their memberships and reported members, grouped by country, sector or founding year; largest group first. Retracted clusters, memberships and member counts are left out, as the lists leave them out. One SQL statement." })
  async clusterStats(
    @Arg("by", _type => ClusterDimension, { description: "What to group by." }) by: ClusterDimension,
    @Arg("filter", _type => ClusterFilter, { nullable: true, description: "Which clusters to count; the filter of `clusters`." }) filter: ClusterFilter | null,
    @Ctx() ctx: ClustersContext,
  ): Promise<ClusterGroup[]> {
    const { filtered, where, bindings } = clusterWhere(filter);
    // Unfiltered, the groups themselves are kept by triggers (cluster_group_tally): a few dozen rows, however many
    // clusters there are. '' stands for no key there (a key column may not be null).
    if (!filtered)
      return ctx.em.execute(
        `select nullif(g.key, '') as key, g.clusters, g.memberships, g.reported_members as "reportedMembers", ` +
          `g.clusters_with_member_count as "clustersWithMemberCount" from cluster_group_tally g ` +
          `where g.dimension = ? and g.clusters > 0 order by g.clusters desc, nullif(g.key, '') nulls last`,
        [by],
      );
    const group = GROUP_KEYS[by];
    // Each cluster's counts are one row of cluster_tally, kept by triggers as memberships and member counts are
    // written: counting 1,000,000 memberships here cost about 150 ms a statement, reading 10,000 tally rows a few.
    const rows: ClusterGroup[] = await ctx.em.execute(
      `select ${group.key} as key, count(*)::int as clusters, coalesce(sum(k.memberships), 0)::int as memberships, ` +
        `coalesce(sum(k.latest_member_count), 0)::int as "reportedMembers", count(k.latest_member_count)::int as "clustersWithMemberCount" ` +
        `from cluster t left join cluster_tally k on k.cluster_id = t.id ${group.from} ${where} group by 1 order by clusters desc, key nulls last`,
      bindings,
    );
    return rows;
  }

  @Query(_returns => [MemberCountSeries], { description: "Each cluster's dated member counts over time, for growth charts; clusters without a dated count, retracted clusters and retracted counts are left out. One SQL statement." })
  async memberCountSeries(
    @Arg("filter", _type => ClusterFilter, { nullable: true, description: "Which clusters; the filter of `clusters`." }) filter: ClusterFilter | null,
    @Ctx() ctx: ClustersContext,
  ): Promise<MemberCountSeries[]> {
    const clusters = filteredClusters(filter);
    return ctx.em.execute(
      `${clusters.sql} select mc.cluster_id as "clusterId", json_agg(json_build_object('asOf', mc.as_of, 'year', left(mc.as_of, 4)::int, ` +
        `'count', mc.count, 'qualifier', mc.qualifier) order by mc.as_of, mc.id) as points ` +
        `from member_count mc join c on c.id = mc.cluster_id where mc.as_of is not null and mc.retracted is null group by mc.cluster_id order by mc.cluster_id`,
      clusters.bindings,
    );
  }

  @FieldResolver(_returns => Cluster, { description: "The cluster." })
  cluster(@Root() series: MemberCountSeries, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.clusterById.load(series.clusterId);
  }
}
