import type { ApolloServerPlugin } from "@apollo/server";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { KeyvAdapter } from "@apollo/utils.keyvadapter";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import { createKeyv } from "@keyv/redis";
import { logger } from "../lib/logger";

/**
 * The gateway's response cache for reads. Every read of the graph is public (there are no callers or private data yet),
 * so whole responses are cached for as long as the subgraphs' Cache-Control headers allow: the gateway restricts a
 * response's policy by every subgraph response it used, and caches nothing when one of them says max-age=0.
 * Storage: in memory (50 MB, LRU) by default; Redis when REDIS_URL is set, shared by every gateway replica.
 */
export function responseCache(redisUrl: string | undefined): { cache: KeyValueCache<string>; plugin: ApolloServerPlugin } {
  let cache: KeyValueCache<string>;
  if (redisUrl) {
    const keyv = createKeyv(redisUrl, { namespace: "clusterhub-response" });
    keyv.on("error", (err: unknown) => logger.warn({ err }, "response cache: redis error"));
    cache = new KeyvAdapter(keyv as never);
  } else {
    cache = new InMemoryLRUCache<string>({ maxSize: 50 * 2 ** 20 });
  }
  return { cache, plugin: responseCachePlugin({ cache }) };
}
