import type { MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../../lib/platform/auth";
import { createRequestContext, type RequestContext } from "../../lib/records/context";
import { organisationLoaders } from "./organisation/organisation.loaders";

export type OrganisationsContext = RequestContext<ReturnType<typeof organisationLoaders>>;

/** The organisations subgraph's per-request context. */
export const createOrganisationsContext = (orm: MikroORM, caller: Caller | null = null): OrganisationsContext =>
  createRequestContext(orm, em => ({ ...organisationLoaders(em) }), caller);
