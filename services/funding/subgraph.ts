import { programmeListSizes } from "./programme/funding-programme.loaders";
import { opportunityListSizes } from "./opportunity/funding-opportunity.loaders";
import { involvementListSizes } from "./involvement/funding-involvement.loaders";
import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";
import { createFundingContext, type FundingContext } from "./context";
import { loadFundingSample } from "./data";
import { fundingDatabase } from "./mikro-orm.config";
import { buildFundingSchema } from "./schema";

/** The funding subgraph: owns `FundingProgramme` and `FundingOpportunity`; adds `funding` to organisations, clusters and partnerships. */
export const subgraph: SubgraphDefinition<FundingContext> = {
  ...fundingDatabase,
  buildSchema: buildFundingSchema,
  createContext: createFundingContext,
  listSizes: [...programmeListSizes, ...opportunityListSizes, ...involvementListSizes],
  loadSampleData: loadFundingSample,
};
