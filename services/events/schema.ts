import { GrantResolver } from "../../lib/records/grants";
import { Event } from "./event/event.entity";
import { searchResultsReference } from "../../lib/records/search";
import { buildFederatedSchema, keyOnlyReference } from "../../lib/subgraph/subgraph-schema";
import { eventReference } from "./event/event.reference";
import { EventChangesResolver, EventLinkResolvers, EventRetractionResolver, EventResolver } from "./event/event.resolver";
import { ClusterEventsResolver, OrganisationEventsResolver } from "./refs/refs.resolver";
import { EventSearchHitsResolver, SearchResults } from "./search/search.resolver";

/** The events subgraph schema. */
export const buildEventsSchema = () =>
  buildFederatedSchema({
    resolvers: [EventResolver, GrantResolver(Event, "Event"), EventChangesResolver, EventRetractionResolver, ...EventLinkResolvers, ClusterEventsResolver, OrganisationEventsResolver, EventSearchHitsResolver],
    // Reached only through the gateway (`_entities`), so no root field of this subgraph leads type-graphql to it.
    orphanedTypes: [SearchResults],
    references: { Event: eventReference, Cluster: keyOnlyReference, Organisation: keyOnlyReference, SearchResults: searchResultsReference },
  });
