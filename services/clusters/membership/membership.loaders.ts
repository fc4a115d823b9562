import type { EntityManager } from "@mikro-orm/postgresql";
import { findFirstIn, findIn, loaderPer, manyLoader } from "../../../lib/subgraph/loaders";
import { Membership, type MembershipRole } from "./membership.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of memberships, from either side. */
export const membershipLoaders = (em: EntityManager) => ({
  membershipsByClusterId: manyLoader<string, Membership>(
    ids => findIn(em, Membership, "clusterId", ids, { id: "asc" }),
    m => m.clusterId,
  ),
  /** The first `first` memberships of each cluster, by id, with `role` when given: `memberships(first:)`. */
  firstMembershipsByClusterId: loaderPer((first: number, role: MembershipRole | null) =>
    manyLoader<string, Membership>(
      ids => findFirstIn(em, Membership, "clusterId", ids, first, { id: "asc" }, role ? { sql: "? = any(t.roles)", bindings: [role] } : undefined),
      m => m.clusterId,
    ),
  ),
  membershipsByOrganisationId: manyLoader<string, Membership>(
    ids => findIn(em, Membership, "organisationId", ids, { id: "asc" }),
    m => m.organisationId,
  ),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const membershipListSizes: ListSizeSource[] = [
  { field: "Cluster.memberships", table: "membership", per: "cluster_id" },
  { field: "Cluster.initiators", table: "membership", per: "cluster_id", where: "'INITIATOR' = any(roles)" },
  { field: "Organisation.memberships", table: "membership", per: "organisation_id" },
  { field: "Membership.sources", table: "membership", array: "source_ids" },
];
