import type { ApolloServerPlugin } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { createKeyv } from "@keyv/redis";
import { logger } from "../lib/logger";
import type { GatewayContext } from "./identity";

/**
 * The gateway's response cache for public reads. Whole responses of anonymous queries are cached for as long as the
 * subgraphs' Cache-Control headers allow: the gateway restricts a response's policy by every subgraph response it
 * used, and caches nothing when one of them says max-age=0. A partner's requests (with a key) neither read nor fill
 * it, and every write through this gateway empties it, so a partner reads its own write at once.
 * Storage: in memory (a 16 MiB LRU) by default; Redis when REDIS_URL is set, shared by every gateway replica.
 */
// Counted in characters of response JSON: up to twice as many bytes of heap for Cyrillic answers (docs/performance.md "Memory").
const RESPONSE_CACHE_MIB = 16;

export function responseCache(redisUrl: string | undefined): { cache: KeyValueCache<string>; plugins: ApolloServerPlugin<GatewayContext>[] } {
  let cache: KeyValueCache<string>;
  let clear: () => Promise<void>;
  if (redisUrl) {
    const keyv = createKeyv(redisUrl, { namespace: "clusterhub-response" });
    keyv.on("error", (err: unknown) => logger.warn({ err }, "response cache: redis error"));
    cache = new KeyvAdapter(keyv as never);
    clear = () => keyv.clear();
  } else {
    const memory = new InMemoryLRUCache<string>({ maxSize: RESPONSE_CACHE_MIB * 2 ** 20 });
    cache = memory;
    clear = async () => memory.clear();
  }
  const anonymous = async ({ contextValue }: { contextValue: GatewayContext }) => !contextValue.caller;
  const cachePlugin = responseCachePlugin<GatewayContext>({ cache, shouldReadFromCache: anonymous, shouldWriteToCache: anonymous });
  const emptyOnWrites: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      return {
        async willSendResponse({ operation }) {
          if (operation?.operation === "mutation") await clear().catch(err => logger.warn({ err }, "response cache: could not empty"));
        },
      };
    },
  };
  return { cache, plugins: [cachePlugin, emptyOnWrites] };
}
