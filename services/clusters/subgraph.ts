import { clusterListSizes } from "./cluster/cluster.loaders";
import { membershipListSizes } from "./membership/membership.loaders";
import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";
import { createClustersContext, type ClustersContext } from "./context";
import { loadClustersSample } from "./data";
import { clustersDatabase } from "./mikro-orm.config";
import { buildClustersSchema } from "./schema";

/** The clusters subgraph: owns `Cluster`, `Membership` and member counts; adds `memberships` to `Organisation`. */
export const subgraph: SubgraphDefinition<ClustersContext> = {
  ...clustersDatabase,
  buildSchema: buildClustersSchema,
  createContext: createClustersContext,
  listSizes: [...clusterListSizes, ...membershipListSizes],
  loadSampleData: loadClustersSample,
};
