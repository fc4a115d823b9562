import type { EntityManager } from "@mikro-orm/postgresql";
import { manyLoader, oneLoader } from "../../../lib/loaders";
import { FundingOpportunity } from "./funding-opportunity.entity";

/** Request-scoped loaders of funding opportunities. */
export const fundingOpportunityLoaders = (em: EntityManager) => ({
  opportunityById: oneLoader<string, FundingOpportunity>(ids => em.find(FundingOpportunity, { id: { $in: ids } }), o => o.id),
  opportunitiesByProgrammeId: manyLoader<string, FundingOpportunity>(
    ids => em.find(FundingOpportunity, { programmeId: { $in: ids } }, { orderBy: { id: "asc" } }),
    o => o.programmeId,
  ),
});
