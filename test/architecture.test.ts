import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const LIB = path.join(ROOT, "lib");

/** lib/'s rooms, lowest first: each may import from the rooms before it, never from one after it. */
const ROOMS = ["platform", "subgraph", "records"];
/** Top-level folders lib/ must never reach into: they stand on lib/, not under it. */
const ABOVE_LIB = ["services", "gateway", "scripts", "bench", "test"];

/** Every .ts file under `dir`, as a path relative to the repository. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : tsFiles(full);
    return entry.name.endsWith(".ts") ? [path.relative(ROOT, full)] : [];
  });
}

/** The relative specifiers a file imports: `from "..."`, `import "..."`, `import("...")` and `require("...")`. */
function relativeImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s+|\bimport\(\s*|\brequire\(\s*)["']([^"']+)["']/g)].map(match => match[1]);
  return specifiers.filter(specifier => specifier.startsWith("."));
}

/** Resolves a relative specifier to a repository path: `lib/records/sources` for "./sources", a JSON file as it is named. */
function resolve(from: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.(ts|js)$/, "");
}

const roomOf = (file: string) => file.split("/")[1];

/** lib/'s import graph: each file (without `.ts`) and the repository paths it imports. */
function libGraph(): Map<string, string[]> {
  return new Map(tsFiles(LIB).map(file => [file.replace(/\.ts$/, ""), relativeImports(file).map(specifier => resolve(file, specifier))]));
}

/** Every import circle of a graph, each as the path that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (node: string, trail: string[]) => {
    const seen = trail.indexOf(node);
    if (seen >= 0) return void found.push([...trail.slice(seen), node]);
    if (done.has(node) || !graph.has(node)) return;
    for (const next of graph.get(node)!) walk(next, [...trail, node]);
    done.add(node);
  };
  for (const node of graph.keys()) walk(node, []);
  return found;
}

describe("lib/'s rooms (docs/architecture.md \"The tree\")", () => {
  const graph = libGraph();

  it("keeps every file in a room: platform, subgraph or records", () => {
    expect([...graph.keys()].filter(file => !ROOMS.includes(roomOf(file)) || file.split("/").length !== 3)).toEqual([]);
  });

  it("has no import running upward: platform imports neither subgraph nor records, subgraph not records", () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets
        .filter(target => target.startsWith("lib/") && ROOMS.indexOf(roomOf(target)) > ROOMS.indexOf(roomOf(file)))
        .map(target => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it("has no import circle", () => {
    expect(cycles(graph).map(cycle => cycle.join(" -> "))).toEqual([]);
  });

  it("never imports services/, gateway/, scripts/, bench/ or test/", () => {
    const outward = [...graph].flatMap(([file, targets]) =>
      targets.filter(target => !target.startsWith("lib/") && ABOVE_LIB.includes(target.split("/")[0])).map(target => `${file} -> ${target}`),
    );
    expect(outward).toEqual([]);
  });

  it("finds what it looks for: a circle, and the imports of a file", () => {
    expect(cycles(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]]))).toEqual([["a", "b", "c", "a"]]);
    expect(graph.get("lib/platform/errors")).toContain("lib/platform/error-codes");
  });
});

describe("imports across the repository", () => {
  it("names every file it imports as Node finds it: no x.js or x.json beside an imported x.ts", () => {
    // Under `node -r @swc-node/register` (npm start, the bench), require("./x") takes x.js or x.json before x.ts;
    // tsc and vitest take x.ts, so only a running graph would notice.
    const shadowed = ["lib", ...ABOVE_LIB].flatMap(dir => tsFiles(path.join(ROOT, dir))).flatMap(file =>
      relativeImports(file)
        .map(specifier => resolve(file, specifier))
        .filter(target => existsSync(path.join(ROOT, `${target}.ts`)) && [".js", ".json"].some(ext => existsSync(path.join(ROOT, target + ext))))
        .map(target => `${file} -> ${target}`),
    );
    expect(shadowed).toEqual([]);
  });
});
