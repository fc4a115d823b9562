import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { Organisation } from "./organisation.entity";

/** Request-scoped loaders of organisations, and of the organisations a request's searches find. */
export const organisationLoaders = (em: EntityManager) => ({
  organisationSearchHits: searchHitsLoader(em, Organisation, "organisation"),
  organisationById: oneLoader<string, Organisation>(ids => findIn(em, Organisation, "id", ids), o => o.id),
});
