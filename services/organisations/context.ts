import type { MikroORM } from "@mikro-orm/postgresql";
import { createRequestContext, type RequestContext } from "../../lib/context";
import { organisationLoaders } from "./organisation/organisation.loaders";

export type OrganisationsContext = RequestContext<ReturnType<typeof organisationLoaders>>;

/** The organisations subgraph's per-request context. */
export const createOrganisationsContext = (orm: MikroORM): OrganisationsContext =>
  createRequestContext(orm, em => ({ ...organisationLoaders(em) }));
