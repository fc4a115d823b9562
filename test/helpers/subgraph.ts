import { ApolloServer, type BaseContext } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { inject } from "vitest";
import type { Caller } from "../../lib/auth";
import { openDatabase, subgraphDatabaseUrl } from "../../lib/database";
import { subgraphs } from "../../scripts/subgraphs";

/** One subgraph in this process, on the test graph's database, answering as `caller` would be answered. */
export async function subgraphAs(name: string) {
  const subgraph = subgraphs.find(s => s.name === name)!;
  const { orm } = await openDatabase({
    databaseUrl: subgraphDatabaseUrl(inject("graph").postgresUrl, name),
    entities: subgraph.entities,
    migrations: subgraph.migrations,
  });
  const server = new ApolloServer<BaseContext>({ schema: await subgraph.buildSchema() });
  await server.start();
  return {
    orm: orm as MikroORM,
    async execute(caller: Caller | null, query: string, variables?: Record<string, unknown>) {
      const response = await server.executeOperation({ query, variables }, { contextValue: subgraph.createContext(orm as MikroORM, caller) });
      if (response.body.kind !== "single") throw new Error("expected a single result");
      return response.body.singleResult as { data?: any; errors?: { message: string; extensions?: Record<string, any> }[] };
    },
    stop: async () => {
      await server.stop();
      await orm.close();
    },
  };
}
