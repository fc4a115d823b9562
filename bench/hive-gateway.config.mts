import { createRequire } from "node:module";
import { defineConfig, type GatewayPlugin } from "@graphql-hive/gateway";

/**
 * The benchmark's Hive Gateway configuration (`hive-gateway supergraph … --config-path bench/hive-gateway.config.mts`):
 * every subgraph fetch carries the identity headers and the RFC 9421 signature our gateway sends, made with
 * GATEWAY_SECRET by bench/hive-signing.ts (lib/platform/signature.ts), so Hive Gateway gets through the subgraphs' gateway-only
 * check (lib/subgraph/gateway-only.ts) as Apollo Gateway does. Each fetch is signed on its own: a nonce serves once.
 */
const secret = process.env.GATEWAY_SECRET;
if (!secret) throw new Error("GATEWAY_SECRET must be set: Hive Gateway signs its subgraph requests with it");

// Hive loads this file as an ES module; lib/platform/signature.ts is CommonJS (it uses __dirname), so it comes through require,
// compiled by @swc-node/register as everywhere else in the repository.
const require = createRequire(import.meta.url);
require("@swc-node/register");
const { signHiveFetch } = require("./hive-signing.ts") as typeof import("./hive-signing.js");
const { gatewaySigningKey } = require("../lib/platform/signature.ts") as typeof import("../lib/platform/signature.js");

const signSubgraphRequests = (key: ReturnType<typeof gatewaySigningKey>): GatewayPlugin => ({
  onFetch({ url, options, setOptions }) {
    setOptions(signHiveFetch(key, url, options as Parameters<typeof signHiveFetch>[2]) as typeof options);
  },
});

export const gatewayConfig = defineConfig({ plugins: () => [signSubgraphRequests(gatewaySigningKey({ GATEWAY_SECRET: secret, GATEWAY_KEY_ID: process.env.GATEWAY_KEY_ID }))] });
