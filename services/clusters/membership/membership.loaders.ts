import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, manyLoader } from "../../../lib/loaders";
import { Membership } from "./membership.entity";

/** Request-scoped loaders of memberships, from either side. */
export const membershipLoaders = (em: EntityManager) => ({
  membershipsByClusterId: manyLoader<string, Membership>(
    ids => findIn(em, Membership, "clusterId", ids, { id: "asc" }),
    m => m.clusterId,
  ),
  membershipsByOrganisationId: manyLoader<string, Membership>(
    ids => findIn(em, Membership, "organisationId", ids, { id: "asc" }),
    m => m.organisationId,
  ),
});
