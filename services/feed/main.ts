import "reflect-metadata";
import { main } from "../../lib/subgraph/subgraph-server";
import { loadSubgraph } from "../registry";

void loadSubgraph("feed").then(main);
