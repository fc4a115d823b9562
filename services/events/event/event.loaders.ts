import type { EntityManager } from "@mikro-orm/postgresql";
import { searchHitsLoader } from "../../../lib/records/search";
import { manyLoader, oneLoader } from "../../../lib/subgraph/loaders";
import { Event } from "./event.entity";

/** Request-scoped loaders of events, by id, by the clusters and organisations they involve, and by search. */
export const eventLoaders = (em: EntityManager) => ({
  eventById: oneLoader<string, Event>(ids => em.find(Event, { id: { $in: ids } }), e => e.id),
  eventsByClusterId: manyLoader<string, Event>(
    ids => em.find(Event, { clusterIds: { $overlap: ids } }, { orderBy: { date: "asc nulls first", id: "asc" } }),
    e => e.clusterIds,
  ),
  eventsByOrganisationId: manyLoader<string, Event>(
    ids =>
      em.find(Event, { $or: [{ organiserIds: { $overlap: ids } }, { participantIds: { $overlap: ids } }] }, { orderBy: { date: "asc nulls first", id: "asc" } }),
    e => [...new Set([...e.organiserIds, ...e.participantIds])],
  ),
  eventSearchHits: searchHitsLoader(em, Event, "event"),
});
