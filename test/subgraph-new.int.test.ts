import { randomBytes } from "node:crypto";
import { copyFileSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { ApolloServer, type BaseContext } from "@apollo/server";
import type { MikroORM } from "@mikro-orm/postgresql";
import { describe, expect, inject, it } from "vitest";
import { ensureDatabase, openDatabase, subgraphDatabaseUrl } from "../lib/platform/database";
import { checkSubgraph } from "../scripts/subgraph-check";
import { defaultSubgraphUrl, servedSdl } from "../scripts/schema";
import { scaffold } from "../scripts/subgraph-new";
import type * as Registry from "../services/registry";

const SERVICES = path.resolve(__dirname, "../services");

describe("npm run subgraph:new", () => {
  it("writes a folder and one registry line; the subgraph composes, migrates, and takes a partner's writes", async () => {
    const name = `trial${randomBytes(3).toString("hex")}s`;
    // A copy of the registry beside the real one, so that the test leaves services/registry.ts as it is.
    const registryFile = path.join(SERVICES, `registry-${name}.ts`);
    copyFileSync(path.join(SERVICES, "registry.ts"), registryFile);
    const { folder, port } = scaffold(name, { registry: registryFile });
    try {
      const before = readFileSync(path.join(SERVICES, "registry.ts"), "utf8").split("\n");
      const after = readFileSync(registryFile, "utf8").split("\n");
      expect(after.filter(line => !before.includes(line))).toEqual([`  ${name}: { port: ${port}, partner: true },`]);
      expect(after).toHaveLength(before.length + 1);

      // Everything else derives from that line: the registry now lists it, on a port of its own, with its folder's definition.
      const registry = (await import(registryFile)) as typeof Registry;
      expect(registry.PARTNER_SUBGRAPHS).toContain(name);
      expect(registry.REGISTERED.filter(other => registry.subgraphPort(other) === port)).toEqual([name]);
      const subgraph = await registry.loadSubgraph(name as Registry.RegisteredName);
      expect(subgraph).toMatchObject({ name, port });

      const schema = await subgraph.buildSchema();
      const check = await checkSubgraph({ name, url: defaultSubgraphUrl(port), sdl: await servedSdl(schema), secret: inject("gatewaySecret") });
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
      await rm(registryFile, { force: true });
    }
  });
});
