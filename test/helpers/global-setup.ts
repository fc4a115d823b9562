import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };
import { startGraph, type RunningGraph } from "../../scripts/graph";
import { freePort } from "../../scripts/ports";

declare module "vitest" {
  export interface ProvidedContext {
    graph: { gatewayUrl: string; subgraphUrls: Record<string, string>; postgresUrl: string };
    gatewaySecret: string;
  }
}

let graph: RunningGraph | undefined;
let dataDir: string | undefined;

/** One real graph for the whole run: embedded PostgreSQL, four subgraph processes and the gateway, on free ports. */
export async function setup(project: TestProject) {
  dataDir = await mkdtemp(path.join(tmpdir(), "clusterhub-test-"));
  // Stories count SQL statements and change rows between reads: no cached answers, unless a test asks for them.
  process.env.CACHE_MAX_AGE ??= "0";
  const gatewaySecret = randomBytes(32).toString("base64url");
  graph = await startGraph({
    dataDir,
    postgresPort: await freePort(),
    ports: "ephemeral",
    sampleData: "on",
    logLevel: "warn",
    gatewaySecret,
    // Every test file asks from one address; the rate limits are tested on a gateway of their own (limits.int.test.ts).
    gatewayEnv: { RATE_LIMIT_PER_ADDRESS: "100000" },
  });
  project.provide("gatewaySecret", gatewaySecret);
  project.provide("graph", { gatewayUrl: graph.gatewayUrl, subgraphUrls: graph.subgraphUrls, postgresUrl: graph.postgresUrl });
}

export async function teardown() {
  await graph?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
