import type { OrganisationsContext } from "../context";
import type { Organisation } from "./organisation.entity";

/** Resolves the organisations other subgraphs point at, batched through the request's loader. */
export const organisationReference = {
  __resolveReference: (ref: { id: string }, ctx: OrganisationsContext): Promise<Organisation | null> =>
    ctx.loaders.organisationById.load(ref.id),
};
