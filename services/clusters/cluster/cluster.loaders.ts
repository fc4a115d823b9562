import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { Cluster } from "./cluster.entity";
import { MemberCount } from "./member-count.entity";

/** Request-scoped loaders of clusters, their member counts, and the clusters a request's searches find. */
export const clusterLoaders = (em: EntityManager) => ({
  clusterSearchHits: searchHitsLoader(em, Cluster, "cluster"),
  clusterById: oneLoader<string, Cluster>(ids => findIn(em, Cluster, "id", ids), c => c.id),
  memberCountsByClusterId: manyLoader<string, MemberCount>(
    ids => findIn(em, MemberCount, "clusterId", ids, { asOf: "asc nulls first", id: "asc" }),
    count => count.clusterId,
  ),
});
