import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { Cluster } from "./cluster.entity";
import { MemberCount } from "./member-count.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of clusters, their member counts, and the clusters a request's searches find. */
export const clusterLoaders = (em: EntityManager) => ({
  clusterSearchHits: searchHitsLoader(em, Cluster, "cluster"),
  clusterById: oneLoader<string, Cluster>(ids => findIn(em, Cluster, "id", ids), c => c.id),
  memberCountsByClusterId: manyLoader<string, MemberCount>(
    ids => findIn(em, MemberCount, "clusterId", ids, { asOf: "asc nulls first", id: "asc" }),
    count => count.clusterId,
  ),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const clusterListSizes: ListSizeSource[] = [
  { field: "Query.clusters", table: "cluster" },
  { field: "Cluster.memberCounts", table: "member_count", per: "cluster_id" },
  { field: "Cluster.sources", table: "cluster", array: "source_ids" },
];
