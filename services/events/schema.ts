import { GrantResolver } from "../../lib/records/grants";
import { Event } from "./event/event.entity";
import { buildFederatedSchema, keyOnlyReference } from "../../lib/subgraph/subgraph-schema";
import { eventReference } from "./event/event.reference";
import { EventChangesResolver, EventLinkResolvers, EventRetractionResolver, EventResolver } from "./event/event.resolver";
import { ClusterEventsResolver, OrganisationEventsResolver } from "./refs/refs.resolver";

/** The events subgraph schema. */
export const buildEventsSchema = () =>
  buildFederatedSchema({
    resolvers: [EventResolver, GrantResolver(Event, "Event"), EventChangesResolver, EventRetractionResolver, ...EventLinkResolvers, ClusterEventsResolver, OrganisationEventsResolver],
    references: { Event: eventReference, Cluster: keyOnlyReference, Organisation: keyOnlyReference },
  });
