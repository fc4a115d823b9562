import "reflect-metadata";
import { main } from "../../lib/subgraph-server";
import { eventsSubgraph } from "./subgraph";

main(eventsSubgraph);
