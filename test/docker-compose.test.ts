import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { gatewayEnvSchema, subgraphUrlVariable } from "../gateway/config";
import { subgraphConfigSchema } from "../lib/platform/config";
import { SUBGRAPHS, subgraphPort } from "../services/registry";

// Compose refuses to start without them: no password has a default.
const POSTGRES_PASSWORD = "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD to a random password of letters and digits}";
const GATEWAY_SECRET = "${GATEWAY_SECRET:?set GATEWAY_SECRET to 32 or more random characters}";

interface ComposeService {
  command: string[];
  environment: Record<string, string>;
  ports?: string[];
  networks: string[];
}

const text = readFileSync(path.resolve(__dirname, "../docker-compose.yml"), "utf8");
const compose = parse(text, { merge: true }) as {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean } | null>;
};

// Read by Node libraries (express hides error details in production), not by the gateway's own configuration.
const PROCESS_VARIABLES = ["NODE_ENV"];

// Docker cannot run on these machines, so the file is checked against the code instead. scripts/registry.ts writes it
// from the registry (test/registry.test.ts); these are what it must hold whatever the generator does.
describe("docker-compose.yml", () => {
  it("runs one PostgreSQL, our subgraphs, Redis and two gateway replicas", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["postgres", "redis", "gateway", "gateway-2", ...SUBGRAPHS].sort());
  });

  it("runs the two gateways alike, on the one Redis, which keeps nothing on disk", () => {
    const { ports: _one, ...gateway } = compose.services.gateway;
    const { ports: _two, ...replica } = compose.services["gateway-2"];
    expect(replica).toEqual(gateway);
    expect(gateway.environment.REDIS_URL).toBe("redis://redis:6379");
    expect(compose.services.redis.command).toEqual(["redis-server", "--save", "", "--appendonly", "no"]);
  });

  it.each(SUBGRAPHS)("starts the %s subgraph on its port with its own database", name => {
    const service = compose.services[name];
    const port = subgraphPort(name);
    expect(service.command.at(-1)).toBe(`services/${name}/main.ts`);
    expect(service.environment.PORT).toBe(String(port));
    expect(service.environment.DATABASE_URL).toBe(`postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/clusterhub_${name}`);
    // The gateway signs for the URL it sends to; the subgraph checks the signature against the same one.
    expect(service.environment.PUBLIC_URL).toBe(compose.services.gateway.environment[subgraphUrlVariable(name)]);
    const known = Object.keys(subgraphConfigSchema(port).shape);
    expect(Object.keys(service.environment).filter(variable => !known.includes(variable))).toEqual([]);
  });

  it("points the gateway at every subgraph service and sets only variables the gateway reads", () => {
    const gateway = compose.services.gateway;
    for (const name of SUBGRAPHS) expect(gateway.environment[subgraphUrlVariable(name)]).toBe(`http://${name}:${subgraphPort(name)}/graphql`);
    const known = [...Object.keys(gatewayEnvSchema.shape), ...PROCESS_VARIABLES];
    expect(Object.keys(gateway.environment).filter(variable => !known.includes(variable))).toEqual([]);
    expect(gateway.environment.DATABASE_URL).toBe(`postgres://postgres:${POSTGRES_PASSWORD}@postgres:5432/clusterhub_gateway`);
  });

  it("gives the gateway and every subgraph the one secret the gateway signs with", () => {
    const secrets = Object.entries(compose.services).filter(([name]) => !["postgres", "redis"].includes(name)).map(([, service]) => service.environment.GATEWAY_SECRET);
    expect(new Set(secrets)).toEqual(new Set([GATEWAY_SECRET]));
  });

  it("publishes only the gateways' ports, each its own, on 127.0.0.1 unless GATEWAY_BIND_ADDRESS says otherwise", () => {
    const published = Object.entries(compose.services).filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(published).toEqual(["gateway", "gateway-2"]);
    const { PORT } = compose.services.gateway.environment;
    expect(compose.services.gateway.ports).toEqual([`\${GATEWAY_BIND_ADDRESS:-127.0.0.1}:${PORT}:${PORT}`]);
    expect(compose.services["gateway-2"].ports).toEqual([`\${GATEWAY_BIND_ADDRESS:-127.0.0.1}:4100:${PORT}`]);
  });

  it("keeps PostgreSQL, Redis and the subgraphs on an internal network, which the gateways join", () => {
    expect(compose.networks.internal).toEqual({ internal: true });
    for (const name of ["postgres", "redis", ...SUBGRAPHS.filter(name => name !== "feed")]) expect([name, compose.services[name].networks]).toEqual([name, ["internal"]]);
    // The feed delivers partners' webhooks, outside.
    expect(compose.services.feed.networks).toEqual(["internal", "edge"]);
    const gatewayNetworks = compose.services.gateway.networks;
    expect(gatewayNetworks).toContain("internal");
    // Its published port needs a network that is not internal.
    expect(gatewayNetworks.filter(network => !compose.networks[network]?.internal)).toHaveLength(1);
  });

  it("takes the database password from the environment, with no default, and writes no password of its own", () => {
    expect(compose.services.postgres.environment.POSTGRES_PASSWORD).toBe(POSTGRES_PASSWORD);
    const urls = Object.values(compose.services).flatMap(service => Object.values(service.environment ?? {}).filter(value => value.startsWith("postgres://")));
    // Each subgraph's, and the gateways' one database (both replicas share it).
    expect(urls).toHaveLength(SUBGRAPHS.length + 2);
    for (const url of urls) expect(url.startsWith(`postgres://postgres:${POSTGRES_PASSWORD}@`)).toBe(true);
    // Nowhere in the file: a default for a secret (`${VAR:-...}`), or a password written out.
    expect(text).not.toMatch(/\$\{(POSTGRES_PASSWORD|GATEWAY_SECRET)(:?-|-)/);
    expect(text).not.toMatch(/^\s*\w*(PASSWORD|SECRET):\s+(?!\$\{)\S/m);
    expect(text).not.toMatch(/:\/\/[^:/\s]+:(?!\$\{POSTGRES_PASSWORD:\?)[^@\s]+@/);
  });

  it("runs every process of the graph with NODE_ENV=production", () => {
    for (const name of ["gateway", "gateway-2", ...SUBGRAPHS]) expect([name, compose.services[name].environment.NODE_ENV]).toEqual([name, "production"]);
  });
});
