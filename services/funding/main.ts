import "reflect-metadata";
import { main } from "../../lib/subgraph-server";
import { fundingSubgraph } from "./subgraph";

main(fundingSubgraph);
