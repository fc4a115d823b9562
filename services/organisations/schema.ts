import { buildFederatedSchema } from "../../lib/subgraph-schema";
import { organisationReference } from "./organisation/organisation.reference";
import { OrganisationChangesResolver, OrganisationResolver } from "./organisation/organisation.resolver";

/** The organisations subgraph schema. */
export const buildOrganisationsSchema = () =>
  buildFederatedSchema({
    resolvers: [OrganisationResolver, OrganisationChangesResolver],
    references: { Organisation: organisationReference },
  });
