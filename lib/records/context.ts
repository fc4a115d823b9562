import type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
import type { Caller } from "../platform/auth";
import { changeLoaders, type ChangeLoaders } from "./audit";
import { sourceLoaders, type SourceLoaders } from "./sources";

/** What every subgraph's request context holds: its own EntityManager and the loaders built from it. */
export interface RequestContext<L> {
  em: EntityManager;
  loaders: L & SourceLoaders & ChangeLoaders;
  /** The partner the gateway vouches for; null for a public read. */
  caller: Caller | null;
}

/** Builds a request context: a fresh identity map and fresh loaders, nothing shared between requests. */
export function createRequestContext<L>(orm: MikroORM, loaders: (em: EntityManager) => L, caller: Caller | null = null): RequestContext<L> {
  const em = orm.em.fork();
  return { em, caller, loaders: { ...sourceLoaders(em), ...changeLoaders(em), ...loaders(em) } };
}
