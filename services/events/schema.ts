import { buildFederatedSchema, keyOnlyReference } from "../../lib/subgraph/subgraph-schema";
import { eventReference } from "./event/event.reference";
import { EventChangesResolver, EventLinkResolvers, EventRetractionResolver, EventResolver } from "./event/event.resolver";
import { ClusterEventsResolver, OrganisationEventsResolver } from "./refs/refs.resolver";

/** The events subgraph schema. */
export const buildEventsSchema = () =>
  buildFederatedSchema({
    resolvers: [EventResolver, EventChangesResolver, EventRetractionResolver, ...EventLinkResolvers, ClusterEventsResolver, OrganisationEventsResolver],
    references: { Event: eventReference, Cluster: keyOnlyReference, Organisation: keyOnlyReference },
  });
