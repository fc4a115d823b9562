import type { MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../../lib/platform/auth";
import { createRequestContext, type RequestContext } from "../../lib/records/context";
import { fundingInvolvementLoaders } from "./involvement/funding-involvement.loaders";
import { fundingMatchLoaders } from "./matches/funding-match.loaders";
import { fundingOpportunityLoaders } from "./opportunity/funding-opportunity.loaders";
import { fundingProgrammeLoaders } from "./programme/funding-programme.loaders";

const loaders = (em: Parameters<typeof fundingProgrammeLoaders>[0]) => ({
  ...fundingProgrammeLoaders(em),
  ...fundingOpportunityLoaders(em),
  ...fundingInvolvementLoaders(em),
  ...fundingMatchLoaders(em),
});

export type FundingContext = RequestContext<ReturnType<typeof loaders>>;

/** The funding subgraph's per-request context. */
export const createFundingContext = (orm: MikroORM, caller: Caller | null = null): FundingContext => createRequestContext(orm, loaders, caller);
