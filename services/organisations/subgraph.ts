import { organisationListSizes } from "./organisation/organisation.loaders";
import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";
import { createOrganisationsContext, type OrganisationsContext } from "./context";
import { loadOrganisationsSample } from "./data";
import { organisationsDatabase } from "./mikro-orm.config";
import { buildOrganisationsSchema } from "./schema";

/** The organisations subgraph: owns `Organisation`. */
export const subgraph: SubgraphDefinition<OrganisationsContext> = {
  ...organisationsDatabase,
  buildSchema: buildOrganisationsSchema,
  createContext: createOrganisationsContext,
  listSizes: [...organisationListSizes],
  loadSampleData: loadOrganisationsSample,
};
