import type { MikroORM } from "@mikro-orm/postgresql";
import { loadSample } from "../../../lib/records/sample-data";
import { withSearchDocument } from "../../../lib/records/search";
import { PartnershipParty } from "../partnership/partnership-party.entity";
import { Partnership } from "../partnership/partnership.entity";
import sample from "./sample.json";

/** Loads the partnerships of the sample articles and their parties. */
export const loadPartnershipsSample = (orm: MikroORM) =>
  loadSample(orm, [
    { entity: Partnership, rows: sample.partnerships.map(withSearchDocument(Partnership.searchNamesOf)) },
    { entity: PartnershipParty, rows: sample.parties },
  ]);
