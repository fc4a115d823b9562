import { randomUUID } from "node:crypto";
import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import KeyvRedis, { Keyv } from "@keyv/redis";
import { createClient } from "@redis/client";
import { logger } from "../lib/platform/logger";

/**
 * How long the gateway waits for Redis before it does without: a rate limit falls back to its process's own, a cache read
 * is a miss, a cache write is skipped. A request never waits on a Redis that hangs or is gone.
 */
export const REDIS_TIMEOUT_MS = 250;

/** What one gateway replica tells the others over Redis pub/sub. */
export interface SharedEvent {
  /** `write`: a mutation went through a replica; whatever another keeps in its process about reads may be stale. */
  kind: "write";
  /** The replica that sent it (each replica ignores its own). */
  from: string;
}

type RedisClient = ReturnType<typeof createClient>;

/**
 * The Redis that gateway replicas share (REDIS_URL, docs/operations.md "Replicas"): one connection for commands, one for
 * pub/sub, every key and channel under one prefix (REDIS_PREFIX). It never makes the gateway wait or fail: it connects
 * in the background, commands fail at once while it is down (no offline queue), and it reconnects on its own.
 */
export class SharedState {
  /** This process among the replicas. */
  readonly replica = randomUUID();
  readonly client: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly listeners: ((event: SharedEvent) => void)[] = [];
  private readonly reconnectListeners: (() => void)[] = [];
  private lost = false;

  constructor(
    url: string,
    readonly prefix: string,
  ) {
    // Reconnects every 100 ms to 2 s; a command while disconnected fails at once, so the gateway falls back.
    const socket = { connectTimeout: 1000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) };
    this.client = createClient({ url, socket, disableOfflineQueue: true });
    // The subscriber keeps its queue: its one SUBSCRIBE is sent once Redis is there, and again after each reconnect.
    this.subscriber = this.client.duplicate({ disableOfflineQueue: false });
    for (const [role, client] of [["commands", this.client], ["pub/sub", this.subscriber]] as const) {
      // Without a listener, an 'error' event would end the process.
      client.on("error", (err: unknown) => {
        if (!this.lost) logger.warn({ err, role }, "redis: connection lost; the gateway does without it until it is back");
        if (role === "commands") this.lost = true;
      });
    }
    this.client.on("ready", () => {
      if (!this.lost) return;
      this.lost = false;
      logger.info("redis: connection back");
      for (const listener of this.reconnectListeners) listener();
    });
    // Subscribed once the first connection is ready (a command sent before may be dropped when it fails); the client
    // subscribes again by itself after each reconnect.
    let subscribed = false;
    this.subscriber.on("ready", () => {
      if (subscribed) return;
      subscribed = true;
      this.subscriber.subscribe(this.key("events"), message => this.receive(message)).catch((err: unknown) => {
        subscribed = false;
        logger.warn({ err }, "redis: could not subscribe");
      });
    });
    this.client.connect().catch((err: unknown) => logger.warn({ err }, "redis: could not connect"));
    this.subscriber.connect().catch((err: unknown) => logger.warn({ err }, "redis: could not connect for pub/sub"));
  }

  /** Whether Redis answers commands now (else the rate limits count in memory, and caches miss). */
  get connected(): boolean {
    return this.client.isReady;
  }

  /** Waits until Redis is connected, at most `ms`; answers whether it is. A gateway starts without it all the same. */
  async whenConnected(ms: number): Promise<boolean> {
    for (const until = Date.now() + ms; !this.connected && Date.now() < until; ) await new Promise(resolve => setTimeout(resolve, 20));
    return this.connected;
  }

  /** A key (or channel) of this deployment: `<prefix>:<parts>`. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(":");
  }

  /** Tells every other replica; lost if Redis is down (each caller says what that costs). */
  async publish(kind: SharedEvent["kind"]): Promise<void> {
    const event: SharedEvent = { kind, from: this.replica };
    await withTimeout(this.client.publish(this.key("events"), JSON.stringify(event))).catch((err: unknown) =>
      logger.warn({ err, kind }, "redis: could not tell the other replicas"),
    );
  }

  /** Calls `listener` for each event another replica publishes. */
  onEvent(listener: (event: SharedEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Calls `listener` each time the connection comes back after it was lost. */
  onReconnect(listener: () => void): void {
    this.reconnectListeners.push(listener);
  }

  /** A Keyv over this Redis, its keys under `<prefix>:<name>::`. */
  keyv(name: string): Keyv<string> {
    const store = new KeyvRedis<string>(this.client as never, { namespace: this.key(name) });
    const keyv = new Keyv<string>({ store, namespace: this.key(name), useKeyPrefix: false });
    keyv.on("error", (err: unknown) => logger.debug({ err, cache: name }, "redis: cache command failed"));
    return keyv;
  }

  /** Closes both connections: gracefully when connected, at once while it is still trying to reach Redis. */
  async close(): Promise<void> {
    const closing = [this.subscriber, this.client].map(client => (!client.isOpen ? undefined : client.isReady ? client.close() : client.destroy()));
    await Promise.all(closing).catch(() => undefined);
  }

  /** An event another replica published; anything else on the channel (whoever can reach Redis may publish) is ignored. */
  private receive(message: string) {
    let event: Partial<SharedEvent> | null;
    try {
      event = JSON.parse(message) as Partial<SharedEvent> | null;
    } catch {
      return;
    }
    if (!event || typeof event !== "object" || event.kind !== "write" || typeof event.from !== "string" || event.from === this.replica) return;
    for (const listener of this.listeners) listener(event as SharedEvent);
  }
}

/** Rejects when `promise` has not settled within REDIS_TIMEOUT_MS. */
export function withTimeout<T>(promise: Promise<T>, ms = REDIS_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A cache in Redis that never fails a request: a read Redis cannot answer (down, or slower than REDIS_TIMEOUT_MS) is a
 * miss, a write it cannot take is skipped. Apollo's response cache and persisted queries would answer 500 otherwise.
 */
export class TolerantCache implements KeyValueCache<string> {
  private readonly inner: KeyValueCache<string>;

  constructor(
    private readonly keyv: Keyv<string>,
    private readonly name: string,
  ) {
    this.inner = new KeyvAdapter(keyv as never);
  }

  async get(key: string): Promise<string | undefined> {
    return withTimeout(this.inner.get(key)).catch(err => void logger.debug({ err, cache: this.name }, "redis: cache read failed, a miss"));
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await withTimeout(this.inner.set(key, value, options)).catch(err => logger.debug({ err, cache: this.name }, "redis: cache write failed, skipped"));
  }

  async delete(key: string): Promise<boolean | void> {
    return withTimeout(this.inner.delete(key)).catch(err => void logger.debug({ err, cache: this.name }, "redis: cache delete failed"));
  }

  /** Empties the cache for every replica; throws when Redis cannot be reached, so the caller can say what that means. */
  clear(): Promise<void> {
    return withTimeout(this.keyv.clear(), 5 * REDIS_TIMEOUT_MS);
  }
}
