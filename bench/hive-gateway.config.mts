import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { defineConfig, type GatewayPlugin } from "@graphql-hive/gateway";

/**
 * The benchmark's Hive Gateway configuration (`hive-gateway supergraph … --config-path bench/hive-gateway.config.mts`):
 * every subgraph fetch carries the identity headers our gateway sends, signed with GATEWAY_SECRET by lib/signature.ts,
 * so Hive Gateway gets through the subgraphs' gateway-only check (lib/gateway-only.ts) as Apollo Gateway does. The
 * bench reads without a key, so each fetch is signed as nobody's, with a fresh request id.
 */
const secret = process.env.GATEWAY_SECRET;
if (!secret) throw new Error("GATEWAY_SECRET must be set: Hive Gateway signs its subgraph requests with it");

// Hive loads this file as an ES module; lib/signature.ts is CommonJS (it uses __dirname), so it comes through require,
// compiled by @swc-node/register as everywhere else in the repository.
const require = createRequire(import.meta.url);
require("@swc-node/register");
const { signIdentity } = require("../lib/signature.ts") as typeof import("../lib/signature.js");

const signSubgraphRequests = (key: string): GatewayPlugin => ({
  onFetch({ options, setOptions }) {
    const headers = new Headers(options.headers as ConstructorParameters<typeof Headers>[0]);
    for (const [name, value] of Object.entries(signIdentity(key, null, randomUUID()))) headers.set(name, value);
    setOptions({ ...options, headers: Object.fromEntries(headers) });
  },
});

export const gatewayConfig = defineConfig({ plugins: () => [signSubgraphRequests(secret)] });
