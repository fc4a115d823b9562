import "reflect-metadata";
import { readGatewayConfig } from "../gateway/config";
import { runGateway } from "../gateway/gateway";
import { subgraphDatabaseUrl } from "../lib/database";
import { runSubgraph } from "../lib/subgraph-server";
import { subgraphs } from "../scripts/subgraphs";

/**
 * The benchmark's one-process variant: the four subgraphs and the gateway in ONE Node process, on the databases the
 * graph already filled (SERVER_URL names them). The gateway still plans and fetches over loopback HTTP; what goes is
 * the separate processes (five event loops and heaps competing for two cores). GATEWAY_SECRET and the rate limits come
 * from bench/run.ts, as for the separate processes.
 */
async function main() {
  const serverUrl = process.env.SERVER_URL;
  if (!serverUrl) throw new Error("SERVER_URL must name the server and database prefix, e.g. postgres://.../synthetic");
  const secret = process.env.GATEWAY_SECRET;
  if (!secret) throw new Error("GATEWAY_SECRET must be set: the subgraphs accept only requests the gateway signed with it");
  const running = await Promise.all(
    subgraphs.map(async subgraph => {
      const sub = await runSubgraph(subgraph, {
        PORT: 0,
        HOST: "127.0.0.1",
        DATABASE_URL: subgraphDatabaseUrl(serverUrl, subgraph.name),
        SAMPLE_DATA: "off",
        NODE_ENV: "production",
        GATEWAY_SECRET: secret,
        CACHE_MAX_AGE: Number(process.env.CACHE_MAX_AGE ?? 0),
      });
      return [subgraph.name, sub.url] as const;
    }),
  );
  const gateway = await runGateway(
    readGatewayConfig({
      PORT: "0",
      GATEWAY_SECRET: secret,
      RATE_LIMIT_PER_ADDRESS: process.env.RATE_LIMIT_PER_ADDRESS,
      RATE_LIMIT_PER_KEY: process.env.RATE_LIMIT_PER_KEY,
      ...Object.fromEntries(running.map(([name, url]) => [`${name.toUpperCase()}_URL`, url])),
    }),
  );
  process.send?.({ type: "ready", url: gateway.url, subgraphUrls: Object.fromEntries(running) });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
