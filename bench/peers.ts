import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultSubgraphUrl } from "../scripts/schema";
import { freePort } from "../scripts/ports";
import { subgraphPort, type SubgraphName } from "../services/registry";

/**
 * The other routers the bench measures ours against, started in front of running subgraphs as an operator would run
 * them (docs/operations.md "Other routers in front"): Hive Gateway, with its JavaScript planner or Hive Router's Rust one,
 * signing each subgraph fetch with bench/hive-gateway.config.mts; Grafbase (`grafbase dev`, Rust) with bench/grafbase.toml,
 * its subgraph requests signed by bench/signing-proxy.ts. bench/run.ts and test/routers.int.test.ts both start them here.
 */

const ROOT = path.resolve(__dirname, "..");

/** Where the bench's own packages are installed (bench/package.json): Hive Gateway, its Rust planner, Grafbase. */
const BENCH_MODULES = path.join(ROOT, "bench/node_modules");
const HIVE_GATEWAY_BIN = path.join(BENCH_MODULES, "@graphql-hive/gateway/dist/bin.js");
const HIVE_ROUTER_RUNTIME = path.join(BENCH_MODULES, "@graphql-hive/router-runtime/package.json");
const GRAFBASE_BIN = path.join(BENCH_MODULES, "@grafbase/cli-x86_64-unknown-linux-musl/grafbase");

/** Whether bench/package.json's routers are installed: Hive Gateway, Hive Router's planner and the Grafbase binary. */
export const routersInstalled = () => [HIVE_GATEWAY_BIN, HIVE_ROUTER_RUNTIME, GRAFBASE_BIN].every(file => existsSync(file));

/** Installs the bench's packages from bench/package-lock.json, as `npm run bench` does (the npm registry only). */
export function installRouters(): void {
  execFileSync("npm", ["install", "--prefix", path.join(ROOT, "bench"), "--no-audit", "--no-fund", "--loglevel=error"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (!routersInstalled()) throw new Error("npm install --prefix bench did not install Hive Gateway, @graphql-hive/router-runtime and the Grafbase binary");
}

/** A router started in front of the subgraphs: where to ask it, and its processes by the name the bench reports. */
export interface Peer {
  url: string;
  processes: Record<string, ChildProcess>;
  stop(): Promise<void>;
}

/** The last lines a process wrote to stderr, to say why it failed. */
function tail(child: ChildProcess): () => string {
  let text = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    text = (text + chunk.toString()).slice(-2000);
  });
  return () => text.trim();
}

async function stopAll(processes: ChildProcess[]): Promise<void> {
  await Promise.all(
    processes.map(
      child =>
        new Promise<void>(resolve => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const force = setTimeout(() => child.kill("SIGKILL"), 5000);
          child.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

/** Waits until a router answers `{ __typename }`, or fails when its process exits or 30 s pass. */
async function answering(url: string, child: ChildProcess, name: string, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stderr()}`);
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`${name} did not answer within 30 s: ${stderr()}`);
}

/** The checked-in supergraph with the running subgraphs' URLs put in. */
export function supergraphFor(subgraphUrls: Record<string, string>): string {
  let supergraph = readFileSync(path.join(ROOT, "schema/supergraph.graphql"), "utf8");
  for (const [name, url] of Object.entries(subgraphUrls)) supergraph = supergraph.replace(defaultSubgraphUrl(subgraphPort(name as SubgraphName)), url);
  return supergraph;
}

/**
 * Hive Gateway serving the checked-in supergraph, every subgraph fetch signed by bench/hive-gateway.config.mts with
 * GATEWAY_SECRET; with `rustPlanner`, Hive Router's query planner (`--hive-router-runtime`, @graphql-hive/router-runtime).
 */
export async function startHiveGateway(subgraphUrls: Record<string, string>, dir: string, secret: string, options: { rustPlanner: boolean }): Promise<Peer> {
  if (!routersInstalled()) throw new Error("Hive Gateway is not installed: npm run bench installs the bench's own packages (bench/package.json)");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, options.rustPlanner ? "supergraph-rust.graphql" : "supergraph.graphql");
  writeFileSync(file, supergraphFor(subgraphUrls));
  const port = await freePort();
  const config = path.join(ROOT, "bench/hive-gateway.config.mts");
  const args = [HIVE_GATEWAY_BIN, "supergraph", file, "--config-path", config, "--port", String(port), "--host", "127.0.0.1", ...(options.rustPlanner ? ["--hive-router-runtime"] : [])];
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, GATEWAY_SECRET: secret } });
  const name = options.rustPlanner ? "hive-gateway (Rust planner)" : "hive-gateway";
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await answering(url, child, name, tail(child));
  } catch (error) {
    await stopAll([child]);
    throw error;
  }
  return { url, processes: { [options.rustPlanner ? "hive-rust-gateway" : "hive-gateway"]: child }, stop: () => stopAll([child]) };
}

/** bench/signing-proxy.ts in a process of its own, sending on to the given subgraphs; answers its base URL. */
function startSigningProxy(subgraphUrls: Record<string, string>, secret: string): Promise<{ url: string; process: ChildProcess }> {
  const urls = Object.fromEntries(Object.entries(subgraphUrls).map(([name, url]) => [`${name.toUpperCase()}_URL`, url]));
  const child = fork(path.join(ROOT, "bench/signing-proxy.ts"), [], {
    cwd: ROOT,
    execArgv: ["-r", "@swc-node/register"],
    env: { ...process.env, ...urls, GATEWAY_SECRET: secret, SIGNING_PROXY_PORT: "0" },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", code => reject(new Error(`the signing proxy exited with ${code} before it was ready`)));
    child.on("message", (message: { type?: string; url?: string }) => {
      if (message.type === "ready" && message.url) resolve({ url: message.url, process: child });
    });
  });
}

/** `grafbase dev` with a configuration, offline, its home in `dir`: answers once it serves GraphQL. */
export async function runGrafbase(config: string, dir: string, env: Record<string, string>): Promise<{ url: string; process: ChildProcess }> {
  if (!routersInstalled()) throw new Error("Grafbase is not installed: npm run bench installs the bench's own packages (bench/package.json)");
  const port = await freePort();
  const home = path.join(dir, "grafbase-home");
  mkdirSync(home, { recursive: true });
  const child = spawn(GRAFBASE_BIN, ["--home", home, "dev", "--config", config, "--listen-address", `127.0.0.1:${port}`], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env },
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    await answering(url, child, "grafbase", tail(child));
  } catch (error) {
    await stopAll([child]);
    throw error;
  }
  return { url, process: child };
}

/**
 * Grafbase (`grafbase dev --config bench/grafbase.toml`, offline), composing the checked-in subgraph schemas and sending
 * every subgraph request through bench/signing-proxy.ts, which signs it with GATEWAY_SECRET.
 */
export async function startGrafbase(subgraphUrls: Record<string, string>, dir: string, secret: string): Promise<Peer> {
  const proxy = await startSigningProxy(subgraphUrls, secret);
  let grafbase: { url: string; process: ChildProcess };
  try {
    grafbase = await runGrafbase(path.join(ROOT, "bench/grafbase.toml"), dir, { GRAFBASE_SIGNING_PROXY: proxy.url });
  } catch (error) {
    await stopAll([proxy.process]);
    throw error;
  }
  return { url: grafbase.url, processes: { "grafbase-gateway": grafbase.process, "grafbase-signer": proxy.process }, stop: () => stopAll([grafbase.process, proxy.process]) };
}
