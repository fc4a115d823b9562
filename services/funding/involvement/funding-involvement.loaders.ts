import type { EntityManager } from "@mikro-orm/postgresql";
import { findIn, loaderPer, manyLoader } from "../../../lib/subgraph/loaders";
import { FundingInvolvement, type FundingRole } from "./funding-involvement.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

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

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const involvementListSizes: ListSizeSource[] = [
  { field: "FundingProgramme.involvements", table: "funding_involvement", per: "programme_id" },
  { field: "FundingProgramme.funders", table: "funding_involvement", per: "programme_id", where: "role = 'FUNDER'" },
  { field: "FundingProgramme.implementers", table: "funding_involvement", per: "programme_id", where: "role = 'IMPLEMENTER'" },
  { field: "FundingProgramme.beneficiaries", table: "funding_involvement", per: "programme_id", where: "role = 'BENEFICIARY'" },
  { field: "Cluster.funding", table: "funding_involvement", per: "cluster_id" },
  { field: "Organisation.funding", table: "funding_involvement", per: "organisation_id" },
  { field: "Partnership.funding", table: "funding_involvement", per: "partnership_id" },
  { field: "FundingInvolvement.sources", table: "funding_involvement", array: "source_ids" },
];
