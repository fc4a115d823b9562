import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { SUBGRAPHS, startEmbeddedPostgres, subgraphDatabaseUrl, type PostgresServer, type SubgraphName } from "../lib/database";
import { subgraphUrlVariable } from "../gateway/config";
import { gatewaySecret } from "../lib/signature";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PORTS: Record<SubgraphName | "gateway", number> = { gateway: 4000, organisations: 4001, clusters: 4002, partnerships: 4003, funding: 4004 };

export interface GraphOptions {
  /** A PostgreSQL server to use; without it an embedded one is started in `dataDir`. */
  databaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its files, and the port it listens on (unused with `databaseUrl`). */
  dataDir?: string;
  postgresPort?: number;
  /** `fixed`: 4000-4004 (overridable through `gatewayPort`); `ephemeral`: port 0 for every process (tests). */
  ports: "fixed" | "ephemeral";
  gatewayPort?: number;
  sampleData: "on" | "off";
  logLevel?: string;
  /** The secret the gateway signs subgraph requests with; GATEWAY_SECRET or the development one in `.data/` by default. */
  gatewaySecret?: string;
  /** `file` (the gateway's default): the checked-in supergraph; `config`: compose the subgraphs file and follow its changes. */
  supergraphSource?: "file" | "config";
  /** The subgraphs file in `config` mode; `subgraphs.json` by default. */
  subgraphsPath?: string;
  /** How often the gateway looks at the subgraphs file, in milliseconds. */
  subgraphsPollMs?: number;
}

export interface RunningGraph {
  gatewayUrl: string;
  subgraphUrls: Record<SubgraphName, string>;
  postgresUrl: string;
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  url: string;
}

/** Starts a TypeScript entry as its own Node process and waits until it says where it listens. */
export function startProcess(name: string, entry: string, env: Record<string, string>): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, entry), [], {
      cwd: ROOT,
      execArgv: ["-r", "@swc-node/register"],
      env: { ...process.env, SERVICE_NAME: name, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const onExit = (code: number | null) => reject(new Error(`${name} exited with code ${code} before it was ready`));
    child.once("exit", onExit);
    child.once("error", reject);
    child.on("message", (message: { type?: string; url?: string }) => {
      if (message.type !== "ready" || !message.url) return;
      child.off("exit", onExit);
      resolve({ process: child, url: message.url });
    });
  });
}

/** Asks a child to stop and waits for it to exit; kills it if it has not within `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts the whole graph: PostgreSQL (embedded unless given), the four subgraphs, then the gateway. */
export async function startGraph(options: GraphOptions): Promise<RunningGraph> {
  let postgres: PostgresServer | null = null;
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(child => stopProcess(child)));
    await postgres?.stop();
  };
  try {
    const serverUrl = options.databaseUrl ?? (postgres = await startEmbeddedPostgres({ dataDir: options.dataDir ?? path.join(ROOT, ".data/postgres"), port: options.postgresPort ?? 54329 })).url;
    const port = (name: SubgraphName | "gateway") =>
      String(options.ports === "ephemeral" ? 0 : name === "gateway" ? (options.gatewayPort ?? DEFAULT_PORTS.gateway) : DEFAULT_PORTS[name]);
    const common = { LOG_LEVEL: options.logLevel ?? "info", HOST: "127.0.0.1", GATEWAY_SECRET: options.gatewaySecret ?? gatewaySecret(process.env.GATEWAY_SECRET) };

    const subgraphs = await Promise.all(
      SUBGRAPHS.map(async name => {
        const child = await startProcess(name, `services/${name}/main.ts`, {
          ...common,
          PORT: port(name),
          DATABASE_URL: subgraphDatabaseUrl(serverUrl, name),
          SAMPLE_DATA: options.sampleData,
        });
        children.push(child.process);
        return [name, child.url] as const;
      }),
    );
    const subgraphUrls = Object.fromEntries(subgraphs) as Record<SubgraphName, string>;
    const gateway = await startProcess("gateway", "gateway/main.ts", {
      ...common,
      PORT: port("gateway"),
      DATABASE_URL: subgraphDatabaseUrl(serverUrl, "gateway"),
      ...(options.supergraphSource && { SUPERGRAPH_SOURCE: options.supergraphSource }),
      ...(options.subgraphsPath && { SUBGRAPHS_PATH: options.subgraphsPath }),
      ...(options.subgraphsPollMs && { SUBGRAPHS_POLL_MS: String(options.subgraphsPollMs) }),
      ...Object.fromEntries(subgraphs.map(([name, url]) => [subgraphUrlVariable(name), url])),
    });
    children.push(gateway.process);
    return { gatewayUrl: gateway.url, subgraphUrls, postgresUrl: serverUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
