import type { ClustersContext } from "../context";
import type { Cluster } from "./cluster.entity";

/** Resolves the clusters other subgraphs point at, batched through the request's loader. */
export const clusterReference = {
  __resolveReference: (ref: { id: string }, ctx: ClustersContext): Promise<Cluster | null> => ctx.loaders.clusterById.load(ref.id),
};
