import type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
import { sourceLoaders, type SourceLoaders } from "./sources";

/** What every subgraph's request context holds: its own EntityManager and the loaders built from it. */
export interface RequestContext<L> {
  em: EntityManager;
  loaders: L & SourceLoaders;
}

/** Builds a request context: a fresh identity map and fresh loaders, nothing shared between requests. */
export function createRequestContext<L>(orm: MikroORM, loaders: (em: EntityManager) => L): RequestContext<L> {
  const em = orm.em.fork();
  return { em, loaders: { ...sourceLoaders(em), ...loaders(em) } };
}
