import type { MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../../lib/platform/auth";
import { createRequestContext, type RequestContext } from "../../lib/records/context";
import { partnershipLoaders } from "./partnership/partnership.loaders";

export type PartnershipsContext = RequestContext<ReturnType<typeof partnershipLoaders>>;

/** The partnerships subgraph's per-request context. */
export const createPartnershipsContext = (orm: MikroORM, caller: Caller | null = null): PartnershipsContext =>
  createRequestContext(orm, em => ({ ...partnershipLoaders(em) }), caller);
