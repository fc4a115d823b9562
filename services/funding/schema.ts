import { GrantResolver } from "../../lib/records/grants";
import { FundingProgramme } from "./programme/funding-programme.entity";
import { FundingOpportunity } from "./opportunity/funding-opportunity.entity";
import { searchResultsReference } from "../../lib/records/search";
import { buildFederatedSchema, keyOnlyReference, representationReference } from "../../lib/subgraph/subgraph-schema";
import { FundingInvolvementResolver, FundingInvolvementWriteResolvers } from "./involvement/funding-involvement.resolver";
import { ClusterFundingMatchesResolver, FundingMatchesResolver, OrganisationFundingMatchesResolver } from "./matches/funding-match.resolver";
import { fundingOpportunityReference } from "./opportunity/funding-opportunity.reference";
import { FundingOpportunityChangesResolver, FundingOpportunityResolver, FundingOpportunityRetractionResolver } from "./opportunity/funding-opportunity.resolver";
import { fundingProgrammeReference } from "./programme/funding-programme.reference";
import { FundingProgrammeChangesResolver, FundingProgrammeResolver, FundingProgrammeRetractionResolver } from "./programme/funding-programme.resolver";
import { ClusterFundingResolver, OrganisationFundingResolver, PartnershipFundingResolver } from "./refs/refs.resolver";
import { FundingProgrammeSearchHitsResolver, SearchResults } from "./search/search.resolver";
import { FundingStatsResolver } from "./stats/funding-stats.resolver";

/** The funding subgraph schema. */
export const buildFundingSchema = () =>
  buildFederatedSchema({
    resolvers: [
      GrantResolver(FundingProgramme, "FundingProgramme"), GrantResolver(FundingOpportunity, "FundingOpportunity"),
      FundingProgrammeResolver,
      FundingProgrammeChangesResolver,
      FundingOpportunityResolver,
      FundingOpportunityChangesResolver,
      FundingInvolvementResolver,
      ...FundingInvolvementWriteResolvers,
      FundingProgrammeRetractionResolver,
      FundingOpportunityRetractionResolver,
      OrganisationFundingResolver,
      ClusterFundingResolver,
      PartnershipFundingResolver,
      FundingStatsResolver,
      ClusterFundingMatchesResolver,
      OrganisationFundingMatchesResolver,
      FundingMatchesResolver,
      FundingProgrammeSearchHitsResolver,
    ],
    // Reached only through the gateway (`_entities`), so no root field of this subgraph leads type-graphql to it.
    orphanedTypes: [SearchResults],
    references: {
      FundingProgramme: fundingProgrammeReference,
      FundingOpportunity: fundingOpportunityReference,
      Organisation: representationReference,
      Cluster: representationReference,
      Partnership: keyOnlyReference,
      SearchResults: searchResultsReference,
    },
  });
