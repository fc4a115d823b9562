import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startEmbeddedPostgres, subgraphDatabaseUrl, type PostgresServer } from "../lib/platform/database";
import { GATEWAY_PORT, subgraphUrlVariable } from "../gateway/config";
import { logger } from "../lib/platform/logger";
import { gatewaySecret } from "../lib/platform/signature";
import { SUBGRAPHS, subgraphPort, type SubgraphName } from "../services/registry";

const ROOT = path.resolve(__dirname, "..");

/**
 * V8's heap sizes for the gateway process (docs/performance.md "Memory"). Without them V8 lets garbage pile up to 250 MB under load
 * before a full collection, while the gateway keeps about 70 MB alive; docker-compose.yml starts it with the same flags.
 */
export const GATEWAY_NODE_FLAGS = ["--max-old-space-size=256", "--max-semi-space-size=4"];

export interface GraphOptions {
  /** A PostgreSQL server to use; without it an embedded one is started in `dataDir`. */
  databaseUrl?: string;
  /** Where the embedded PostgreSQL keeps its files, and the port it listens on (unused with `databaseUrl`). */
  dataDir?: string;
  postgresPort?: number;
  /** `fixed`: the gateway's and the registry's ports (services/registry.ts), overridable below; `ephemeral`: port 0 for every process (tests). */
  ports: "fixed" | "ephemeral";
  gatewayPort?: number;
  /**
   * One gateway process per port, replicas of each other (GATEWAY_PORTS), instead of one on `gatewayPort`; 0 for any free
   * port. They share their state only through the Redis that REDIS_URL names (in `gatewayEnv`, or this process's).
   */
  gatewayPorts?: number[];
  /** In `fixed` mode, ports other than the registry's, by subgraph. */
  subgraphPorts?: Partial<Record<SubgraphName, number>>;
  sampleData: "on" | "off";
  logLevel?: string;
  /** More variables for the gateway (limits, timeouts). */
  gatewayEnv?: Record<string, string>;
  /** More variables for every process, gateway and subgraphs (OTEL_* for tracing); `gatewayEnv` has the last word. */
  env?: Record<string, string>;
  /** Receives every log line of every process instead of this process's stdout (tests that read logs). */
  onLog?: (service: string, line: string) => void;
  /** The secret the gateway signs subgraph requests with; GATEWAY_SECRET or the development one in `.data/` by default. */
  gatewaySecret?: string;
  /** `file` (the gateway's default): the checked-in supergraph; `config`: compose the subgraphs file and follow its changes; `live`: introspect the running subgraphs. */
  supergraphSource?: "file" | "config" | "live";
  /**
   * Restart a process that dies (gateway or subgraph) on its port, with backoff, and stop the whole graph when one
   * keeps dying (`failed` then says why). `true` takes DEFAULT_SUPERVISION. Off by default: tests that stop a
   * process on purpose want it to stay down.
   */
  supervise?: boolean | Partial<SupervisionOptions>;
  /** The subgraphs file in `config` mode; `subgraphs.json` by default. */
  subgraphsPath?: string;
  /** How often the gateway looks at the subgraphs file, in milliseconds. */
  subgraphsPollMs?: number;
}

export interface RunningGraph {
  /** The first gateway's URL. */
  gatewayUrl: string;
  /** Every gateway's URL, one per replica (`gatewayPorts`), the first being `gatewayUrl`. */
  gatewayUrls: string[];
  subgraphUrls: Record<SubgraphName, string>;
  postgresUrl: string;
  stop(): Promise<void>;
  /** Settles when the supervisor has given up on a process that keeps dying and has stopped the graph; never without `supervise`. */
  failed: Promise<GraphFailure>;
  /** Stops one subgraph process (SIGTERM), or SIGKILLs it with `kill`. */
  stopSubgraph(name: SubgraphName, how?: "stop" | "kill"): Promise<void>;
  /** Starts a stopped subgraph again, on the port it had. Neither is a fault to the supervisor. */
  startSubgraph(name: SubgraphName): Promise<void>;
  /** Sends a signal to a running process of the graph (SIGSTOP makes a subgraph hang, SIGCONT wakes it). */
  signal(name: GraphProcess, signal: NodeJS.Signals): void;
  /** Waits for a process of the graph to exit and answers its exit code. */
  exited(name: GraphProcess): Promise<number | null>;
  /** The pid of a process of the graph (the soak reads the gateway's memory). */
  pid(name: GraphProcess): number;
  /** Stops and starts the embedded PostgreSQL (not available with `databaseUrl`). */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
}

/** The error of a process that exited before it was ready, with how it exited. */
export type StartFailure = Error & { exitCode?: number | null; exitSignal?: NodeJS.Signals | null };

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
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      reject(Object.assign(new Error(`${name} exited with ${signal ?? `code ${code}`} before it was ready`), { exitCode: code, exitSignal: signal }));
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

/** What the graph's supervisor does when a process dies: restart it after a delay, and give up when it keeps dying. */
export interface SupervisionOptions {
  /** The delay before the first restart, doubled for each further one up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** More than `maxRestarts` restarts of one process within `windowMs` stop the whole graph. */
  maxRestarts: number;
  windowMs: number;
}

/** `npm start`'s supervision: 0.5 s doubling to 10 s; a process restarted more than 5 times in a minute stops the graph. */
export const DEFAULT_SUPERVISION: SupervisionOptions = { initialDelayMs: 500, maxDelayMs: 10_000, maxRestarts: 5, windowMs: 60_000 };

/** Why the supervisor gave up: the process that kept dying and how it last ended. */
export interface GraphFailure {
  process: GraphProcess;
  restarts: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The wait before restart number `attempt` (1, 2, ...). */
export const restartDelay = (attempt: number, policy: SupervisionOptions) => Math.min(policy.initialDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);

/** A process of the graph: a subgraph, the gateway, or with `gatewayPorts` a further replica (`gateway-2`, ...). */
export type GraphProcess = SubgraphName | "gateway" | `gateway-${number}`;

/** The name of the gateway replica at `index` (from 0): `gateway`, then `gateway-2`, `gateway-3`... */
export const gatewayName = (index: number): GraphProcess => (index === 0 ? "gateway" : `gateway-${index + 1}`);
const isGateway = (name: GraphProcess) => name === "gateway" || name.startsWith("gateway-");

/** One process of the graph as the supervisor sees it: how to start it again, and whether its exit is expected. */
interface Member {
  name: GraphProcess;
  start: () => Promise<Child>;
  /** The process started last, running or not (`exited` and `pid` answer about it). */
  child: ChildProcess | null;
  /** Stopped on purpose (stopSubgraph): its exit is not a fault. */
  stopped: boolean;
  /** When it was restarted, within the supervision window. */
  restarts: number[];
  timer: NodeJS.Timeout | null;
}

/** Starts the whole graph: PostgreSQL (embedded unless given), the four subgraphs, then the gateway. */
export async function startGraph(options: GraphOptions): Promise<RunningGraph> {
  let postgres: PostgresServer | null = null;
  const members = new Map<GraphProcess, Member>();
  const policy = options.supervise ? { ...DEFAULT_SUPERVISION, ...(options.supervise === true ? {} : options.supervise) } : null;
  let stopping: Promise<void> | null = null;
  let reportFailure: (failure: GraphFailure) => void = () => {};
  const failed = new Promise<GraphFailure>(resolve => (reportFailure = resolve));
  // The supervisor's own lines: structured like every process's, to `onLog` when the caller reads the logs, else to
  // this process's log (`npm start`'s, service cluster-hub).
  const report = (level: "info" | "warn" | "error", fields: Record<string, unknown>, msg: string) => {
    if (options.onLog) options.onLog("supervisor", JSON.stringify({ level, service: "supervisor", ...fields, msg }));
    else logger[level](fields, msg);
  };
  const stop = () =>
    (stopping ??= (async () => {
      for (const member of members.values()) if (member.timer) clearTimeout(member.timer);
      // The gateways first, then the subgraphs, then PostgreSQL.
      const stopAll = (gateways: boolean) =>
        Promise.all([...members.values()].flatMap(member => (member.child && isGateway(member.name) === gateways ? [stopProcess(member.child)] : [])));
      await stopAll(true);
      await stopAll(false);
      await postgres?.stop();
    })());

  /** A process that exited, or failed to start, while nobody asked it to: restart it after a delay, or give up. */
  const died = (member: Member, code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping || member.stopped || !policy) return;
    const now = Date.now();
    member.restarts = member.restarts.filter(at => now - at < policy.windowMs);
    const attempt = member.restarts.length + 1;
    if (attempt > policy.maxRestarts) {
      const restarts = member.restarts.length;
      report("error", { process: member.name, code, signal, restarts, windowMs: policy.windowMs }, `${member.name} keeps dying (${restarts} restarts within ${policy.windowMs} ms): giving up, the graph stops`);
      void stop().finally(() => reportFailure({ process: member.name, restarts, code, signal }));
      return;
    }
    const delayMs = restartDelay(attempt, policy);
    if (isGateway(member.name)) report("error", { process: member.name, code, signal }, member.name === "gateway" ? "graph is down: the gateway is not running" : `graph is down: the gateway replica ${member.name} is not running`);
    report("warn", { process: member.name, code, signal, attempt, delayMs }, `${member.name} exited unexpectedly; restarting in ${delayMs} ms (attempt ${attempt})`);
    member.restarts.push(now);
    member.timer = setTimeout(() => {
      member.timer = null;
      member.start().then(
        restarted => {
          if (stopping || member.stopped) return void stopProcess(restarted.process);
          watch(member, restarted.process);
          report("info", { process: member.name, attempt, url: restarted.url }, isGateway(member.name) ? `graph is back at ${restarted.url}` : `${member.name} is back`);
        },
        (error: StartFailure) => died(member, error.exitCode ?? null, error.exitSignal ?? null),
      );
    }, delayMs);
  };
  const watch = (member: Member, child: ChildProcess) => {
    member.child = child;
    child.once("exit", (code, signal) => died(member, code, signal));
  };

  try {
    const serverUrl = options.databaseUrl ?? (postgres = await startEmbeddedPostgres({ dataDir: options.dataDir ?? path.join(ROOT, ".data/postgres"), port: options.postgresPort ?? 54329 })).url;
    const gatewayPorts = options.gatewayPorts ?? [options.gatewayPort ?? GATEWAY_PORT];
    const port = (name: GraphProcess) => {
      if (options.ports === "ephemeral") return "0";
      if (isGateway(name)) return String(gatewayPorts[name === "gateway" ? 0 : Number(name.slice("gateway-".length)) - 1]);
      return String(options.subgraphPorts?.[name as SubgraphName] ?? subgraphPort(name as SubgraphName));
    };
    const common = { ...options.env, LOG_LEVEL: options.logLevel ?? "info", HOST: "127.0.0.1", GATEWAY_SECRET: options.gatewaySecret ?? gatewaySecret(process.env.GATEWAY_SECRET) };
    // A process starts again on the port it first had, so that the gateway, and the gateway's clients, find it there.
    const urls = new Map<GraphProcess, string>();
    const portOf = (name: GraphProcess) => (urls.has(name) ? new URL(urls.get(name)!).port : port(name));
    const add = async (name: GraphProcess, start: (port: string) => Promise<Child>) => {
      const member: Member = { name, start: () => start(portOf(name)), child: null, stopped: false, restarts: [], timer: null };
      members.set(name, member);
      const child = await member.start();
      urls.set(name, child.url);
      watch(member, child.process);
      return [name, child.url] as const;
    };

    const startSubgraphProcess = (name: SubgraphName) => (subgraphPort: string) =>
      startProcess(
        name,
        `services/${name}/main.ts`,
        { ...common, PORT: subgraphPort, DATABASE_URL: subgraphDatabaseUrl(serverUrl, name), SAMPLE_DATA: options.sampleData },
        options.onLog,
      );
    const subgraphs = await Promise.all(SUBGRAPHS.map(name => add(name, startSubgraphProcess(name))));
    const subgraphUrls = Object.fromEntries(subgraphs) as Record<SubgraphName, string>;
    const gatewayEnv = {
      ...common,
      DATABASE_URL: subgraphDatabaseUrl(serverUrl, "gateway"),
      ...(options.supergraphSource && { SUPERGRAPH_SOURCE: options.supergraphSource }),
      ...(options.subgraphsPath && { SUBGRAPHS_PATH: options.subgraphsPath }),
      ...(options.subgraphsPollMs && { SUBGRAPHS_POLL_MS: String(options.subgraphsPollMs) }),
      ...Object.fromEntries(subgraphs.map(([name, url]) => [subgraphUrlVariable(name), url])),
      ...options.gatewayEnv,
    };
    const startGatewayProcess = (name: GraphProcess) => (gatewayPort: string) =>
      startProcess(name, "gateway/main.ts", { ...gatewayEnv, PORT: gatewayPort }, options.onLog, GATEWAY_NODE_FLAGS);
    // The first gateway creates and migrates the gateways' database; the other replicas start once it is ready.
    const gateways = [await add("gateway", startGatewayProcess("gateway"))];
    const replicas = gatewayPorts.slice(1).map((_, index) => gatewayName(index + 1));
    gateways.push(...(await Promise.all(replicas.map(name => add(name, startGatewayProcess(name))))));
    const gatewayUrls = gateways.map(([, url]) => url);
    const processOf = (name: GraphProcess) => {
      const child = members.get(name)?.child;
      if (!child) throw new Error(`no ${name} process`);
      return child;
    };
    const memberOf = (name: GraphProcess) => members.get(name)!;
    return {
      gatewayUrl: gatewayUrls[0],
      gatewayUrls,
      subgraphUrls,
      postgresUrl: serverUrl,
      stop,
      failed,
      stopSubgraph: async (name, how = "stop") => {
        const member = memberOf(name);
        member.stopped = true;
        if (member.timer) clearTimeout(member.timer);
        member.timer = null;
        const child = processOf(name);
        if (how === "kill") child.kill("SIGKILL");
        await stopProcess(child);
      },
      startSubgraph: async name => {
        const member = memberOf(name);
        const child = await member.start();
        member.stopped = false;
        watch(member, child.process);
      },
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
