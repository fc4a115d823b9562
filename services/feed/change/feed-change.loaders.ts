import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, oneLoader } from "../../../lib/subgraph/loaders";
import { FeedChange } from "./feed-change.entity";

/** Request-scoped loaders of the feed's changes. */
export const feedChangeLoaders = (em: EntityManager) => ({
  changeByPosition: oneLoader<string, FeedChange>(positions => findIn(em, FeedChange, "position", positions), change => String(change.position)),
});
