import type { MikroORM } from "@mikro-orm/postgresql";
import { loadSample } from "../../../lib/records/sample-data";
import { withSearchDocument } from "../../../lib/records/search";
import { Event } from "../event/event.entity";
import sample from "./sample.json";

/** Loads the events of the sample articles, each with its search document. */
export const loadEventsSample = (orm: MikroORM) => loadSample(orm, [{ entity: Event, rows: sample.events.map(withSearchDocument(Event.searchNamesOf)) }]);
