import type { EntityManager } from "@mikro-orm/postgresql";
import { oneLoader } from "../../../lib/loaders";
import { Organisation } from "./organisation.entity";

/** Request-scoped loaders of organisations. */
export const organisationLoaders = (em: EntityManager) => ({
  organisationById: oneLoader<string, Organisation>(ids => em.find(Organisation, { id: { $in: ids } }), o => o.id),
});
