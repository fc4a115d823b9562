import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };
import { startGraph, type RunningGraph } from "../../scripts/graph";
import { freePort } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    graph: { gatewayUrl: string; subgraphUrls: Record<string, string>; postgresUrl: string };
  }
}

let graph: RunningGraph | undefined;
let dataDir: string | undefined;

/** One real graph for the whole run: embedded PostgreSQL, four subgraph processes and the gateway, on free ports. */
export async function setup(project: TestProject) {
  dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-test-"));
  // Stories count SQL statements and change rows between reads: no cached answers, unless a test asks for them.
  process.env.CACHE_MAX_AGE ??= "0";
  graph = await startGraph({ dataDir, postgresPort: await freePort(), ports: "ephemeral", sampleData: "on", logLevel: "warn" });
  project.provide("graph", { gatewayUrl: graph.gatewayUrl, subgraphUrls: graph.subgraphUrls, postgresUrl: graph.postgresUrl });
}

export async function teardown() {
  await graph?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
