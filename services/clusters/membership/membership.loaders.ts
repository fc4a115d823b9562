import type { EntityManager } from "@mikro-orm/postgresql";
import { manyLoader } from "../../../lib/loaders";
import { Membership } from "./membership.entity";

/** Request-scoped loaders of memberships, from either side. */
export const membershipLoaders = (em: EntityManager) => ({
  membershipsByClusterId: manyLoader<string, Membership>(
    ids => em.find(Membership, { clusterId: { $in: ids } }, { orderBy: { id: "asc" } }),
    m => m.clusterId,
  ),
  membershipsByOrganisationId: manyLoader<string, Membership>(
    ids => em.find(Membership, { organisationId: { $in: ids } }, { orderBy: { id: "asc" } }),
    m => m.organisationId,
  ),
});
