import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { ApolloServer, type BaseContext } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { describe, expect, inject, it } from "vitest";
import { ensureDatabase, openDatabase, subgraphDatabaseUrl } from "../lib/database";
import type { SubgraphDefinition } from "../lib/subgraph-server";
import { checkSubgraph } from "../scripts/subgraph-check";
import { servedSdl } from "../scripts/schema";
import { scaffold } from "../scripts/subgraph-new";

describe("npm run subgraph:new", () => {
  it("makes a subgraph in the house shape that composes, migrates, and takes a partner's writes", async () => {
    const name = `trial${randomBytes(3).toString("hex")}s`;
    const folder = scaffold(name, { register: false });
    try {
      const { [`${name}Subgraph`]: subgraph } = (await import(path.join(folder, "subgraph.ts"))) as Record<string, SubgraphDefinition<BaseContext>>;
      const schema = await subgraph.buildSchema();
      const check = await checkSubgraph({ name, url: "http://127.0.0.1:4010/graphql", sdl: await servedSdl(schema), secret: inject("gatewaySecret") });
      expect(check.compositionErrors).toEqual([]);
      expect(check.breaking).toEqual([]);
      expect(check.nonNullAcrossBoundary).toEqual([]);

      const databaseUrl = subgraphDatabaseUrl(inject("graph").postgresUrl, name);
      await ensureDatabase(databaseUrl);
      const { orm } = await openDatabase({ databaseUrl, entities: subgraph.entities, migrations: subgraph.migrations });
      const server = new ApolloServer<BaseContext>({ schema });
      await server.start();
      try {
        await orm.getMigrator().up();
        const noun = name.slice(0, -1).replace(/^./, c => c.toUpperCase());
        const response = await server.executeOperation(
          {
            query: `mutation Create($input: Create${noun}Input!) { create${noun}(input: $input) { name version ownerId sources { title } changes { action } } }`,
            variables: { input: { name: "Pierwszy", source: { title: "Notatka", document: "notatka.txt", publishedOn: "2025", language: "pl" } } },
          },
          { contextValue: subgraph.createContext(orm as MikroORM, { partnerId: "trial-partner", admin: false }) },
        );
        expect(response.body.kind === "single" && response.body.singleResult).toMatchObject({
          data: { [`create${noun}`]: { name: "Pierwszy", version: 1, ownerId: "trial-partner", sources: [{ title: "Notatka" }], changes: [{ action: "CREATE" }] } },
        });
      } finally {
        await server.stop();
        await orm.close();
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
