import { GrantResolver } from "../../lib/records/grants";
import { Cluster } from "./cluster/cluster.entity";
import { Membership } from "./membership/membership.entity";
import { rankedSearchResultsReference } from "../../lib/records/search";
import { LocationSourcesResolver } from "../../lib/records/location";
import { buildFederatedSchema, keyOnlyReference } from "../../lib/subgraph/subgraph-schema";
import { clusterReference } from "./cluster/cluster.reference";
import { ClusterFactResolvers, ClusterResolver } from "./cluster/cluster.resolver";
import { MembershipChangesResolver, MembershipResolver, MembershipRetractionResolver } from "./membership/membership.resolver";
import { OrganisationMembershipsResolver } from "./refs/refs.resolver";
import { RankedSearchResolver, RequiredSearchHitsResolvers } from "./search/ranked.resolver";
import { ClusterSearchHitsResolver, SearchResolver } from "./search/search.resolver";
import { ClusterStatsResolver } from "./stats/cluster-stats.resolver";

/** The clusters subgraph schema. */
export const buildClustersSchema = () =>
  buildFederatedSchema({
    resolvers: [ClusterResolver, GrantResolver(Cluster, "Cluster"), GrantResolver(Membership, "Membership"), MembershipResolver, MembershipChangesResolver, MembershipRetractionResolver, OrganisationMembershipsResolver, ClusterStatsResolver, SearchResolver, ClusterSearchHitsResolver, RankedSearchResolver, ...RequiredSearchHitsResolvers, LocationSourcesResolver, ...ClusterFactResolvers],
    references: {
      Cluster: clusterReference,
      Organisation: keyOnlyReference,
      Partnership: keyOnlyReference,
      FundingProgramme: keyOnlyReference,
      Event: keyOnlyReference,
      SearchResults: rankedSearchResultsReference,
    },
  });
