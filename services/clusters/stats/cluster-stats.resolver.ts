import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { Cluster } from "../cluster/cluster.entity";
import { ClusterFilter } from "../cluster/cluster.inputs";
import { clusterListing, LATEST_MEMBER_COUNT } from "../cluster/cluster.listing";
import type { ClustersContext } from "../context";
import { ClusterDimension, ClusterGroup, MemberCountSeries } from "./cluster-stats.types";

const GROUP_KEYS: Record<ClusterDimension, { key: string; from: string }> = {
  COUNTRY: { key: "c.country", from: "c" },
  SECTOR: { key: "s.sector", from: "c cross join lateral unnest(c.sectors) as s(sector)" },
  FOUNDED_YEAR: { key: "c.founded_year::text", from: "c" },
};

/** The `where` of the filtered clusters (the conditions of `clusters`, over `t`) and its bindings. */
function clusterWhere(filter: ClusterFilter | null) {
  const { conditions } = clusterListing(filter, null);
  return { where: conditions.length ? `where ${conditions.map(c => `(${c.sql})`).join(" and ")}` : "", bindings: conditions.flatMap(c => c.bindings) };
}

/** The filtered clusters as the CTE `c`: id, country, sectors and founding year. */
function filteredClusters(filter: ClusterFilter | null) {
  const { where, bindings } = clusterWhere(filter);
  return { sql: `with c as (select t.id, t.country, t.sectors, t.founded_year from cluster t ${where})`, bindings };
}

/**
 * The filtered clusters as the CTE `c`, with each one's membership count (index-only on membership(cluster_id)) and
 * latest dated member count. MATERIALIZED so both run once per cluster: inlined, they ran again for each sector row
 * and in each aggregate reading them. Measured on 1,000,000 memberships, this is as fast as counting all memberships
 * grouped by cluster_id and joining, and faster when the filter keeps a part of the clusters.
 */
function countedClusters(filter: ClusterFilter | null) {
  const { where, bindings } = clusterWhere(filter);
  return {
    sql:
      `with c as materialized (select t.id, t.country, t.sectors, t.founded_year, ` +
      `(select count(*) from membership m where m.cluster_id = t.id)::int as memberships, ${LATEST_MEMBER_COUNT} as latest ` +
      `from cluster t ${where})`,
    bindings,
  };
}

@Resolver(_of => MemberCountSeries)
export class ClusterStatsResolver {
  @Query(_returns => [ClusterGroup], { description: "Counts of clusters, their memberships and reported members, grouped by country, sector or founding year; largest group first. One SQL statement." })
  async clusterStats(
    @Arg("by", _type => ClusterDimension, { description: "What to group by." }) by: ClusterDimension,
    @Arg("filter", _type => ClusterFilter, { nullable: true, description: "Which clusters to count; the filter of `clusters`." }) filter: ClusterFilter | null,
    @Ctx() ctx: ClustersContext,
  ): Promise<ClusterGroup[]> {
    const clusters = countedClusters(filter);
    const group = GROUP_KEYS[by];
    const rows: ClusterGroup[] = await ctx.em.execute(
      `${clusters.sql} select ${group.key} as key, count(*)::int as clusters, coalesce(sum(c.memberships), 0)::int as memberships, ` +
        `coalesce(sum(c.latest), 0)::int as "reportedMembers", count(c.latest)::int as "clustersWithMemberCount" ` +
        `from ${group.from} group by 1 order by clusters desc, key nulls last`,
      clusters.bindings,
    );
    return rows;
  }

  @Query(_returns => [MemberCountSeries], { description: "Each cluster's dated member counts over time, for growth charts; clusters without a dated count are left out. One SQL statement." })
  async memberCountSeries(
    @Arg("filter", _type => ClusterFilter, { nullable: true, description: "Which clusters; the filter of `clusters`." }) filter: ClusterFilter | null,
    @Ctx() ctx: ClustersContext,
  ): Promise<MemberCountSeries[]> {
    const clusters = filteredClusters(filter);
    return ctx.em.execute(
      `${clusters.sql} select mc.cluster_id as "clusterId", json_agg(json_build_object('asOf', mc.as_of, 'year', left(mc.as_of, 4)::int, ` +
        `'count', mc.count, 'qualifier', mc.qualifier) order by mc.as_of, mc.id) as points ` +
        `from member_count mc join c on c.id = mc.cluster_id where mc.as_of is not null group by mc.cluster_id order by mc.cluster_id`,
      clusters.bindings,
    );
  }

  @FieldResolver(_returns => Cluster, { description: "The cluster." })
  cluster(@Root() series: MemberCountSeries, @Ctx() ctx: ClustersContext) {
    return ctx.loaders.clusterById.load(series.clusterId);
  }
}
