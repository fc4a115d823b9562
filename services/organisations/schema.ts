import { buildFederatedSchema } from "../../lib/subgraph-schema";
import { organisationReference } from "./organisation/organisation.reference";
import { OrganisationResolver } from "./organisation/organisation.resolver";

/** The organisations subgraph schema. */
export const buildOrganisationsSchema = () =>
  buildFederatedSchema({
    resolvers: [OrganisationResolver],
    references: { Organisation: organisationReference },
  });
