import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { FundingProgramme } from "./funding-programme.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of funding programmes, and of the programmes a request's searches find. */
export const fundingProgrammeLoaders = (em: EntityManager) => ({
  programmeSearchHits: searchHitsLoader(em, FundingProgramme, "funding_programme"),
  programmeById: oneLoader<string, FundingProgramme>(ids => findIn(em, FundingProgramme, "id", ids), p => p.id),
  programmesByParentId: manyLoader<string, FundingProgramme>(
    ids => findIn(em, FundingProgramme, "parentId", ids, { id: "asc" }),
    p => p.parentId!,
  ),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const programmeListSizes: ListSizeSource[] = [
  { field: "Query.fundingProgrammes", table: "funding_programme" },
  { field: "FundingProgramme.parts", table: "funding_programme", per: "parent_id" },
  { field: "FundingProgramme.sources", table: "funding_programme", array: "source_ids" },
];
