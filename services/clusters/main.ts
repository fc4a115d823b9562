import "reflect-metadata";
import { main } from "../../lib/subgraph-server";
import { clustersSubgraph } from "./subgraph";

main(clustersSubgraph);
