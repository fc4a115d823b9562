import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { FundingOpportunity } from "./funding-opportunity.entity";

/** Request-scoped loaders of funding opportunities. */
export const fundingOpportunityLoaders = (em: EntityManager) => ({
  opportunityById: oneLoader<string, FundingOpportunity>(ids => findIn(em, FundingOpportunity, "id", ids), o => o.id),
  opportunitiesByProgrammeId: manyLoader<string, FundingOpportunity>(
    ids => findIn(em, FundingOpportunity, "programmeId", ids, { id: "asc" }),
    o => o.programmeId,
  ),
});
