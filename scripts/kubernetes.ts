import { readFileSync } from "node:fs";
import path from "node:path";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ISecurityContext } from "kubernetes-models/v1/SecurityContext";
import type { IService } from "kubernetes-models/v1/Service";
import { stringify } from "yaml";
import { GATEWAY_PORT, subgraphUrlVariable } from "../gateway/config";
import { SUBGRAPHS, subgraphPort, type SubgraphName } from "../services/registry";
import { GATEWAY_NODE_FLAGS } from "./graph";

// The manifests are typed with kubernetes-models' interfaces, so that tsc refuses a field Kubernetes does not have;
// test/kubernetes.test.ts validates what kustomize builds of them against the same models' JSON schemas.

/** Where the kustomize base lives, from the repository root. */
export const KUBERNETES_DIR = "deploy/kubernetes";
/** The Secret that kustomize's secretGenerator makes of `secrets.env`. */
export const SECRET_NAME = "clusterhub-secrets";
const PART_OF = "cluster-hub";
const REDIS_PORT = 6379;
/** After SIGTERM the gateway keeps serving, with /health/ready at 503, while Services and load balancers stop sending to it. */
export const GATEWAY_DRAIN_DELAY_MS = 10_000;
/** A subgraph has no drain delay of its own: its preStop hook waits this long before SIGTERM, for the same reason. */
export const SUBGRAPH_PRESTOP_SECONDS = 5;
/** How long Apollo Server's drain plugin lets requests in flight finish once the server stops (its default). */
export const APOLLO_STOP_GRACE_SECONDS = 10;

const ROOT = path.resolve(__dirname, "..");
const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
/** The image of every process (the Dockerfile's); an overlay's `images:` points it at a registry. */
export const IMAGE = `cluster-hub:${version}`;

/** The Secret's key holding a process's database URL: GATEWAY_DATABASE_URL, ORGANISATIONS_DATABASE_URL, ... */
export const databaseUrlKey = (owner: "gateway" | SubgraphName) => `${owner.toUpperCase()}_DATABASE_URL`;
/** Where a subgraph's Service answers inside the namespace: the gateway's URL variable and the subgraph's PUBLIC_URL alike. */
export const kubernetesSubgraphUrl = (name: SubgraphName) => `http://${name}:${subgraphPort(name)}/graphql`;
/** The gateway's REDIS_URL: the one Redis of the base, shared by every gateway replica. */
export const REDIS_URL = `redis://redis:${REDIS_PORT}`;

const selectorLabels = (name: string) => ({ "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": PART_OF });
const labels = (name: string, component: "gateway" | "subgraph" | "cache") => ({ ...selectorLabels(name), "app.kubernetes.io/component": component });

const secret = (name: string, key: string, optional = false): IEnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: SECRET_NAME, key, ...(optional ? { optional } : {}) } },
});
const plain = (variables: Record<string, string>): IEnvVar[] => Object.entries(variables).map(([name, value]) => ({ name, value }));

/** Every container: nothing to escalate to, no capability, a read-only root filesystem (the pods run as non-root users). */
const restricted: ISecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};

/** A pod of the Node image: `node` (uid 1000), no API token, no service links, a writable /tmp for @swc-node/register's compile cache. */
function nodePod(container: IContainer, terminationGracePeriodSeconds: number): IPodSpec {
  return {
    automountServiceAccountToken: false,
    // Kubernetes would add FOO_PORT=tcp://... for every Service; the processes read their own variables only.
    enableServiceLinks: false,
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
    terminationGracePeriodSeconds,
    containers: [{ ...container, securityContext: restricted, volumeMounts: [{ name: "tmp", mountPath: "/tmp" }] }],
    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "128Mi" } }],
  };
}

function deployment(name: string, component: "gateway" | "subgraph" | "cache", replicas: number, pod: IPodSpec): IDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: labels(name, component) },
    spec: {
      replicas,
      selector: { matchLabels: selectorLabels(name) },
      // Redis holds one copy of the shared state: never two at once. The others roll one new pod in before one goes.
      strategy: component === "cache" ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: labels(name, component) },
        spec: {
          ...pod,
          // Replicas on different nodes where the cluster has them.
          ...(replicas > 1
            ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selectorLabels(name) } }] }
            : {}),
        },
      },
    },
  };
}

function service(name: string, component: "gateway" | "subgraph" | "cache", port: number): IService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, labels: labels(name, component) },
    spec: { type: "ClusterIP", selector: selectorLabels(name), ports: [{ name: "http", port, targetPort: "http" }] },
  };
}

function autoscaler(name: string, minReplicas: number, maxReplicas: number): IHorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name, labels: selectorLabels(name) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      minReplicas,
      maxReplicas,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }],
    },
  };
}

function disruptionBudget(name: string): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name, labels: selectorLabels(name) },
    // One pod at a time may be evicted (a node drain, an upgrade), whatever the autoscaler has made; a pod that is not
    // ready may always be, so that a crashing one does not block the drain.
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(name) }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
  };
}

/** The gateway's memory: V8's old space and three semi-spaces (GATEWAY_NODE_FLAGS), plus about 150 MB of Node, code and buffers. */
function gatewayMemoryMi(): { request: number; limit: number } {
  const flag = (name: string) => Number(GATEWAY_NODE_FLAGS.find(f => f.startsWith(`--${name}=`))?.split("=")[1]);
  const heap = flag("max-old-space-size") + 3 * flag("max-semi-space-size");
  // docs/performance.md "Memory": 150 MB besides JS objects; 206-256 MB of RSS measured under load.
  const limit = Math.ceil((150 + heap + 64) / 64) * 64;
  return { request: Math.ceil((150 + heap / 2) / 32) * 32, limit };
}

const gatewayProbes: Pick<IContainer, "startupProbe" | "readinessProbe" | "livenessProbe"> = {
  // Until the supergraph is loaded /health/ready says 503; /health/live answers once the port is open.
  startupProbe: { httpGet: { path: "/health/live", port: "http" }, periodSeconds: 2, failureThreshold: 30 },
  // Fails within one period of SIGTERM, well inside the drain delay.
  readinessProbe: { httpGet: { path: "/health/ready", port: "http" }, periodSeconds: 5, failureThreshold: 1, timeoutSeconds: 2 },
  livenessProbe: { httpGet: { path: "/health/live", port: "http" }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
};

/** The gateway: Deployment (two replicas or more), Service, autoscaler on CPU and disruption budget. */
export function gatewayObjects(): [IDeployment, IService, IHorizontalPodAutoscaler, IPodDisruptionBudget] {
  const memory = gatewayMemoryMi();
  const env: IEnvVar[] = [
    ...plain({
      NODE_ENV: "production",
      HOST: "0.0.0.0",
      PORT: String(GATEWAY_PORT),
      ...Object.fromEntries(SUBGRAPHS.map(name => [subgraphUrlVariable(name), kubernetesSubgraphUrl(name)])),
      REDIS_URL,
      DRAIN_DELAY_MS: String(GATEWAY_DRAIN_DELAY_MS),
    }),
    secret("DATABASE_URL", databaseUrlKey("gateway")),
    // HMAC by default; with GATEWAY_SIGNING_KEY in the Secret instead the gateway signs with Ed25519. Without either it refuses to start.
    secret("GATEWAY_SECRET", "GATEWAY_SECRET", true),
    secret("GATEWAY_SIGNING_KEY", "GATEWAY_SIGNING_KEY", true),
  ];
  const container: IContainer = {
    name: "gateway",
    image: IMAGE,
    imagePullPolicy: "IfNotPresent",
    command: ["node", ...GATEWAY_NODE_FLAGS, "-r", "@swc-node/register", "gateway/main.ts"],
    ports: [{ name: "http", containerPort: GATEWAY_PORT }],
    env,
    ...gatewayProbes,
    resources: { requests: { cpu: "500m", memory: `${memory.request}Mi` }, limits: { cpu: "1", memory: `${memory.limit}Mi` } },
  };
  // The drain delay, then Apollo's grace for the requests in flight, then a margin to close the database pool.
  const grace = Math.ceil(GATEWAY_DRAIN_DELAY_MS / 1000) + APOLLO_STOP_GRACE_SECONDS + 5;
  return [deployment("gateway", "gateway", 2, nodePod(container, grace)), service("gateway", "gateway", GATEWAY_PORT), autoscaler("gateway", 2, 10), disruptionBudget("gateway")];
}

/** One of our subgraphs: Deployment (two replicas), Service, autoscaler and disruption budget; reached only by the gateway. */
export function subgraphObjects(name: SubgraphName): [IDeployment, IService, IHorizontalPodAutoscaler, IPodDisruptionBudget] {
  const port = subgraphPort(name);
  const container: IContainer = {
    name,
    image: IMAGE,
    imagePullPolicy: "IfNotPresent",
    command: ["node", "-r", "@swc-node/register", `services/${name}/main.ts`],
    ports: [{ name: "http", containerPort: port }],
    env: [
      ...plain({ NODE_ENV: "production", HOST: "0.0.0.0", PORT: String(port), PUBLIC_URL: kubernetesSubgraphUrl(name), SAMPLE_DATA: "on" }),
      secret("DATABASE_URL", databaseUrlKey(name)),
      secret("GATEWAY_SECRET", "GATEWAY_SECRET", true),
      secret("GATEWAY_VERIFY_KEY", "GATEWAY_VERIFY_KEY", true),
    ],
    // /health answers once the database is migrated and the port open; migrations and sample data may take a while.
    startupProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 2, failureThreshold: 60 },
    readinessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 5, failureThreshold: 2, timeoutSeconds: 2 },
    livenessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
    // The gateway may still send to a pod being stopped until its Service forgets it; a read refused meanwhile is retried.
    lifecycle: { preStop: { exec: { command: ["sleep", String(SUBGRAPH_PRESTOP_SECONDS)] } } },
    // bench/results/latest.json: 200-365 MB of peak RSS (the synthetic dataset's largest answers).
    resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  };
  const grace = SUBGRAPH_PRESTOP_SECONDS + APOLLO_STOP_GRACE_SECONDS + 5;
  return [deployment(name, "subgraph", 2, nodePod(container, grace)), service(name, "subgraph", port), autoscaler(name, 2, 6), disruptionBudget(name)];
}

/** The Redis the gateway replicas share: one pod, nothing written to disk (everything in it can be rebuilt). */
export function redisObjects(): [IDeployment, IService] {
  const container: IContainer = {
    name: "redis",
    image: "redis:7.4-alpine",
    imagePullPolicy: "IfNotPresent",
    // A cache and counters: no snapshots, no append-only file; past its memory the least recently used keys go.
    args: ["redis-server", "--save", "", "--appendonly", "no", "--maxmemory", "200mb", "--maxmemory-policy", "allkeys-lru"],
    ports: [{ name: "redis", containerPort: REDIS_PORT }],
    readinessProbe: { exec: { command: ["redis-cli", "ping"] }, periodSeconds: 5, timeoutSeconds: 2 },
    livenessProbe: { exec: { command: ["redis-cli", "ping"] }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 2 },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    securityContext: restricted,
    volumeMounts: [{ name: "data", mountPath: "/data" }],
  };
  const pod: IPodSpec = {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    // The image's `redis` user.
    securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
    containers: [container],
    volumes: [{ name: "data", emptyDir: {} }],
  };
  const svc = service("redis", "cache", REDIS_PORT);
  svc.spec!.ports = [{ name: "redis", port: REDIS_PORT, targetPort: "redis" }];
  return [deployment("redis", "cache", 1, pod), svc];
}

const policy = (name: string, spec: INetworkPolicy["spec"]): INetworkPolicy => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name, labels: { "app.kubernetes.io/part-of": PART_OF } },
  spec,
});

/** As in docker-compose.yml: the gateway is the only way in; the subgraphs reach nothing but DNS and PostgreSQL, the feed public addresses too. */
export function networkPolicies(): INetworkPolicy[] {
  const fromGateway = [{ podSelector: { matchLabels: selectorLabels("gateway") } }];
  return [
    policy("clusterhub-default-deny", { podSelector: { matchLabels: { "app.kubernetes.io/part-of": PART_OF } }, policyTypes: ["Ingress"] }),
    policy("gateway-from-anywhere", { podSelector: { matchLabels: selectorLabels("gateway") }, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: "http" }] }] }),
    policy("subgraphs-from-gateway", {
      podSelector: { matchLabels: { "app.kubernetes.io/part-of": PART_OF, "app.kubernetes.io/component": "subgraph" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: fromGateway, ports: [{ port: "http" }] }],
      // DNS, and PostgreSQL or a pooler in front of it (PgBouncer's 6432); narrow `to` to your database's address.
      egress: [
        { ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
        { ports: [{ port: 5432, protocol: "TCP" }, { port: 6432, protocol: "TCP" }] },
      ],
    }),
    policy("redis-from-gateway", { podSelector: { matchLabels: selectorLabels("redis") }, policyTypes: ["Ingress"], ingress: [{ from: fromGateway, ports: [{ port: "redis" }] }] }),
    // The feed delivers partners' webhooks: public addresses only, as its own URL check has it (docs/changes.md).
    policy("feed-webhooks-out", {
      podSelector: { matchLabels: selectorLabels("feed") },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16"] } }] }],
    }),
  ];
}

const GENERATED = "Generated from services/registry.ts by `npm run registry` (scripts/kubernetes.ts); test/registry.test.ts fails when it differs.";
const comment = (lines: string[]) => lines.map(line => (line ? `# ${line}` : "#")).join("\n") + "\n";
// Written as YAML 1.1, which `kubectl apply -f` reads: `on` and `no` stay quoted strings there, not booleans.
const yamlDocuments = (header: string[], objects: object[]) =>
  comment([...header, GENERATED]) + objects.map(object => stringify(object, { lineWidth: 0, version: "1.1" })).join("---\n");

function secretsExample(): string {
  return [
    comment([
      "The secrets of Cluster Hub on Kubernetes. Copy this file to secrets.env beside it (git ignores that one), fill in",
      "every value, then `kubectl apply -k deploy/kubernetes`: kustomize makes the Secret clusterhub-secrets of it, and",
      "every process refuses to start with a value left empty. Never commit secrets.env.",
      GENERATED,
      "",
      "The key the gateway signs subgraph requests with (HMAC), given to the gateway and every subgraph: `openssl rand -hex 32`.",
      "For Ed25519 instead (the subgraphs then hold no key that can sign): delete this line and add GATEWAY_SIGNING_KEY (the",
      "gateway's private key) and GATEWAY_VERIFY_KEY (its public key), PEM or base64 (docs/security.md).",
    ]),
    "GATEWAY_SECRET=\n",
    comment([
      "",
      "Each process's own database, postgres://USER:PASSWORD@HOST:PORT/clusterhub_<process>, one server or one per subgraph,",
      "through a pooler (docs/operations.md \"What scales how\"). A missing database is created when the process starts.",
    ]),
    [databaseUrlKey("gateway"), ...SUBGRAPHS.map(databaseUrlKey)].map(key => `${key}=\n`).join(""),
  ].join("");
}

function kustomization(resources: string[]): string {
  return (
    comment([
      "Cluster Hub on Kubernetes: the gateway (autoscaled, two replicas or more), our subgraphs, the Redis the gateway",
      "replicas share, and network policies that leave the gateway the only way in. PostgreSQL is yours to run (docs/operations.md).",
      "  cp deploy/kubernetes/secrets.example.env deploy/kubernetes/secrets.env   # then fill it in",
      "  kubectl create namespace cluster-hub && kubectl apply -n cluster-hub -k deploy/kubernetes",
      `Image ${IMAGE} (docker build -t ${IMAGE} .); an overlay's \`images:\` points it at your registry.`,
      GENERATED,
    ]) +
    stringify(
      {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources,
        secretGenerator: [{ name: SECRET_NAME, envs: ["secrets.env"] }],
      },
      { lineWidth: 0 },
    )
  );
}

/** Every file of the kustomize base, by path from the repository root. */
export function kubernetesFiles(): Record<string, string> {
  const subgraphFiles = Object.fromEntries(
    SUBGRAPHS.map(name => [
      `subgraph-${name}.yaml`,
      yamlDocuments([`The ${name} subgraph, reached only by the gateway (network-policies.yaml).`], subgraphObjects(name)),
    ]),
  );
  const files: Record<string, string> = {
    "gateway.yaml": yamlDocuments(["The gateway: the only Service other pods and the outside may reach (network-policies.yaml)."], gatewayObjects()),
    ...subgraphFiles,
    "redis.yaml": yamlDocuments(["The Redis the gateway replicas share (REDIS_URL): rate limits, known documents, cached answers."], redisObjects()),
    "network-policies.yaml": yamlDocuments(["Only the gateway is reached from outside; only the gateway reaches the subgraphs and Redis."], networkPolicies()),
  };
  files["kustomization.yaml"] = kustomization(Object.keys(files));
  files["secrets.example.env"] = secretsExample();
  return Object.fromEntries(Object.entries(files).map(([name, contents]) => [`${KUBERNETES_DIR}/${name}`, contents]));
}
