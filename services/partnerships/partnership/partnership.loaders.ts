import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { PartnershipParty } from "./partnership-party.entity";
import { Partnership } from "./partnership.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of partnerships and their parties, from either side, and of the partnerships a request's searches find. */
export const partnershipLoaders = (em: EntityManager) => ({
  partnershipSearchHits: searchHitsLoader(em, Partnership, "partnership"),
  partnershipById: oneLoader<string, Partnership>(ids => findIn(em, Partnership, "id", ids), p => p.id),
  partiesByPartnershipId: manyLoader<string, PartnershipParty>(
    ids => findIn(em, PartnershipParty, "partnershipId", ids, { id: "asc" }),
    party => party.partnershipId,
  ),
  partiesByOrganisationId: manyLoader<string, PartnershipParty>(
    ids => findIn(em, PartnershipParty, "organisationId", ids, { partnershipId: "asc" }),
    party => party.organisationId!,
  ),
  partiesByClusterId: manyLoader<string, PartnershipParty>(
    ids => findIn(em, PartnershipParty, "clusterId", ids, { partnershipId: "asc" }),
    party => party.clusterId!,
  ),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const partnershipListSizes: ListSizeSource[] = [
  { field: "Query.partnerships", table: "partnership" },
  { field: "Partnership.parties", table: "partnership_party", per: "partnership_id" },
  { field: "Cluster.partnerships", table: "partnership_party", per: "cluster_id" },
  { field: "Organisation.partnerships", table: "partnership_party", per: "organisation_id" },
  { field: "Partnership.sources", table: "partnership", array: "source_ids" },
  { field: "PartnershipParty.sources", table: "partnership_party", array: "source_ids" },
];
