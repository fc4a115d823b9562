import type { BaseContext } from "@apollo/server";
import type { SubgraphDefinition } from "../lib/subgraph-server";
import { clustersSubgraph } from "../services/clusters/subgraph";
import { fundingSubgraph } from "../services/funding/subgraph";
import { organisationsSubgraph } from "../services/organisations/subgraph";
import { partnershipsSubgraph } from "../services/partnerships/subgraph";

/** Every subgraph of the graph, in the order they are started and composed. */
export const subgraphs = [organisationsSubgraph, clustersSubgraph, partnershipsSubgraph, fundingSubgraph] as unknown as SubgraphDefinition<BaseContext>[];
