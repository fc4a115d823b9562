import { Source } from "../../lib/sources";
import { FundingInvolvement } from "./involvement/funding-involvement.entity";
import { migrations } from "./migrations";
import { FundingOpportunity } from "./opportunity/funding-opportunity.entity";
import { FundingProgramme } from "./programme/funding-programme.entity";

/** The funding subgraph's tables and the migrations that make them. */
export const fundingDatabase = { entities: [Source, FundingProgramme, FundingOpportunity, FundingInvolvement], migrations };
