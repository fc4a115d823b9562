import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/loaders";
import { FundingProgramme } from "./funding-programme.entity";

/** Request-scoped loaders of funding programmes. */
export const fundingProgrammeLoaders = (em: EntityManager) => ({
  programmeById: oneLoader<string, FundingProgramme>(ids => findIn(em, FundingProgramme, "id", ids), p => p.id),
  programmesByParentId: manyLoader<string, FundingProgramme>(
    ids => findIn(em, FundingProgramme, "parentId", ids, { id: "asc" }),
    p => p.parentId!,
  ),
});
