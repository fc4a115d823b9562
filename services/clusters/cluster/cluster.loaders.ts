import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/loaders";
import { Cluster } from "./cluster.entity";
import { MemberCount } from "./member-count.entity";

/** Request-scoped loaders of clusters and their member counts. */
export const clusterLoaders = (em: EntityManager) => ({
  clusterById: oneLoader<string, Cluster>(ids => findIn(em, Cluster, "id", ids), c => c.id),
  memberCountsByClusterId: manyLoader<string, MemberCount>(
    ids => findIn(em, MemberCount, "clusterId", ids, { asOf: "asc nulls first", id: "asc" }),
    count => count.clusterId,
  ),
});
