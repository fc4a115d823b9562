import { GrantResolver } from "../../lib/records/grants";
import { Organisation } from "./organisation/organisation.entity";
import { provenanceResolvers } from "../../lib/records/provenance";
import { searchResultsReference } from "../../lib/records/search";
import { LocationSourcesResolver } from "../../lib/records/location";
import { buildFederatedSchema } from "../../lib/subgraph/subgraph-schema";
import { organisationReference } from "./organisation/organisation.reference";
import { OrganisationChangesResolver, OrganisationFactResolvers, OrganisationResolver } from "./organisation/organisation.resolver";
import { OrganisationSearchHitsResolver, SearchResults } from "./search/search.resolver";

/** The organisations subgraph schema. */
export const buildOrganisationsSchema = () =>
  buildFederatedSchema({
    resolvers: [OrganisationResolver, GrantResolver(Organisation, "Organisation"), OrganisationChangesResolver, ...OrganisationFactResolvers, OrganisationSearchHitsResolver, LocationSourcesResolver, ...provenanceResolvers()],
    // Reached only through the gateway (`_entities`), so no root field of this subgraph leads type-graphql to it.
    orphanedTypes: [SearchResults],
    references: { Organisation: organisationReference, SearchResults: searchResultsReference },
  });
