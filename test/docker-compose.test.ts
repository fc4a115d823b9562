import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { gatewayEnvSchema, subgraphUrlVariable } from "../gateway/config";
import { subgraphConfigSchema } from "../lib/config";
import { SUBGRAPHS, subgraphDatabaseUrl } from "../lib/database";
import { GATEWAY_NODE_FLAGS } from "../scripts/graph";
import { subgraphs } from "../scripts/subgraphs";

interface ComposeService {
  command: string[];
  environment: Record<string, string>;
  ports: string[];
}

const compose = parse(readFileSync(path.resolve(__dirname, "../docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};

// Docker cannot run on these machines, so the file is checked against the code instead.
describe("docker-compose.yml", () => {
  it("runs one PostgreSQL, the four subgraphs and the gateway", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "gateway", ...SUBGRAPHS].sort());
  });

  it.each(subgraphs.map(s => [s.name, s.defaultPort] as const))("starts the %s subgraph on its port with its own database", (name, port) => {
    const service = compose.services[name];
    expect(service.command.at(-1)).toBe(`services/${name}/main.ts`);
    expect(service.environment.PORT).toBe(String(port));
    expect(service.ports).toEqual([`${port}:${port}`]);
    expect(service.environment.DATABASE_URL).toBe(subgraphDatabaseUrl("postgres://postgres:postgres@postgres:5432/postgres", name));
    // The gateway signs for the URL it sends to; the subgraph checks the signature against the same one.
    expect(service.environment.PUBLIC_URL).toBe(compose.services.gateway.environment[subgraphUrlVariable(name)]);
    const known = Object.keys(subgraphConfigSchema(port).shape);
    expect(Object.keys(service.environment).filter(variable => !known.includes(variable))).toEqual([]);
  });

  it("points the gateway at every subgraph service", () => {
    const gateway = compose.services.gateway;
    for (const subgraph of subgraphs) {
      expect(gateway.environment[subgraphUrlVariable(subgraph.name)]).toBe(`http://${subgraph.name}:${subgraph.defaultPort}/graphql`);
    }
    expect(gateway.command).toEqual(["node", ...GATEWAY_NODE_FLAGS, "-r", "@swc-node/register", "gateway/main.ts"]);
    expect(gateway.ports).toEqual([`${gateway.environment.PORT}:${gateway.environment.PORT}`]);
    const known = Object.keys(gatewayEnvSchema.shape);
    expect(Object.keys(gateway.environment).filter(variable => !known.includes(variable))).toEqual([]);
    expect(gateway.environment.DATABASE_URL).toBe(subgraphDatabaseUrl("postgres://postgres:postgres@postgres:5432/postgres", "gateway"));
  });

  it("gives the gateway and every subgraph the one secret the gateway signs with", () => {
    const secrets = Object.entries(compose.services).filter(([name]) => name !== "postgres").map(([, service]) => service.environment.GATEWAY_SECRET);
    expect(new Set(secrets)).toEqual(new Set(["${GATEWAY_SECRET:?set GATEWAY_SECRET to 32 or more random characters}"]));
  });
});
