import "reflect-metadata";
import { main } from "../../lib/subgraph-server";
import { organisationsSubgraph } from "./subgraph";

main(organisationsSubgraph);
