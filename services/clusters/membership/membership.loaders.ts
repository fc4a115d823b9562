import type { EntityManager } from "@mikro-orm/postgresql";
import { findFirstIn, findIn, loaderPer, manyLoader } from "../../../lib/subgraph/loaders";
import { Membership, type MembershipRole } from "./membership.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** The condition of `memberships(first:)`: with the role when given, standing ones unless retracted ones are asked for. */
function firstOf(role: MembershipRole | null, includeRetracted: boolean): { sql: string; bindings: unknown[] } | undefined {
  const conditions = [...(role ? ["? = any(t.roles)"] : []), ...(includeRetracted ? [] : ["t.retracted is null"])];
  return conditions.length ? { sql: conditions.join(" and "), bindings: role ? [role] : [] } : undefined;
}

/** Request-scoped loaders of memberships, from either side. */
export const membershipLoaders = (em: EntityManager) => ({
  membershipsByClusterId: manyLoader<string, Membership>(
    ids => findIn(em, Membership, "clusterId", ids, { id: "asc" }),
    m => m.clusterId,
  ),
  /** The first `first` memberships of each cluster, by id, with `role` when given: `memberships(first:)`. */
  firstMembershipsByClusterId: loaderPer((first: number, role: MembershipRole | null, includeRetracted: boolean) =>
    manyLoader<string, Membership>(
      ids => findFirstIn(em, Membership, "clusterId", ids, first, { id: "asc" }, firstOf(role, includeRetracted)),
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
