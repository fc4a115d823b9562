import { partnershipListSizes } from "./partnership/partnership.loaders";
import type { SubgraphDefinition } from "../../lib/subgraph/subgraph-server";
import { createPartnershipsContext, type PartnershipsContext } from "./context";
import { loadPartnershipsSample } from "./data";
import { partnershipsDatabase } from "./mikro-orm.config";
import { buildPartnershipsSchema } from "./schema";

/** The partnerships subgraph: owns `Partnership`; adds `partnerships` to `Organisation` and `Cluster`. */
export const subgraph: SubgraphDefinition<PartnershipsContext> = {
  ...partnershipsDatabase,
  buildSchema: buildPartnershipsSchema,
  createContext: createPartnershipsContext,
  listSizes: [...partnershipListSizes],
  loadSampleData: loadPartnershipsSample,
};
