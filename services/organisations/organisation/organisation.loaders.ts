import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { Organisation } from "./organisation.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of organisations, and of the organisations a request's searches find. */
export const organisationLoaders = (em: EntityManager) => ({
  organisationSearchHits: searchHitsLoader(em, Organisation, "organisation"),
  organisationById: oneLoader<string, Organisation>(ids => findIn(em, Organisation, "id", ids), o => o.id),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const organisationListSizes: ListSizeSource[] = [
  { field: "Query.organisations", table: "organisation" },
  { field: "Organisation.sources", table: "organisation", array: "source_ids" },
];
