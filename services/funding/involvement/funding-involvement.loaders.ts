import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, loaderPer, manyLoader } from "../../../lib/subgraph/loaders";
import { FundingInvolvement, type FundingRole } from "./funding-involvement.entity";

type Side = "programmeId" | "organisationId" | "clusterId" | "partnershipId";

/** The involvements on one side (programme, organisation, cluster or partnership), one statement per batch. */
const involvementsBy = (em: EntityManager, side: Side) =>
  manyLoader<string, FundingInvolvement>(
    ids => findIn(em, FundingInvolvement, side, ids, { id: "asc" }),
    involvement => involvement[side]!,
  );

/** Request-scoped loaders of funding involvements, from every side. */
export const fundingInvolvementLoaders = (em: EntityManager) => ({
  involvementsByProgrammeId: involvementsBy(em, "programmeId"),
  /** A programme's involvements in one role (its funders, say), without reading its other involvements. */
  involvementsByProgrammeIdInRole: loaderPer((role: FundingRole) =>
    manyLoader<string, FundingInvolvement>(
      ids => findIn(em, FundingInvolvement, "programmeId", ids, { id: "asc" }, { role }),
      involvement => involvement.programmeId,
    ),
  ),
  involvementsByOrganisationId: involvementsBy(em, "organisationId"),
  involvementsByClusterId: involvementsBy(em, "clusterId"),
  involvementsByPartnershipId: involvementsBy(em, "partnershipId"),
});
