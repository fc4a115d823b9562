import { GrantResolver } from "../../lib/records/grants";
import { Partnership } from "./partnership/partnership.entity";
import { searchResultsReference } from "../../lib/records/search";
import { buildFederatedSchema, keyOnlyReference } from "../../lib/subgraph/subgraph-schema";
import { partnershipReference } from "./partnership/partnership.reference";
import { PartnershipPartyResolver, PartnershipChangesResolver, PartnershipWriteResolvers, PartnershipResolver } from "./partnership/partnership.resolver";
import { ClusterPartnershipsResolver, OrganisationPartnershipsResolver } from "./refs/refs.resolver";
import { PartnershipSearchHitsResolver, SearchResults } from "./search/search.resolver";
import { PartnershipStatsResolver } from "./stats/partnership-stats.resolver";

/** The partnerships subgraph schema. */
export const buildPartnershipsSchema = () =>
  buildFederatedSchema({
    resolvers: [PartnershipResolver, GrantResolver(Partnership, "Partnership"), PartnershipChangesResolver, ...PartnershipWriteResolvers, PartnershipPartyResolver, OrganisationPartnershipsResolver, ClusterPartnershipsResolver, PartnershipStatsResolver, PartnershipSearchHitsResolver],
    // Reached only through the gateway (`_entities`), so no root field of this subgraph leads type-graphql to it.
    orphanedTypes: [SearchResults],
    references: { Partnership: partnershipReference, Organisation: keyOnlyReference, Cluster: keyOnlyReference, SearchResults: searchResultsReference },
  });
