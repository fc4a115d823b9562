import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, oneLoader } from "../../../lib/loaders";
import { Organisation } from "./organisation.entity";

/** Request-scoped loaders of organisations. */
export const organisationLoaders = (em: EntityManager) => ({
  organisationById: oneLoader<string, Organisation>(ids => findIn(em, Organisation, "id", ids), o => o.id),
});
