import type { MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../../lib/platform/auth";
import { createRequestContext, type RequestContext } from "../../lib/records/context";
import { eventLoaders } from "./event/event.loaders";

export type EventsContext = RequestContext<ReturnType<typeof eventLoaders>>;

/** The events subgraph's per-request context. */
export const createEventsContext = (orm: MikroORM, caller: Caller | null = null): EventsContext =>
  createRequestContext(orm, em => ({ ...eventLoaders(em) }), caller);
