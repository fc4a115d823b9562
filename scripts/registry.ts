import { writeFileSync } from "node:fs";
import path from "node:path";
import { Document, isScalar, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from "yaml";
import { GATEWAY_PORT, subgraphUrlVariable } from "../gateway/config";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { SUBGRAPHS, subgraphPort, type SubgraphName } from "../services/registry";
import { GATEWAY_NODE_FLAGS } from "./graph";
import { kubernetesFiles } from "./kubernetes";
import { defaultSubgraphUrl } from "./schema";

const ROOT = path.resolve(__dirname, "..");
const GENERATED = "Generated from services/registry.ts by `npm run registry`; test/registry.test.ts fails when it differs.";

// Compose refuses to start without them: no secret has a default.
const POSTGRES_PASSWORD = "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD to a random password of letters and digits}";
const GATEWAY_SECRET = "${GATEWAY_SECRET:?set GATEWAY_SECRET to 32 or more random characters}";

/** A database of the compose file's PostgreSQL; the password comes from the environment (a stand-in while the URL is parsed). */
export const composeDatabaseUrl = (name: string) => subgraphDatabaseUrl("postgres://postgres:PASSWORD@postgres:5432/postgres", name).replace("PASSWORD", POSTGRES_PASSWORD);
/** Where a subgraph listens inside the compose network: the gateway's URL variable and the subgraph's PUBLIC_URL alike. */
export const composeSubgraphUrl = (name: SubgraphName) => `http://${name}:${subgraphPort(name)}/graphql`;

/** `subgraphs.json`: our subgraphs where npm start runs them; partners' are added to the copy a gateway reads. */
export function subgraphsFile(): string {
  const entry = (fields: Record<string, string>) => `{ ${Object.entries(fields).map(([key, value]) => `"${key}": ${JSON.stringify(value)}`).join(", ")} }`;
  const lines = SUBGRAPHS.map(name => `    ${entry({ name, url: defaultSubgraphUrl(subgraphPort(name)), owner: "Cluster Hub" })}`);
  return `{\n  "subgraphs": [\n${lines.join(",\n")}\n  ]\n}\n`;
}

const pairOf = (map: YAMLMap, key: string) => map.items.find(pair => isScalar(pair.key) && pair.key.value === key) as Pair<Node, Node>;
/** Writes a list on one line, `[a, b]`, its items quoted when `quoted` (commands, as Docker's documentation writes them). */
function flow(map: YAMLMap, key: string, quoted = false) {
  const seq = pairOf(map, key).value as YAMLSeq<Scalar>;
  seq.flow = true;
  if (quoted) for (const item of seq.items) item.type = "QUOTE_DOUBLE";
}

/** The host ports of the compose file's gateway replicas, each published on 127.0.0.1 (GATEWAY_BIND_ADDRESS). */
export const COMPOSE_GATEWAY_PORTS = [GATEWAY_PORT, 4100];

/**
 * `docker-compose.yml`: one PostgreSQL, our subgraphs and Redis on an internal network, and two gateway replicas sharing
 * that Redis (docs/operations.md "Replicas"), the only services published.
 */
export function composeFile(): string {
  // YAML 1.1 rules: "on" stays quoted (a boolean to a 1.1 reader), and `<<` merges.
  const doc = new Document(null, { version: "1.1" });
  const subgraph = doc.createNode({ build: ".", restart: "unless-stopped", networks: ["internal"], depends_on: { postgres: { condition: "service_healthy" } } });
  flow(subgraph, "networks");
  subgraph.anchor = "subgraph";
  const environment = doc.createNode({ NODE_ENV: "production", HOST: "0.0.0.0", SAMPLE_DATA: "on", GATEWAY_SECRET });
  environment.anchor = "subgraph-environment";

  const postgres = doc.createNode({
    image: "postgres:18",
    environment: { POSTGRES_USER: "postgres", POSTGRES_PASSWORD },
    networks: ["internal"],
    volumes: ["postgres-data:/var/lib/postgresql"],
    healthcheck: { test: ["CMD", "pg_isready", "-U", "postgres"], interval: "2s", retries: 30 },
  });
  flow(postgres, "networks");
  flow(pairOf(postgres, "healthcheck").value as YAMLMap, "test", true);

  const services = doc.createNode({ postgres }) as YAMLMap;
  for (const name of SUBGRAPHS) {
    const service = doc.createNode({ command: ["node", "-r", "@swc-node/register", `services/${name}/main.ts`] }) as YAMLMap;
    flow(service, "command", true);
    service.items.unshift(doc.createPair("<<", doc.createAlias(subgraph)));
    const env = doc.createNode({ PORT: String(subgraphPort(name)), DATABASE_URL: composeDatabaseUrl(name), PUBLIC_URL: composeSubgraphUrl(name) }) as YAMLMap;
    env.items.unshift(doc.createPair("<<", doc.createAlias(environment)));
    service.set("environment", env);
    // The feed delivers partners' webhooks, so it needs a way out besides the internal network (docs/changes.md).
    if (name === "feed") {
      service.add(doc.createPair("networks", ["internal", "edge"]));
      flow(service, "networks");
    }
    services.add(doc.createPair(name, service));
  }
  // Rate limits and caches only: nothing to keep on disk, and no port published.
  const redis = doc.createNode({
    image: "redis:8",
    command: ["redis-server", "--save", "", "--appendonly", "no"],
    networks: ["internal"],
    healthcheck: { test: ["CMD", "redis-cli", "ping"], interval: "2s", retries: 30 },
  });
  flow(redis, "command", true);
  flow(redis, "networks");
  flow(pairOf(redis, "healthcheck").value as YAMLMap, "test", true);
  services.add(doc.createPair("redis", redis));

  const gateway = doc.createNode({
    build: ".",
    restart: "unless-stopped",
    command: ["node", ...GATEWAY_NODE_FLAGS, "-r", "@swc-node/register", "gateway/main.ts"],
    depends_on: [...SUBGRAPHS, "redis"],
    networks: ["internal", "edge"],
    environment: {
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: String(GATEWAY_PORT),
      ...Object.fromEntries(SUBGRAPHS.map(name => [subgraphUrlVariable(name), composeSubgraphUrl(name)])),
      DATABASE_URL: composeDatabaseUrl("gateway"),
      REDIS_URL: "redis://redis:6379",
      GATEWAY_SECRET,
    },
  });
  flow(gateway, "command", true);
  for (const key of ["depends_on", "networks"]) flow(gateway, key);
  (pairOf(gateway, "networks").key as Node).commentBefore = " `internal` to reach the subgraphs, PostgreSQL and Redis, `edge` for its published port.";
  gateway.anchor = "gateway";
  // Replicas of one gateway, on one Redis: behind a load balancer, the graph behaves as one (docs/operations.md "Replicas").
  for (const [index, hostPort] of COMPOSE_GATEWAY_PORTS.entries()) {
    const replica = doc.createNode({ ports: [`\${GATEWAY_BIND_ADDRESS:-127.0.0.1}:${hostPort}:${GATEWAY_PORT}`] }) as YAMLMap;
    ((pairOf(replica, "ports").value as YAMLSeq<Scalar>).items[0]).type = "QUOTE_DOUBLE";
    replica.items.unshift(doc.createPair("<<", doc.createAlias(gateway)));
    services.add(doc.createPair(index === 0 ? "gateway" : `gateway-${index + 1}`, replica));
  }
  for (const pair of services.items.slice(1)) (pair.key as Node).spaceBefore = true;

  const networks = doc.createNode({ internal: { internal: true }, edge: {} });
  (pairOf(networks, "internal").key as Node).commentBefore = " No route out and nothing published: only containers on it reach PostgreSQL and the subgraphs.";
  doc.contents = doc.createNode({ "x-subgraph": subgraph, "x-subgraph-environment": environment, "x-gateway": gateway, services, networks, volumes: { "postgres-data": null } });
  for (const key of ["x-subgraph-environment", "x-gateway", "services", "networks", "volumes"]) (pairOf(doc.contents as YAMLMap, key).key as Node).spaceBefore = true;
  doc.commentBefore = [
    " Cluster Hub with Docker: one PostgreSQL (a database per subgraph), our subgraphs, Redis and two gateway replicas.",
    "   POSTGRES_PASSWORD=$(openssl rand -hex 24) GATEWAY_SECRET=$(openssl rand -hex 32) docker compose up",
    ` then open http://127.0.0.1:${COMPOSE_GATEWAY_PORTS[0]}/graphql or :${COMPOSE_GATEWAY_PORTS[1]}: the two replicas share rate limits and caches in Redis.`,
    " Only the gateways are published, on 127.0.0.1 unless GATEWAY_BIND_ADDRESS says otherwise (0.0.0.0 to serve other",
    " machines directly; better, a load balancer with TLS on this one, in front of both). PostgreSQL, Redis and the",
    " subgraphs are on a network with no way out and no published port: the gateways are the only way in. The feed",
    " joins `edge` too, to deliver partners' webhooks (docs/changes.md).",
    " The password goes into the services' DATABASE_URL as it is: use letters and digits (hex), not URL characters.",
    ` ${GENERATED}`,
  ].join("\n");
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, nullStr: "" });
}

/** Every file the registry generates: file name (from the repository root) -> contents. */
export const generateRegistryFiles = (): Record<string, string> => ({ "subgraphs.json": subgraphsFile(), "docker-compose.yml": composeFile(), ...kubernetesFiles() });

if (require.main === module) {
  const files = generateRegistryFiles();
  for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(ROOT, name), contents);
  console.log(`wrote ${Object.keys(files).join(", ")}`);
}
