import DataLoader from "dataloader";
import type { EntityManager } from "@mikro-orm/postgresql";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../programme/funding-programme.entity";
import type { Candidate } from "./funding-match.rules";

/** The one key of `fundingCandidates`: every request judges against the same whole set. */
export const EVERY_CANDIDATE = "every";

/**
 * Request-scoped loader of everything a funding match judges: every programme, and every opportunity with its
 * programme. Two statements per request however many clusters and organisations are judged; a near miss may fail on
 * any one rule, country included, so no rule can narrow the rows in SQL.
 */
export const fundingMatchLoaders = (em: EntityManager) => ({
  fundingCandidates: new DataLoader<string, Candidate[]>(async keys => {
    const [programmes, opportunities] = await Promise.all([
      em.find(FundingProgramme, {}, { orderBy: { id: "asc" } }),
      em.find(FundingOpportunity, {}, { orderBy: { id: "asc" } }),
    ]);
    const programmeOf = new Map(programmes.map(p => [p.id, p]));
    const candidates: Candidate[] = [
      ...programmes.map(programme => ({ programme, opportunity: null })),
      ...opportunities.flatMap(opportunity => {
        const programme = programmeOf.get(opportunity.programmeId);
        return programme ? [{ programme, opportunity }] : [];
      }),
    ];
    return keys.map(() => candidates);
  }),
});
