import type { MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../../lib/platform/auth";
import { createRequestContext, type RequestContext } from "../../lib/records/context";
import { clusterLoaders } from "./cluster/cluster.loaders";
import { membershipLoaders } from "./membership/membership.loaders";

export type ClustersContext = RequestContext<ReturnType<typeof clusterLoaders> & ReturnType<typeof membershipLoaders>>;

/** The clusters subgraph's per-request context. */
export const createClustersContext = (orm: MikroORM, caller: Caller | null = null): ClustersContext =>
  createRequestContext(orm, em => ({ ...clusterLoaders(em), ...membershipLoaders(em) }), caller);
