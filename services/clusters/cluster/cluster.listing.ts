import type { EntityManager } from "@mikro-orm/postgresql";
import { intRange, sortOf, sql, type Listing, type SortKey } from "../../../lib/subgraph/listing";
import { findSearchHits, searchFilter } from "../../../lib/records/search";
import { withinBox } from "../../../lib/records/location";
import { Cluster } from "./cluster.entity";
import type { ClusterFilter, ClusterOrder } from "./cluster.inputs";

/** The latest dated member count of cluster `t`, as `latestMemberCount` gives it: one primary-key read of the tally the triggers keep. */
export const LATEST_MEMBER_COUNT = "(select k.latest_member_count from cluster_tally k where k.cluster_id = t.id)";

const SORT_KEYS: Record<string, SortKey | null> = {
  ID: null,
  NAME: { expression: "lower(t.name)", type: "text" },
  COUNTRY: { expression: "t.country", type: "text" },
  FOUNDED_YEAR: { expression: "t.founded_year", type: "int" },
  LATEST_MEMBER_COUNT: { expression: LATEST_MEMBER_COUNT, type: "int" },
};

/** The SQL of a `clusters` list: its filter as conditions over `t`, and its sort. */
export function clusterListing(filter: ClusterFilter | null, orderBy: InstanceType<typeof ClusterOrder> | null): Listing {
  return {
    table: "cluster",
    conditions: [
      ...(filter?.country ? [sql("t.country = ?", filter.country)] : []),
      ...(filter?.countries?.length ? [sql("t.country in (?)", filter.countries)] : []),
      ...(filter?.sector ? [sql("exists (select 1 from unnest(t.sectors) s where lower(s) = lower(?))", filter.sector)] : []),
      ...intRange("t.founded_year", filter?.foundedYear, "filter.foundedYear"),
      ...intRange(LATEST_MEMBER_COUNT, filter?.latestMemberCount, "filter.latestMemberCount"),
      ...searchFilter(filter?.search),
      ...withinBox(filter?.within, "filter.within"),
    ],
    ...sortOf(SORT_KEYS, orderBy),
  };
}

/** Clusters by name, alias, city or region in any alphabet, best first. */
export const searchClusters = (em: EntityManager, query: string, first: number) => findSearchHits(em, Cluster, "cluster", query, first);
