import type { BaseContext } from "@apollo/server";
import type { SubgraphDefinition } from "../lib/subgraph-server";
import { organisationsSubgraph } from "../services/organisations/subgraph";

/** Every subgraph of the graph, in the order they are started and composed. */
export const subgraphs: SubgraphDefinition<BaseContext>[] = [organisationsSubgraph as never];
