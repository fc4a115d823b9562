import { Arg, Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import { INCLUDE_RETRACTED, standing } from "../../../lib/records/retraction";
import type { EventsContext } from "../context";
import { Event } from "../event/event.entity";
import { ClusterRef } from "./cluster.ref";
import { OrganisationRef } from "./organisation.ref";

// The partner declares how many events one cluster or organisation has at most: the gateway prices these lists by it.
const EVENTS_PER_RECORD = `@listSize(assumedSize: 20)`;

@Resolver(_of => ClusterRef)
export class ClusterEventsResolver {
  @Directive(EVENTS_PER_RECORD)
  @FieldResolver(_returns => [Event], { nullable: true, description: "Events that concern this cluster, oldest first. Null when the events subgraph did not answer; the error names it." })
  async events(@Root() cluster: ClusterRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: EventsContext) {
    return standing(await ctx.loaders.eventsByClusterId.load(cluster.id), includeRetracted);
  }
}

@Resolver(_of => OrganisationRef)
export class OrganisationEventsResolver {
  @Directive(EVENTS_PER_RECORD)
  @FieldResolver(_returns => [Event], {
    nullable: true,
    description: "Events this organisation organised or took part in, oldest first. Null when the events subgraph did not answer; the error names it.",
  })
  async events(@Root() organisation: OrganisationRef, @Arg("includeRetracted", INCLUDE_RETRACTED) includeRetracted: boolean, @Ctx() ctx: EventsContext) {
    return standing(await ctx.loaders.eventsByOrganisationId.load(organisation.id), includeRetracted);
  }
}
