import type { EntityManager } from "@mikro-orm/postgresql";
import DataLoader from "dataloader";
import { findContaining, findIn, oneLoader } from "../../../lib/subgraph/loaders";
import { searchHitsLoader } from "../../../lib/records/search";
import { Organisation } from "./organisation.entity";
import type { ListSizeSource } from "../../../lib/subgraph/list-sizes";

/** Request-scoped loaders of organisations, and of the organisations a request's searches find. */
export const organisationLoaders = (em: EntityManager) => ({
  organisationSearchHits: searchHitsLoader(em, Organisation, "organisation"),
  organisationById: oneLoader<string, Organisation>(ids => findIn(em, Organisation, "id", ids), o => o.id),
  /** By `SCHEME:value` (the value compact): one statement per batch, each lookup answered by the GIN index on `identifiers`. */
  organisationByIdentifier: new DataLoader<string, Organisation | null>(async keys => {
    const probes = keys.map(key => [{ scheme: key.slice(0, key.indexOf(":")), value: key.slice(key.indexOf(":") + 1) }]);
    const found = await findContaining(em, Organisation, "identifiers", probes);
    // A retracted identifier no longer names its organisation.
    const standing = (record: Organisation, i: number) =>
      record.identifiers.some(id => !id.retracted && id.scheme === probes[i][0].scheme && id.value === probes[i][0].value);
    return keys.map((_key, i) => found.find(hit => hit.probe === i && standing(hit.record, i))?.record ?? null);
  }),
});

/** The lists these loaders fill, and where their sizes are read (lib/subgraph/list-sizes.ts, for the gateway's cost). */
export const organisationListSizes: ListSizeSource[] = [
  { field: "Query.organisations", table: "organisation" },
  { field: "Organisation.sources", table: "organisation", array: "source_ids" },
];
