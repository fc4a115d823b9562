import "reflect-metadata";
import { main } from "../../lib/subgraph-server";
import { partnershipsSubgraph } from "./subgraph";

main(partnershipsSubgraph);
