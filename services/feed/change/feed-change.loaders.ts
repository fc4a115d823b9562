import type { EntityManager } from "@mikro-orm/postgresql";
import { oneLoader } from "../../../lib/subgraph/loaders";
import { FeedChange } from "./feed-change.entity";

/** Request-scoped loaders of the feed's changes. */
export const feedChangeLoaders = (em: EntityManager) => ({
  changeByPosition: oneLoader<string, FeedChange>(positions => em.find(FeedChange, { position: { $in: positions } }), change => String(change.position)),
});
