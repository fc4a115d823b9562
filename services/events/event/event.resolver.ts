import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { ChangesResolver } from "../../../lib/records/audit";
import { inScope, RecordScopeArgs } from "../../../lib/records/retraction";
import { LinkListResolver, RecordRetractionResolver } from "../../../lib/records/facts";
import { findListPage, selects } from "../../../lib/subgraph/listing";
import { Connection, PageArgs } from "../../../lib/subgraph/pagination";
import { SearchHitType } from "../../../lib/records/search";
import { loadSources, Source } from "../../../lib/records/sources";
import { createRecord, EXPECTED_VERSION, given, updateRecord } from "../../../lib/records/writes";
import type { EventsContext } from "../context";
import { ClusterRef } from "../refs/cluster.ref";
import { OrganisationRef } from "../refs/organisation.ref";
import { Event } from "./event.entity";
import { CreateEventInput, EventFilter, UpdateEventInput } from "./event.inputs";
import { eventListing } from "./event.listing";

export const EventConnection = Connection(Event, "Event", "events");
export const EventSearchHit = SearchHitType(Event, "Event");

@Resolver(_of => Event)
export class EventResolver {
  @Directive(`@listSize(slicingArguments: ["first"], sizedFields: ["nodes", "edges"])`)
  @Query(_returns => EventConnection, { description: "Events, a page at a time, ordered by id." })
  events(
    @Arg("filter", _type => EventFilter, { nullable: true, description: "Which events to list." }) filter: EventFilter | null,
    @Args(_type => PageArgs) page: PageArgs,
    @Args(_type => RecordScopeArgs) scope: RecordScopeArgs,
    @Ctx() ctx: EventsContext,
    @Info() info: GraphQLResolveInfo,
  ) {
    return findListPage(ctx.em, Event, inScope(eventListing(filter), ctx.caller, "Event", scope), page, selects(info, "totalCount"));
  }

  @Query(_returns => Event, { nullable: true, description: "One event by id; null when there is none." })
  event(@Arg("id", _type => ID, { description: "The event's id." }) id: string, @Ctx() ctx: EventsContext) {
    return ctx.loaders.eventById.load(id);
  }

  @Mutation(_returns => Event, { description: "Creates an event owned by the caller's partner, citing the source given." })
  createEvent(@Arg("input", _type => CreateEventInput, { description: "The new event and its source." }) input: CreateEventInput, @Ctx() ctx: EventsContext) {
    const { id, source, ...data } = input;
    return createRecord(ctx, { entity: Event, name: "Event", id, data, source });
  }

  @Mutation(_returns => Event, { description: "Changes an event the caller's partner owns or has been granted." })
  updateEvent(
    @Arg("id", _type => ID, { description: "The event's id." }) id: string,
    @Arg("expectedVersion", _type => Int, EXPECTED_VERSION) expectedVersion: number,
    @Arg("input", _type => UpdateEventInput, { description: "The fields to change and the source of the change." }) input: UpdateEventInput,
    @Ctx() ctx: EventsContext,
  ) {
    const { source, ...changes } = input;
    return updateRecord(ctx, { entity: Event, name: "Event", id, expectedVersion, changes: given(changes), source });
  }

  @FieldResolver(_returns => [OrganisationRef], { nullable: true, description: "The organisations that organised the event, where the source names them. Null when the organisations subgraph did not answer; the error names it." })
  organisers(@Root() event: Event): OrganisationRef[] {
    return event.organiserIds.map(id => ({ id }));
  }

  @FieldResolver(_returns => [OrganisationRef], { nullable: true, description: "The organisations the source names among those who took part. Null when the organisations subgraph did not answer; the error names it." })
  participants(@Root() event: Event): OrganisationRef[] {
    return event.participantIds.map(id => ({ id }));
  }

  @FieldResolver(_returns => [ClusterRef], { nullable: true, description: "The clusters the event concerns. Null when the clusters subgraph did not answer; the error names it." })
  clusters(@Root() event: Event): ClusterRef[] {
    return event.clusterIds.map(id => ({ id }));
  }

  @FieldResolver(_returns => [Source], { description: "The articles and documents this event's record rests on." })
  sources(@Root() event: Event, @Ctx() ctx: EventsContext) {
    return loadSources(ctx.loaders, event.sourceIds);
  }
}

export const EventChangesResolver = ChangesResolver(Event, "Event");
export const EventRetractionResolver = RecordRetractionResolver(Event, "Event", "event");

export const EventLinkResolvers = [
  LinkListResolver({ record: Event, recordName: "Event", property: "organiserIds", field: "organisers", linkName: "EventOrganiser", idName: "organisationId", noun: "organiser" }),
  LinkListResolver({ record: Event, recordName: "Event", property: "participantIds", field: "participants", linkName: "EventParticipant", idName: "organisationId", noun: "participant" }),
  LinkListResolver({ record: Event, recordName: "Event", property: "clusterIds", field: "clusters", linkName: "EventCluster", idName: "clusterId", noun: "cluster" }),
];
