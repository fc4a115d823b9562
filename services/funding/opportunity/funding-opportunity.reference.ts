import type { FundingContext } from "../context";
import type { FundingOpportunity } from "./funding-opportunity.entity";

/** Resolves the funding opportunities other subgraphs point at, batched through the request's loader. */
export const fundingOpportunityReference = {
  __resolveReference: (ref: { id: string }, ctx: FundingContext): Promise<FundingOpportunity | null> =>
    ctx.loaders.opportunityById.load(ref.id),
};
