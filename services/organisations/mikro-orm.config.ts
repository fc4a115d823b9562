import { Source } from "../../lib/sources";
import { migrations } from "./migrations";
import { Organisation } from "./organisation/organisation.entity";

/** The organisations subgraph's tables and the migrations that make them. */
export const organisationsDatabase = { entities: [Source, Organisation], migrations };
