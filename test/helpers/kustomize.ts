import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";

/** A Kubernetes object as kustomize emits it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

// The fields of a kustomization this builder knows; any other is refused rather than silently left out.
const KNOWN = new Set(["apiVersion", "kind", "resources", "secretGenerator"]);

/** KEY=VALUE lines as kustomize reads an env file: blank lines and `#` comments skipped, the value kept as written. */
export function readEnvFile(text: string): Record<string, string> {
  const entries: [string, string][] = [];
  for (const line of text.split("\n").map(l => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    // Without `=`, kustomize would read the value from its own environment: never what a checked-in file should mean.
    if (at < 1) throw new Error(`env file line without KEY=: ${line}`);
    entries.push([line.slice(0, at), line.slice(at + 1)]);
  }
  return Object.fromEntries(entries);
}

/**
 * What `kubectl kustomize DIR` builds, for the fields our base uses: `resources` (YAML files, or folders with a
 * kustomization of their own) and `secretGenerator` (env files). `files` stands in for files that are not on disk,
 * by path relative to DIR (secrets.env, which git ignores). Files are read as YAML 1.1, as `kubectl apply -f` reads
 * them, so an unquoted `on` or `no` is a boolean and the schema check refuses it. kustomize also suffixes the Secret's name with a hash of its
 * contents and rewrites the references to it; here the name stays as written.
 */
export function kustomizeBuild(dir: string, files: Record<string, string> = {}): KubernetesObject[] {
  const read = (file: string) => files[path.relative(dir, file)] ?? readFileSync(file, "utf8");
  const kustomization = parse(read(path.join(dir, "kustomization.yaml"))) as Record<string, unknown>;
  const unknown = Object.keys(kustomization).filter(key => !KNOWN.has(key));
  if (unknown.length) throw new Error(`kustomization.yaml in ${dir}: fields this builder does not know: ${unknown.join(", ")}`);
  if (kustomization.kind !== "Kustomization") throw new Error(`kustomization.yaml in ${dir} is a ${String(kustomization.kind)}`);

  const objects: KubernetesObject[] = [];
  for (const resource of (kustomization.resources ?? []) as string[]) {
    const file = path.join(dir, resource);
    if (statSync(file).isDirectory()) objects.push(...kustomizeBuild(file));
    else
      for (const document of parseAllDocuments(read(file), { version: "1.1" })) {
        if (document.errors.length) throw new Error(`${resource}: ${document.errors[0].message}`);
        objects.push(document.toJS() as KubernetesObject);
      }
  }
  for (const generator of (kustomization.secretGenerator ?? []) as { name: string; envs?: string[]; literals?: string[] }[]) {
    const values: Record<string, string> = {};
    for (const env of generator.envs ?? []) Object.assign(values, readEnvFile(read(path.join(dir, env))));
    for (const literal of generator.literals ?? []) Object.assign(values, readEnvFile(literal));
    const data = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString("base64")]));
    objects.push({ apiVersion: "v1", kind: "Secret", metadata: { name: generator.name }, type: "Opaque", data });
  }
  const names = objects.map(object => `${object.kind}/${object.metadata.name}`);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length) throw new Error(`kustomize refuses two objects of one kind and name: ${twice.join(", ")}`);
  return objects;
}

const require = createRequire(__filename);

/**
 * Checks an object against the official OpenAPI schema of its apiVersion and kind, as compiled into ajv validators by
 * the `kubernetes-models` package; throws naming the field at fault, or when the package has no model of that kind.
 */
export function validateKubernetesObject(object: KubernetesObject): void {
  let models: Record<string, new (data: unknown) => { validate(): void }>;
  try {
    models = require(`kubernetes-models/${object.apiVersion}`) as typeof models;
  } catch {
    throw new Error(`${object.kind}/${object.metadata?.name}: no Kubernetes API ${object.apiVersion}`);
  }
  const Model = models[object.kind];
  if (!Model) throw new Error(`${object.kind}/${object.metadata?.name}: ${object.apiVersion} has no kind ${object.kind}`);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind}/${object.metadata?.name}: ${(error as Error).message}`);
  }
}
