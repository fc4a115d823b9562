import type { EventsContext } from "../context";
import type { Event } from "./event.entity";

/** Resolves the events other subgraphs point at, batched through the request's loader. */
export const eventReference = {
  __resolveReference: (ref: { id: string }, ctx: EventsContext): Promise<Event | null> => ctx.loaders.eventById.load(ref.id),
};
