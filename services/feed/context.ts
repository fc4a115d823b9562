import type { MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../../lib/platform/auth";
import { createRequestContext, type RequestContext } from "../../lib/records/context";
import { feedChangeLoaders } from "./change/feed-change.loaders";
import { webhookLoaders } from "./webhook/webhook.loaders";

export type FeedContext = RequestContext<ReturnType<typeof feedChangeLoaders> & ReturnType<typeof webhookLoaders>>;

/** The feed subgraph's per-request context. */
export const createFeedContext = (orm: MikroORM, caller: Caller | null = null): FeedContext =>
  createRequestContext(orm, em => ({ ...feedChangeLoaders(em), ...webhookLoaders(em) }), caller);
