import type { EntityManager } from "@mikro-orm/postgresql";
import { manyLoader, oneLoader } from "../../../lib/loaders";
import { Cluster } from "./cluster.entity";
import { MemberCount } from "./member-count.entity";

/** Request-scoped loaders of clusters and their member counts. */
export const clusterLoaders = (em: EntityManager) => ({
  clusterById: oneLoader<string, Cluster>(ids => em.find(Cluster, { id: { $in: ids } }), c => c.id),
  memberCountsByClusterId: manyLoader<string, MemberCount>(
    ids => em.find(MemberCount, { clusterId: { $in: ids } }, { orderBy: { asOf: "asc nulls first", id: "asc" } }),
    count => count.clusterId,
  ),
});
