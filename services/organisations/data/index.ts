import type { MikroORM } from "@mikro-orm/postgresql";
import { loadSample } from "../../../lib/records/sample-data";
import { withSearchDocument } from "../../../lib/records/search";
import { withLocation } from "../../../lib/records/location";
import { Organisation } from "../organisation/organisation.entity";
import sample from "./sample.json";

/** Loads the organisations named in the sample articles. */
export const loadOrganisationsSample = (orm: MikroORM) =>
  loadSample(orm, [{ entity: Organisation, rows: sample.organisations.map(withSearchDocument(Organisation.searchNamesOf)).map(withLocation) }]);
