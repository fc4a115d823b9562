import { createHash } from "node:crypto";
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { z } from "zod";
import { onOff } from "../lib/platform/config";
import { logger } from "../lib/platform/logger";
import { SubgraphErrorCode } from "./data-source";
import type { GatewayContext } from "./identity";
import { TolerantCache, type SharedState } from "./shared-state";

/**
 * The gateway's response cache for public reads. Whole responses of anonymous queries are cached for as long as the
 * subgraphs' Cache-Control headers allow: the gateway restricts a response's policy by every subgraph response it
 * used, and caches nothing when one of them says max-age=0. A partner's requests (with a key) neither read nor fill
 * it, and every write through this gateway empties it, so a partner reads its own write at once.
 * Storage: in memory (a 16 MiB LRU) by default; Redis when REDIS_URL is set, shared by every gateway replica, so that a
 * write through one replica empties every replica's cached answers before its own answer is sent. While Redis is down,
 * nothing is cached (reads are misses) and a write cannot empty it: once Redis is back, each replica empties it, since
 * a write may have gone through meanwhile (docs/operations.md "Replicas").
 *
 * Stale rather than nothing: the last good answer of each cacheable public read is also kept, for
 * STALE_IF_ERROR_SECONDS in the same store (and budget); when a subgraph fails (SUBGRAPH_* errors only), that answer
 * is sent instead, with `extensions.stale` and a `clusterhub-stale` header. Writes empty these copies too: a stale
 * answer after a write would show data older than the write.
 */
// Counted in characters of response JSON: up to twice as many bytes of heap for Cyrillic answers (docs/performance.md "Memory").
const RESPONSE_CACHE_MIB = 16;

/** The stale-if-error variables. */
export const staleEnvSchema = {
  /** How long the last good answer of a public read may stand in for one a failing subgraph spoilt, in seconds; 0 turns it off. */
  STALE_IF_ERROR_SECONDS: z.coerce.number().int().min(0).default(300),
  /** `on`: partners' reads (with a key) get stale answers too, each partner its own; `off` by default, since a partner may read its own writes. */
  STALE_IF_ERROR_FOR_PARTNERS: onOff("off"),
};

export interface StaleOptions {
  STALE_IF_ERROR_SECONDS: number;
  STALE_IF_ERROR_FOR_PARTNERS: "on" | "off";
}

const SUBGRAPH_CODES = new Set<unknown>(Object.values(SubgraphErrorCode));

/** What `extensions.stale` says of an answer served instead of one with subgraph errors. */
export interface StaleMark {
  ageSeconds: number;
  because: string[];
}

export function responseCache(
  shared: SharedState | null,
  stale: StaleOptions = { STALE_IF_ERROR_SECONDS: 0, STALE_IF_ERROR_FOR_PARTNERS: "off" },
): { cache: KeyValueCache<string>; plugins: ApolloServerPlugin<GatewayContext>[] } {
  let cache: KeyValueCache<string>;
  let clear: () => Promise<void>;
  if (shared) {
    const redis = new TolerantCache(shared.keyv("response"), "response");
    cache = redis;
    clear = () => redis.clear();
    shared.onReconnect(() => void clear().catch(err => logger.warn({ err }, "response cache: could not empty after redis came back")));
  } else {
    const memory = new InMemoryLRUCache<string>({ maxSize: RESPONSE_CACHE_MIB * 2 ** 20 });
    cache = memory;
    clear = async () => memory.clear();
  }
  const anonymous = async ({ contextValue }: { contextValue: GatewayContext }) => !contextValue.caller;
  // Requests answered with a stale copy: the response cache must not store that copy as a fresh answer.
  const servedStale = new WeakSet<GatewayContext>();
  const cachePlugin = responseCachePlugin<GatewayContext>({
    cache,
    shouldReadFromCache: anonymous,
    shouldWriteToCache: async context => !context.contextValue.caller && !servedStale.has(context.contextValue),
  });
  const emptyOnWrites: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation !== "mutation") return;
          await clear().catch(err => logger.warn({ err }, "response cache: could not empty"));
          // The other replicas forget what they keep in their own process about reads (reads in flight).
          await shared?.publish("write");
        },
      };
    },
  };
  const plugins = stale.STALE_IF_ERROR_SECONDS > 0 ? [staleIfError(cache, stale, servedStale), cachePlugin, emptyOnWrites] : [cachePlugin, emptyOnWrites];
  return { cache, plugins };
}

/** Keeps the last good answer of each read, and sends it instead of one with only subgraph errors. */
function staleIfError(cache: KeyValueCache<string>, options: StaleOptions, servedStale: WeakSet<GatewayContext>): ApolloServerPlugin<GatewayContext> {
  const partners = options.STALE_IF_ERROR_FOR_PARTNERS === "on";
  const keyOf = ({ request, source, contextValue }: GraphQLRequestContextWillSendResponse<GatewayContext>) => {
    const caller = contextValue.caller;
    const text = JSON.stringify([source ?? request.query, request.operationName ?? null, request.variables ?? {}, caller?.partnerId ?? null, caller?.admin ?? false]);
    return `stale:${createHash("sha256").update(text).digest("base64url")}`;
  };
  return {
    async requestDidStart() {
      return {
        async willSendResponse(context) {
          const { operation, response, contextValue } = context;
          if (operation?.operation !== "query" || response.body.kind !== "single") return;
          if (contextValue.caller && !partners) return;
          const result = response.body.singleResult;
          if (!result.errors) {
            // A response cache hit is the same answer as the copy already kept.
            if (context.metrics.responseCacheHit) return;
            const policy = context.overallCachePolicy.policyIfCacheable();
            // What the subgraphs allow to be cached, and public unless the partner's own copy is kept.
            if (!result.data || !policy || (policy.scope === "PRIVATE" && !contextValue.caller)) return;
            const value = JSON.stringify({ data: result.data, storedAt: Date.now() });
            await cache.set(keyOf(context), value, { ttl: options.STALE_IF_ERROR_SECONDS }).catch(err => logger.warn({ err }, "response cache: could not keep a stale copy"));
            return;
          }
          if (!result.errors.every(error => SUBGRAPH_CODES.has(error.extensions?.code))) return;
          // Decided before the first await: the response cache plugin then asks shouldWriteToCache.
          servedStale.add(contextValue);
          const kept = await cache.get(keyOf(context)).catch(() => undefined);
          if (!kept) return;
          const { data, storedAt } = JSON.parse(kept) as { data: Record<string, unknown>; storedAt: number };
          const ageSeconds = Math.max(0, Math.floor((Date.now() - storedAt) / 1000));
          if (ageSeconds > options.STALE_IF_ERROR_SECONDS) return;
          const because = [...new Set(result.errors.map(error => String(error.extensions?.subgraph ?? "unknown")))];
          const mark: StaleMark = { ageSeconds, because };
          response.body.singleResult = { data, extensions: { ...result.extensions, stale: mark } };
          response.http.headers.set("clusterhub-stale", `age=${ageSeconds}; because=${because.join(",")}`);
          response.http.headers.set("cache-control", "no-store");
          logger.info({ requestId: contextValue.requestId, ageSeconds, because }, "served a stale answer");
        },
      };
    },
  };
}
