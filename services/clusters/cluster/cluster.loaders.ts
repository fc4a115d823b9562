import type { EntityManager } from "@mikro-orm/postgresql";
import { manyLoader, oneLoader } from "../../../lib/loaders";
import { searchHitsLoader } from "../../../lib/search";
import { Cluster } from "./cluster.entity";
import { MemberCount } from "./member-count.entity";

/** Request-scoped loaders of clusters, their member counts, and the clusters a request's searches find. */
export const clusterLoaders = (em: EntityManager) => ({
  clusterSearchHits: searchHitsLoader(em, Cluster, "cluster"),
  clusterById: oneLoader<string, Cluster>(ids => em.find(Cluster, { id: { $in: ids } }), c => c.id),
  memberCountsByClusterId: manyLoader<string, MemberCount>(
    ids => em.find(MemberCount, { clusterId: { $in: ids } }, { orderBy: { asOf: "asc nulls first", id: "asc" } }),
    count => count.clusterId,
  ),
});
