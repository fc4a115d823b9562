import { sortOf, sql, type Listing } from "../../../lib/subgraph/listing";
import type { EventFilter } from "./event.inputs";

/** The SQL of an `events` list: its filter as conditions over `t`, ordered by id. */
export function eventListing(filter: EventFilter | null): Listing {
  return {
    table: "event",
    conditions: [
      ...(filter?.kind ? [sql("t.kind = ?", filter.kind)] : []),
      ...(filter?.country ? [sql("? = any(t.countries)", filter.country)] : []),
    ],
    ...sortOf({ ID: null }, null),
  };
}
