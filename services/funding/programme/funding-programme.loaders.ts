import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { FundingProgramme } from "./funding-programme.entity";

/** Request-scoped loaders of funding programmes, and of the programmes a request's searches find. */
export const fundingProgrammeLoaders = (em: EntityManager) => ({
  programmeSearchHits: searchHitsLoader(em, FundingProgramme, "funding_programme"),
  programmeById: oneLoader<string, FundingProgramme>(ids => findIn(em, FundingProgramme, "id", ids), p => p.id),
  programmesByParentId: manyLoader<string, FundingProgramme>(
    ids => findIn(em, FundingProgramme, "parentId", ids, { id: "asc" }),
    p => p.parentId!,
  ),
});
