import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";
import { feedConfig } from "./config";
import { createFeedContext, type FeedContext } from "./context";
import { loadFeedSample } from "./data";
import { feedDatabase } from "./mikro-orm.config";
import { buildFeedSchema } from "./schema";
import { startFeedWorkers } from "./workers";

/** The feed subgraph: owns the change feed (`changes`) and partners' webhooks; its relay reads every other subgraph's outbox. */
export const subgraph: SubgraphDefinition<FeedContext> = {
  ...feedDatabase,
  buildSchema: buildFeedSchema,
  createContext: createFeedContext,
  loadSampleData: loadFeedSample,
  startWork: () => startFeedWorkers(feedConfig()),
};
