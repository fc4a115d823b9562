import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GATEWAY_PORT } from "../gateway/config";
import { readSubgraphConfig } from "../gateway/subgraph-config";
import { generateRegistryFiles } from "../scripts/registry";
import { loadSubgraph, PARTNER_SUBGRAPHS, REGISTERED, registry, SUBGRAPHS } from "../services/registry";

const ROOT = path.resolve(__dirname, "..");

describe("the registry of subgraphs (services/registry.ts)", () => {
  it("is what subgraphs.json and docker-compose.yml are generated from (run `npm run registry` after changing it)", () => {
    for (const [name, contents] of Object.entries(generateRegistryFiles())) {
      expect(readFileSync(path.join(ROOT, name), "utf8"), `${name} has drifted from services/registry.ts`).toBe(contents);
    }
  });

  it("lists every folder under services/, and a folder for every line", () => {
    // Not the trial subgraphs that test/subgraph-new.int.test.ts scaffolds and removes while this may run.
    const folders = readdirSync(path.join(ROOT, "services"), { withFileTypes: true })
      .filter(entry => entry.isDirectory() && !/^trial[0-9a-f]{6}s$/.test(entry.name))
      .map(entry => entry.name);
    expect(folders.sort()).toEqual([...REGISTERED].sort());
    for (const name of REGISTERED) expect(existsSync(path.join(ROOT, "services", name, "main.ts")), `services/${name}/main.ts`).toBe(true);
  });

  it.each(REGISTERED)("finds the definition of %s in its folder", async name => {
    const subgraph = await loadSubgraph(name);
    expect(subgraph).toMatchObject({ name, port: registry[name].port });
    expect(typeof subgraph.buildSchema).toBe("function");
    expect(subgraph.migrations.length).toBeGreaterThan(0);
  });

  it("is read by the gateway without loading any subgraph's code", () => {
    const script = `require("./gateway/config"); console.log(JSON.stringify(Object.keys(require.cache).filter(f => f.includes("/services/"))))`;
    const loaded = JSON.parse(execFileSync(process.execPath, ["-r", "@swc-node/register", "-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
    expect(loaded.map(file => path.relative(ROOT, file))).toEqual(["services/registry.ts"]);
  });

  it("gives every subgraph a port of its own, none the gateway's", () => {
    const ports = REGISTERED.map(name => registry[name].port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports).not.toContain(GATEWAY_PORT);
  });

  it("composes our subgraphs from subgraphs.json, events among them; a partner's (`npm run subgraph:new`) joins there", () => {
    expect(readSubgraphConfig(path.join(ROOT, "subgraphs.json")).map(entry => entry.name)).toEqual(SUBGRAPHS);
    // Every subgraph kept here is ours; test/subgraph-new.int.test.ts adds a partner's line and finds it among PARTNER_SUBGRAPHS.
    expect(SUBGRAPHS).toEqual(["organisations", "clusters", "partnerships", "funding", "events", "feed"]);
    expect(PARTNER_SUBGRAPHS).toEqual([]);
  });
});
