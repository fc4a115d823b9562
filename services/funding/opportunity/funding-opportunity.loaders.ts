import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { FundingOpportunity } from "./funding-opportunity.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of funding opportunities. */
export const fundingOpportunityLoaders = (em: EntityManager) => ({
  opportunityById: oneLoader<string, FundingOpportunity>(ids => findIn(em, FundingOpportunity, "id", ids), o => o.id),
  opportunitiesByProgrammeId: manyLoader<string, FundingOpportunity>(
    ids => findIn(em, FundingOpportunity, "programmeId", ids, { id: "asc" }),
    o => o.programmeId,
  ),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const opportunityListSizes: ListSizeSource[] = [
  { field: "Query.fundingOpportunities", table: "funding_opportunity" },
  { field: "FundingProgramme.opportunities", table: "funding_opportunity", per: "programme_id" },
  { field: "FundingOpportunity.sources", table: "funding_opportunity", array: "source_ids" },
];
