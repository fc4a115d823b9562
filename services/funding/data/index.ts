import type { MikroORM } from "@mikro-orm/postgresql";
import { loadSample } from "../../../lib/records/sample-data";
import { withSearchDocument } from "../../../lib/records/search";
import { FundingInvolvement } from "../involvement/funding-involvement.entity";
import { FundingOpportunity } from "../opportunity/funding-opportunity.entity";
import { FundingProgramme } from "../programme/funding-programme.entity";
import sample from "./sample.json";

/** Loads the funding programmes of the sample articles, their opportunities and who is involved in them. */
export const loadFundingSample = (orm: MikroORM) =>
  loadSample(orm, [
    { entity: FundingProgramme, rows: sample.programmes.map(withSearchDocument(FundingProgramme.searchNamesOf)) },
    { entity: FundingOpportunity, rows: sample.opportunities.map(withSearchDocument(FundingOpportunity.searchNamesOf)) },
    { entity: FundingInvolvement, rows: sample.involvements },
  ]);
