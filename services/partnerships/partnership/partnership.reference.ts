import type { PartnershipsContext } from "../context";
import type { Partnership } from "./partnership.entity";

/** Resolves the partnerships other subgraphs point at, batched through the request's loader. */
export const partnershipReference = {
  __resolveReference: (ref: { id: string }, ctx: PartnershipsContext): Promise<Partnership | null> =>
    ctx.loaders.partnershipById.load(ref.id),
};
