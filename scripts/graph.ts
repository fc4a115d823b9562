import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { SUBGRAPHS, startEmbeddedPostgres, subgraphDatabaseUrl, type PostgresServer, type SubgraphName } from "../lib/database";
import { subgraphUrlVariable } from "../gateway/config";
import { gatewaySecret } from "../lib/signature";

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_PORTS: Record<SubgraphName | "gateway", number> = { gateway: 4000, organisations: 4001, clusters: 4002, partnerships: 4003, funding: 4004 };

/**
 * V8's heap sizes for the gateway process (README "Memory"). Without them V8 lets garbage pile up to 250 MB under load
 * before a full collection, while the gateway keeps about 70 MB alive; docker-compose.yml starts it with the same flags.
 */
export const GATEWAY_NODE_FLAGS = ["--max-old-space-size=256", "--max-semi-space-size=4"];

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
  /** More variables for the gateway (limits, timeouts). */
  gatewayEnv?: Record<string, string>;
  /** Receives every log line of every process instead of this process's stdout (tests that read logs). */
  onLog?: (service: string, line: string) => void;
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
  /** Stops one subgraph process (SIGTERM), or SIGKILLs it with `kill`. */
  stopSubgraph(name: SubgraphName, how?: "stop" | "kill"): Promise<void>;
  /** Starts a stopped subgraph again, on the port it had. */
  startSubgraph(name: SubgraphName): Promise<void>;
  /** Sends a signal to a running process of the graph (SIGSTOP makes a subgraph hang, SIGCONT wakes it). */
  signal(name: SubgraphName | "gateway", signal: NodeJS.Signals): void;
  /** Waits for a process of the graph to exit and answers its exit code. */
  exited(name: SubgraphName | "gateway"): Promise<number | null>;
  /** The pid of a process of the graph (the soak reads the gateway's memory). */
  pid(name: SubgraphName | "gateway"): number;
  /** Stops and starts the embedded PostgreSQL (not available with `databaseUrl`). */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
}

export interface Child {
  process: ChildProcess;
  url: string;
}

/** Passes each line of a child's output to `onLog`. */
function forwardLines(name: string, stream: NodeJS.ReadableStream | null, onLog: (service: string, line: string) => void) {
  let rest = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line) onLog(name, line);
  });
}

/** Starts a TypeScript entry as its own Node process and waits until it says where it listens. */
export function startProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  onLog?: (service: string, line: string) => void,
  nodeFlags: string[] = [],
): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(ROOT, entry), [], {
      cwd: ROOT,
      execArgv: [...nodeFlags, "-r", "@swc-node/register"],
      env: { ...process.env, SERVICE_NAME: name, ...env },
      stdio: ["ignore", onLog ? "pipe" : "inherit", onLog ? "pipe" : "inherit", "ipc"],
    });
    if (onLog) {
      forwardLines(name, child.stdout, onLog);
      forwardLines(name, child.stderr, onLog);
    }
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
  const byName = new Map<SubgraphName | "gateway", ChildProcess>();
  const stop = async () => {
    await Promise.all(children.reverse().map(child => stopProcess(child)));
    await postgres?.stop();
  };
  try {
    const serverUrl = options.databaseUrl ?? (postgres = await startEmbeddedPostgres({ dataDir: options.dataDir ?? path.join(ROOT, ".data/postgres"), port: options.postgresPort ?? 54329 })).url;
    const port = (name: SubgraphName | "gateway") =>
      String(options.ports === "ephemeral" ? 0 : name === "gateway" ? (options.gatewayPort ?? DEFAULT_PORTS.gateway) : DEFAULT_PORTS[name]);
    const common = { LOG_LEVEL: options.logLevel ?? "info", HOST: "127.0.0.1", GATEWAY_SECRET: options.gatewaySecret ?? gatewaySecret(process.env.GATEWAY_SECRET) };

    const startSubgraph = async (name: SubgraphName, subgraphPort = port(name)) => {
      const child = await startProcess(
        name,
        `services/${name}/main.ts`,
        { ...common, PORT: subgraphPort, DATABASE_URL: subgraphDatabaseUrl(serverUrl, name), SAMPLE_DATA: options.sampleData },
        options.onLog,
      );
      children.push(child.process);
      byName.set(name, child.process);
      return [name, child.url] as const;
    };
    const subgraphs = await Promise.all(SUBGRAPHS.map(name => startSubgraph(name)));
    const subgraphUrls = Object.fromEntries(subgraphs) as Record<SubgraphName, string>;
    const gateway = await startProcess(
      "gateway",
      "gateway/main.ts",
      {
        ...common,
        PORT: port("gateway"),
        DATABASE_URL: subgraphDatabaseUrl(serverUrl, "gateway"),
        ...(options.supergraphSource && { SUPERGRAPH_SOURCE: options.supergraphSource }),
        ...(options.subgraphsPath && { SUBGRAPHS_PATH: options.subgraphsPath }),
        ...(options.subgraphsPollMs && { SUBGRAPHS_POLL_MS: String(options.subgraphsPollMs) }),
        ...Object.fromEntries(subgraphs.map(([name, url]) => [subgraphUrlVariable(name), url])),
        ...options.gatewayEnv,
      },
      options.onLog,
      GATEWAY_NODE_FLAGS,
    );
    children.push(gateway.process);
    byName.set("gateway", gateway.process);
    const processOf = (name: SubgraphName | "gateway") => {
      const child = byName.get(name);
      if (!child) throw new Error(`no ${name} process`);
      return child;
    };
    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      postgresUrl: serverUrl,
      stop,
      stopSubgraph: async (name, how = "stop") => {
        const child = processOf(name);
        if (how === "kill") child.kill("SIGKILL");
        await stopProcess(child);
      },
      startSubgraph: async name => void (await startSubgraph(name, new URL(subgraphUrls[name]).port)),
      signal: (name, signal) => void processOf(name).kill(signal),
      exited: name => {
        const child = processOf(name);
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
        return new Promise(resolve => child.once("exit", code => resolve(code)));
      },
      pid: name => processOf(name).pid ?? -1,
      stopPostgres: async () => {
        if (!postgres) throw new Error("stopPostgres needs the embedded PostgreSQL");
        await postgres.stop();
      },
      startPostgres: async () => {
        if (!postgres?.restart) throw new Error("startPostgres needs the embedded PostgreSQL");
        await postgres.restart();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts a gateway process alone, in front of subgraphs that may or may not be running (tests of starts and limits). */
export async function startGateway(options: { subgraphUrls: Partial<Record<SubgraphName, string>>; env?: Record<string, string>; logLevel?: string }) {
  const env = {
    LOG_LEVEL: options.logLevel ?? "warn",
    HOST: "127.0.0.1",
    PORT: "0",
    ...Object.fromEntries(Object.entries(options.subgraphUrls).map(([name, url]) => [subgraphUrlVariable(name), url!])),
    ...options.env,
  };
  const gateway = await startProcess("gateway", "gateway/main.ts", env, undefined, GATEWAY_NODE_FLAGS);
  return { url: gateway.url, process: gateway.process, stop: () => stopProcess(gateway.process) };
}
