import { buildFederatedSchema, keyOnlyReference } from "../../lib/subgraph-schema";
import { partnershipReference } from "./partnership/partnership.reference";
import { PartnershipPartyResolver, PartnershipChangesResolver, PartnershipResolver } from "./partnership/partnership.resolver";
import { ClusterPartnershipsResolver, OrganisationPartnershipsResolver } from "./refs/refs.resolver";
import { PartnershipStatsResolver } from "./stats/partnership-stats.resolver";

/** The partnerships subgraph schema. */
export const buildPartnershipsSchema = () =>
  buildFederatedSchema({
    resolvers: [PartnershipResolver, PartnershipChangesResolver, PartnershipPartyResolver, OrganisationPartnershipsResolver, ClusterPartnershipsResolver, PartnershipStatsResolver],
    references: { Partnership: partnershipReference, Organisation: keyOnlyReference, Cluster: keyOnlyReference },
  });
