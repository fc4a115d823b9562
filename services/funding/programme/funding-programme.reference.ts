import type { FundingContext } from "../context";
import type { FundingProgramme } from "./funding-programme.entity";

/** Resolves the funding programmes other subgraphs point at, batched through the request's loader. */
export const fundingProgrammeReference = {
  __resolveReference: (ref: { id: string }, ctx: FundingContext): Promise<FundingProgramme | null> =>
    ctx.loaders.programmeById.load(ref.id),
};
