import type { BaseContext } from "@apollo/server";
import type { SubgraphDefinition } from "../lib/subgraph-server";
import { eventsSubgraph } from "../services/events/subgraph";

/**
 * Partner subgraphs kept in this repository as worked examples. They are not part of the checked-in supergraph:
 * they join a running graph through `subgraphs.json`, as any partner's would.
 */
export const partnerSubgraphs = [eventsSubgraph] as unknown as SubgraphDefinition<BaseContext>[];
