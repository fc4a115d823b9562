import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startGraph, type GraphOptions, type RunningGraph } from "../../scripts/graph";
import { freePort } from "../../scripts/ports";
import { graphClient, type GraphClient } from "./graph";

/**
 * A graph of its own for the test file that calls this (a file that stops, holds or reconfigures parts of it), with
 * the sample data, on an embedded PostgreSQL of its own in a fresh directory: started before the file's tests,
 * stopped and removed after them. `graph` and `client` are there once the tests run.
 */
export function graphOfItsOwn(name: string, options: Partial<GraphOptions> = {}): { graph: RunningGraph; client: GraphClient } {
  const own = {} as { graph: RunningGraph; client: GraphClient };
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `clusterhub-${name}-`));
    own.graph = await startGraph({ dataDir, postgresPort: await freePort(), ports: "ephemeral", sampleData: "on", ...options });
    own.client = graphClient({ gatewayUrl: own.graph.gatewayUrl, subgraphUrls: own.graph.subgraphUrls, postgresUrl: "" });
  });
  afterAll(async () => {
    await own.graph?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  return own;
}
