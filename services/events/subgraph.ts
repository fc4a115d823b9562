import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";
import { createEventsContext, type EventsContext } from "./context";
import { loadEventsSample } from "./data";
import { eventsDatabase } from "./mikro-orm.config";
import { buildEventsSchema } from "./schema";

/** The events subgraph, a partner's: owns `Event`; adds `events` to `Cluster` and `Organisation`. */
export const subgraph: SubgraphDefinition<EventsContext> = {
  ...eventsDatabase,
  buildSchema: buildEventsSchema,
  createContext: createEventsContext,
  loadSampleData: loadEventsSample,
};
