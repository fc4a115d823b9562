import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayEnvSchema, readGatewayConfig, subgraphUrlVariable } from "../gateway/config";
import { checkedSubgraphConfigSchema, readConfig, subgraphConfigSchema } from "../lib/platform/config";
import { APOLLO_STOP_GRACE_SECONDS, KUBERNETES_DIR, kubernetesFiles, SECRET_NAME } from "../scripts/kubernetes";
import { GATEWAY_NODE_FLAGS } from "../scripts/graph";
import { SUBGRAPHS, subgraphPort } from "../services/registry";
import { kustomizeBuild, readEnvFile, validateKubernetesObject, type KubernetesObject } from "./helpers/kustomize";

const ROOT = path.resolve(__dirname, "..");
const BASE = path.join(ROOT, KUBERNETES_DIR);
const example = readFileSync(path.join(BASE, "secrets.example.env"), "utf8");

// What an operator writes into secrets.env: every key of the example, filled in.
const filledSecrets = Object.keys(readEnvFile(example))
  .map(key => `${key}=${key === "GATEWAY_SECRET" ? randomBytes(32).toString("hex") : `postgres://clusterhub:${randomBytes(12).toString("hex")}@pgbouncer:6432/clusterhub_${key.replace(/_DATABASE_URL$/, "").toLowerCase()}`}`)
  .join("\n");
const build = (secrets = filledSecrets) => kustomizeBuild(BASE, { "secrets.env": secrets });
const objects = build();

interface Probe { httpGet?: { path: string; port: string | number }; exec?: { command: string[] }; periodSeconds?: number; failureThreshold?: number }
interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }
interface Container {
  name: string;
  command?: string[];
  ports: { name: string; containerPort: number }[];
  env?: EnvVar[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
}
interface PodTemplate { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean } } }
interface Deployment extends KubernetesObject { spec: { replicas: number; selector: { matchLabels: Record<string, string> }; template: PodTemplate } }
interface PeerSelector { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown; ipBlock?: unknown }
interface NetworkPolicy extends KubernetesObject {
  spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes: string[]; ingress?: { from?: PeerSelector[]; ports?: { port: string | number }[] }[] };
}

const ofKind = <T extends KubernetesObject>(kind: string) => objects.filter(object => object.kind === kind) as T[];
const named = <T extends KubernetesObject>(kind: string, name: string) => {
  const found = objects.find(object => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in the build`);
  return found as T;
};
const deployments = ofKind<Deployment>("Deployment");
const containerOf = (name: string) => named<Deployment>("Deployment", name).spec.template.spec.containers[0];
const matches = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);

/** A container's environment as the kubelet gives it, with the Secret's values decoded; an optional key that is missing stays unset. */
function environment(container: Container, built: KubernetesObject[] = objects): Record<string, string> {
  const secret = built.find(object => object.kind === "Secret" && object.metadata.name === SECRET_NAME) as KubernetesObject & { data: Record<string, string> };
  const env: Record<string, string> = {};
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    const ref = variable.valueFrom?.secretKeyRef;
    if (!ref) continue;
    expect(ref.name, `${variable.name} of ${container.name}`).toBe(SECRET_NAME);
    const encoded = secret.data[ref.key];
    if (encoded === undefined && !ref.optional) throw new Error(`${container.name}: ${variable.name} needs ${ref.key}, which ${SECRET_NAME} lacks`);
    if (encoded !== undefined) env[variable.name] = Buffer.from(encoded, "base64").toString();
  }
  return env;
}

describe("the Kubernetes manifests (deploy/kubernetes, a kustomize base)", () => {
  it("are what scripts/kubernetes.ts writes from the registry, and nothing else is there but the ignored secrets.env", () => {
    const generated = kubernetesFiles();
    for (const [file, contents] of Object.entries(generated)) expect(readFileSync(path.join(ROOT, file), "utf8"), `${file}: run npm run registry`).toBe(contents);
    const present = readdirSync(BASE).filter(file => file !== "secrets.env").map(file => `${KUBERNETES_DIR}/${file}`);
    expect(present.sort()).toEqual(Object.keys(generated).sort());
  });

  it("build into objects that the Kubernetes OpenAPI schemas accept, of API versions a current cluster serves", () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) validateKubernetesObject(object);
    // kubernetes-models keeps removed versions too (autoscaling/v2beta2, policy/v1beta1): only GA versions are used.
    const versions = new Set(objects.map(object => object.apiVersion));
    for (const version of versions) expect(["v1", "apps/v1", "autoscaling/v2", "policy/v1", "networking.k8s.io/v1"]).toContain(version);
  });

  it("would be refused by the schema check with a field of the wrong type or a required one missing", () => {
    const gateway = structuredClone(named<Deployment>("Deployment", "gateway"));
    (gateway.spec.template.spec.containers[0].ports[0] as { containerPort: unknown }).containerPort = "4000";
    expect(() => validateKubernetesObject(gateway)).toThrow(/containerPort must be integer/);
    const autoscaler = structuredClone(named("HorizontalPodAutoscaler", "gateway")) as KubernetesObject & { spec: { maxReplicas?: number } };
    delete autoscaler.spec.maxReplicas;
    expect(() => validateKubernetesObject(autoscaler)).toThrow(/maxReplicas/);
    expect(() => validateKubernetesObject({ ...gateway, apiVersion: "apps/v2" })).toThrow(/no Kubernetes API apps\/v2/);
  });

  it("run a Deployment and a Service for every subgraph of ours on its registry port, and no other", () => {
    for (const name of SUBGRAPHS) {
      const port = subgraphPort(name);
      expect(containerOf(name).command?.at(-1)).toBe(`services/${name}/main.ts`);
      expect(containerOf(name).ports).toEqual([{ name: "http", containerPort: port }]);
      const service = named<KubernetesObject & { spec: { selector: Record<string, string>; ports: { port: number }[] } }>("Service", name);
      expect(service.spec.ports.map(p => p.port)).toEqual([port]);
      expect(matches(service.spec.selector, named<Deployment>("Deployment", name).spec.template.metadata.labels)).toBe(true);
    }
    expect(deployments.map(d => d.metadata.name).sort()).toEqual(["gateway", "redis", ...SUBGRAPHS].sort());
  });

  it("run at least two gateway replicas, scaled on CPU by an autoscaler of the gateway Deployment, one evicted at a time", () => {
    const gateway = named<Deployment>("Deployment", "gateway");
    expect(gateway.spec.replicas).toBeGreaterThanOrEqual(2);
    const hpa = named<KubernetesObject & { spec: Record<string, unknown> }>("HorizontalPodAutoscaler", "gateway");
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "gateway" }, minReplicas: 2 });
    expect(hpa.spec.metrics).toEqual([{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: expect.any(Number) } } }]);
    const pdb = named<KubernetesObject & { spec: { selector: { matchLabels: Record<string, string> }; maxUnavailable: number } }>("PodDisruptionBudget", "gateway");
    // It selects the gateway's pods, and only them.
    const selected = deployments.filter(d => matches(pdb.spec.selector.matchLabels, d.spec.template.metadata.labels)).map(d => d.metadata.name);
    expect(selected).toEqual(["gateway"]);
    expect(pdb.spec.maxUnavailable).toBeLessThan(gateway.spec.replicas);
  });

  it("probe every process for readiness and liveness, on the routes it serves, and give each requests and limits", () => {
    for (const deployment of deployments) {
      const name = deployment.metadata.name;
      for (const container of deployment.spec.template.spec.containers) {
        expect(container.readinessProbe, `${name} readiness`).toBeDefined();
        expect(container.livenessProbe, `${name} liveness`).toBeDefined();
        for (const probe of [container.readinessProbe!, container.livenessProbe!])
          if (probe.httpGet) expect(container.ports.map(p => p.name)).toContain(probe.httpGet.port);
        for (const resource of ["cpu", "memory"]) {
          expect(container.resources?.requests?.[resource], `${name} requests ${resource}`).toBeDefined();
          expect(container.resources?.limits?.[resource], `${name} limits ${resource}`).toBeDefined();
        }
      }
    }
    expect(containerOf("gateway").readinessProbe?.httpGet?.path).toBe("/health/ready");
    expect(containerOf("gateway").livenessProbe?.httpGet?.path).toBe("/health/live");
    for (const name of SUBGRAPHS) for (const probe of ["readinessProbe", "livenessProbe"] as const) expect(containerOf(name)[probe]?.httpGet?.path).toBe("/health");
  });

  it("give the gateway room for V8's heap flags, and time to drain before it is killed", () => {
    const gateway = containerOf("gateway");
    expect(gateway.command).toEqual(["node", ...GATEWAY_NODE_FLAGS, "-r", "@swc-node/register", "gateway/main.ts"]);
    const flag = (name: string) => Number(GATEWAY_NODE_FLAGS.find(f => f.startsWith(`--${name}=`))!.split("=")[1]);
    const mebibytes = (quantity: string) => Number(/^(\d+)Mi$/.exec(quantity)![1]);
    // Old space, three semi-spaces, and the 150 MB of Node, code and buffers docs/performance.md measured besides.
    expect(mebibytes(gateway.resources!.limits!.memory)).toBeGreaterThanOrEqual(flag("max-old-space-size") + 3 * flag("max-semi-space-size") + 150);
    expect(mebibytes(gateway.resources!.requests!.memory)).toBeLessThanOrEqual(mebibytes(gateway.resources!.limits!.memory));

    const drainMs = Number(environment(gateway).DRAIN_DELAY_MS);
    expect(drainMs).toBeGreaterThan(0);
    // Readiness fails within the drain delay, and the kubelet waits for the delay and Apollo's grace for requests in flight.
    const readiness = gateway.readinessProbe!;
    expect((readiness.periodSeconds ?? 10) * (readiness.failureThreshold ?? 3) * 1000).toBeLessThan(drainMs);
    const grace = named<Deployment>("Deployment", "gateway").spec.template.spec.terminationGracePeriodSeconds ?? 30;
    expect(grace * 1000).toBeGreaterThan(drainMs + APOLLO_STOP_GRACE_SECONDS * 1000);
  });

  it("start every process with the variables it requires in production, and only ones it reads", () => {
    const gateway = environment(containerOf("gateway"));
    expect(gateway.NODE_ENV).toBe("production");
    expect(() => readGatewayConfig(gateway)).not.toThrow();
    expect(Object.keys(gateway).filter(variable => !(variable in gatewayEnvSchema.shape))).toEqual([]);
    const redis = named<KubernetesObject & { spec: { ports: { port: number }[] } }>("Service", "redis");
    expect(gateway.REDIS_URL).toBe(`redis://redis:${redis.spec.ports[0].port}`);
    for (const name of SUBGRAPHS) {
      const env = environment(containerOf(name));
      expect(env.NODE_ENV).toBe("production");
      expect(() => readConfig(checkedSubgraphConfigSchema(subgraphPort(name)), env), name).not.toThrow();
      expect(Object.keys(env).filter(variable => !(variable in subgraphConfigSchema(subgraphPort(name)).shape))).toEqual([]);
      // The gateway signs for the URL it sends to; the subgraph checks the signature against the same one: its Service.
      expect(env.PUBLIC_URL).toBe(gateway[subgraphUrlVariable(name)]);
      expect(env.PUBLIC_URL).toBe(`http://${name}:${subgraphPort(name)}/graphql`);
      expect(env.GATEWAY_SECRET).toBe(gateway.GATEWAY_SECRET);
      expect(env.DATABASE_URL).toMatch(new RegExp(`/clusterhub_${name}$`));
    }
  });

  it("keep every secret out of git: the example's values are empty, and a process given them refuses to start", () => {
    expect(Object.values(readEnvFile(example))).toEqual(Object.keys(readEnvFile(example)).map(() => ""));
    expect(execFileSync("git", ["check-ignore", `${KUBERNETES_DIR}/secrets.env`], { cwd: ROOT, encoding: "utf8" }).trim()).toBe(`${KUBERNETES_DIR}/secrets.env`);
    const unfilled = build(example);
    expect(() => readGatewayConfig(environment(containerOf("gateway"), unfilled))).toThrow(/GATEWAY_SECRET/);
    const subgraph = (unfilled.find(o => o.kind === "Deployment" && o.metadata.name === SUBGRAPHS[0]) as Deployment).spec.template.spec.containers[0];
    expect(() => readConfig(checkedSubgraphConfigSchema(subgraphPort(SUBGRAPHS[0])), environment(subgraph, unfilled))).toThrow(/DATABASE_URL/);
    // No manifest writes a secret or a database URL out: they come from the Secret.
    for (const deployment of deployments)
      for (const variable of deployment.spec.template.spec.containers.flatMap(c => c.env ?? []))
        if (/SECRET|KEY|DATABASE_URL|PASSWORD/.test(variable.name)) expect([deployment.metadata.name, variable.name, variable.value]).toEqual([deployment.metadata.name, variable.name, undefined]);
  });

  it("run every container as a non-root user that cannot escalate, on a read-only root filesystem", () => {
    for (const deployment of deployments) {
      expect(deployment.spec.template.spec.securityContext?.runAsNonRoot, deployment.metadata.name).toBe(true);
      for (const container of deployment.spec.template.spec.containers)
        expect(container.securityContext, container.name).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
    }
  });

  it("let only the gateway reach the subgraphs and Redis, as docker-compose.yml does, and anyone reach the gateway", () => {
    const policies = ofKind<NetworkPolicy>("NetworkPolicy");
    /** Which of our pods may open a connection to `target`: `anyone` when a rule has no `from`. */
    function allowedFrom(target: Deployment): Set<string> {
      const labels = target.spec.template.metadata.labels;
      const selecting = policies.filter(p => p.spec.policyTypes.includes("Ingress") && matches(p.spec.podSelector.matchLabels, labels));
      expect(selecting.length, `${target.metadata.name} is selected by an ingress policy (default deny)`).toBeGreaterThan(0);
      const sources = new Set<string>();
      for (const rule of selecting.flatMap(p => p.spec.ingress ?? [])) {
        if (!rule.from) sources.add("anyone");
        for (const peer of rule.from ?? []) {
          if (peer.namespaceSelector || peer.ipBlock || !peer.podSelector) sources.add("anyone");
          else for (const d of deployments) if (matches(peer.podSelector.matchLabels, d.spec.template.metadata.labels)) sources.add(d.metadata.name);
        }
      }
      return sources;
    }
    expect(allowedFrom(named<Deployment>("Deployment", "gateway"))).toEqual(new Set(["anyone"]));
    for (const name of [...SUBGRAPHS, "redis"]) expect([name, allowedFrom(named<Deployment>("Deployment", name))]).toEqual([name, new Set(["gateway"])]);
  });
});
