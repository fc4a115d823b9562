import type { SubgraphDefinition } from "../../lib/subgraph-server";
import { createOrganisationsContext, type OrganisationsContext } from "./context";
import { loadOrganisationsSample } from "./data";
import { organisationsDatabase } from "./mikro-orm.config";
import { buildOrganisationsSchema } from "./schema";

/** The organisations subgraph: owns `Organisation`. */
export const organisationsSubgraph: SubgraphDefinition<OrganisationsContext> = {
  name: "organisations",
  defaultPort: 4001,
  ...organisationsDatabase,
  buildSchema: buildOrganisationsSchema,
  createContext: createOrganisationsContext,
  loadSampleData: loadOrganisationsSample,
};
