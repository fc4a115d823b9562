import type { BaseContext } from "@apollo/server";
import type { Subgraph, SubgraphDefinition } from "../lib/subgraph/subgraph-server";

interface Registered {
  /** Where it listens on one machine: npm start, docker-compose.yml, subgraphs.json, the supergraph's URLs. */
  port: number;
  /** A partner's subgraph kept here (`npm run subgraph:new` writes one): not in the checked-in supergraph, it joins through subgraphs.json. */
  partner?: true;
}

/**
 * Every subgraph of the graph, one line each, in the order they start and compose; each is defined by the `subgraph`
 * export of services/<name>/subgraph.ts. Everything else that names subgraphs derives from this list: SUBGRAPHS, the
 * gateway's URL variables, npm start's ports, the supergraph, docker-compose.yml and subgraphs.json (`npm run registry`),
 * the bench. `npm run subgraph:new -- <name>` writes a folder and adds its line.
 */
export const registry = {
  organisations: { port: 4001 },
  clusters: { port: 4002 },
  partnerships: { port: 4003 },
  funding: { port: 4004 },
  events: { port: 4005 },
  feed: { port: 4006 },
} as const satisfies Record<string, Registered>;

type Registry = typeof registry;
/** Every registered subgraph, ours and the partners' kept here. */
export type RegisteredName = keyof Registry;
/** Our subgraphs: the ones npm start runs and the checked-in supergraph composes. */
export type SubgraphName = { [N in RegisteredName]: Registry[N] extends { partner: true } ? never : N }[RegisteredName];
export type PartnerSubgraphName = Exclude<RegisteredName, SubgraphName>;

const isPartner = (name: RegisteredName) => "partner" in registry[name];
/** Every registered name, in the registry's order. */
export const REGISTERED = Object.keys(registry) as RegisteredName[];
export const SUBGRAPHS = REGISTERED.filter((name): name is SubgraphName => !isPartner(name));
export const PARTNER_SUBGRAPHS = REGISTERED.filter((name): name is PartnerSubgraphName => isPartner(name));

/** The port a subgraph listens on unless told otherwise. */
export const subgraphPort = (name: RegisteredName): number => registry[name].port;

/** A registered subgraph with its definition loaded: name, port, entities, migrations, schema, context, sample data. */
export async function loadSubgraph(name: RegisteredName): Promise<Subgraph<BaseContext>> {
  // Imported when asked for, so that reading the list loads no service code (the gateway reads it for its variables);
  // vite is told to leave the import to run time, where a folder made after start (the scaffold's test) is found too.
  const { subgraph } = (await import(/* @vite-ignore */ `./${name}/subgraph`)) as { subgraph: SubgraphDefinition<BaseContext> };
  return { name, port: subgraphPort(name), ...subgraph };
}

/** Several registered subgraphs, loaded in the order given (ours by default). */
export const loadSubgraphs = (names: readonly RegisteredName[] = SUBGRAPHS): Promise<Subgraph<BaseContext>[]> => Promise.all(names.map(loadSubgraph));
