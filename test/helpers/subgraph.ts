import { ApolloServer, type BaseContext } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { inject } from "vitest";
import type { Caller } from "../../lib/platform/auth";
import { ensureDatabase, openDatabase, subgraphDatabaseUrl } from "../../lib/platform/database";
import { loadSubgraph, type RegisteredName } from "../../services/registry";

/**
 * One subgraph in this process, answering as `caller` would be answered, on a database of its own (`<prefix>_<name>`
 * on the test PostgreSQL, migrated and with the sample data), so that its writes change nothing other stories count.
 */
export async function subgraphAs(name: RegisteredName, prefix = "writeshub") {
  const subgraph = await loadSubgraph(name);
  const postgres = new URL(inject("graph").postgresUrl);
  postgres.pathname = `/${prefix}`;
  const databaseUrl = subgraphDatabaseUrl(postgres.toString(), name);
  await ensureDatabase(databaseUrl);
  const { orm } = await openDatabase({ databaseUrl, entities: subgraph.entities, migrations: subgraph.migrations });
  await orm.getMigrator().up();
  await subgraph.loadSampleData(orm as MikroORM);
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
