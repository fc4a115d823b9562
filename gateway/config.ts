import path from "node:path";
import { z } from "zod";
import { gatewaySigningConfig, nodeEnv, port, readConfig, requireKeyInProduction } from "../lib/platform/config";
import { SUBGRAPHS } from "../services/registry";
import { limitsEnvSchema } from "./limits-config";
import { staleEnvSchema } from "./cache";
import { sessionEnvSchema } from "./sessions";
import { subgraphPolicyEnvSchema } from "./subgraph-policy";

/** The gateway's port unless PORT says otherwise. */
export const GATEWAY_PORT = 4000;

/** The variable that points the gateway at a subgraph somewhere other than the supergraph file says. */
export const subgraphUrlVariable = (subgraph: string) => `${subgraph.toUpperCase()}_URL`;

/** The variables the gateway reads. */
export const gatewayEnvSchema = z.object({
    PORT: port(GATEWAY_PORT),
    HOST: z.string().default("127.0.0.1"),
    // The gateway's address as its clients reach it (behind a proxy, say), for the links of the /reconcile manifest;
    // without it they are made from the request's Host header.
    GATEWAY_PUBLIC_URL: z.string().url().regex(/^https?:\/\//, "must be an http:// or https:// URL").optional(),
    SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, "../schema/supergraph.graphql")),
    // `file`: serve the checked-in supergraph (production); `live`: compose from the running subgraphs (development).
    // `config`: compose the subgraphs listed in SUBGRAPHS_PATH, and again whenever that file changes (partner subgraphs).
    SUPERGRAPH_SOURCE: z.enum(["file", "live", "config"]).default("file"),
    SUBGRAPHS_PATH: z.string().default(path.resolve(__dirname, "../subgraphs.json")),
    SUBGRAPHS_POLL_MS: z.coerce.number().int().min(50).default(1000),
    // The Redis that gateway replicas share: rate limits, the response cache, persisted queries and word of writes
    // (docs/operations.md "Replicas"); without it, each in this process's memory.
    REDIS_URL: z.string().url().optional(),
    // What every key and channel of this deployment in that Redis begins with, so that several can share one Redis.
    REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.' or '-' only").default("clusterhub"),
    ...Object.fromEntries(SUBGRAPHS.map(name => [subgraphUrlVariable(name), z.string().url().optional()])),
    ...limitsEnvSchema,
    ...subgraphPolicyEnvSchema,
    ...staleEnvSchema,
    ...sessionEnvSchema,
    // After SIGTERM, how long /health/ready answers 503 while requests are still served, so that a load balancer stops
    // sending new ones before the gateway stops accepting them, in milliseconds.
    DRAIN_DELAY_MS: z.coerce.number().int().min(0).default(0),
    // The gateway's own database of partners and API keys; without it every key is refused and the graph is read-only.
    DATABASE_URL: z.string().url("must be a postgres:// URL of the gateway's own database").optional(),
    // `production` turns introspection off and requires the signing key; errors never carry a stack in any mode.
    NODE_ENV: nodeEnv,
    ...gatewaySigningConfig,
});

const gatewayConfigSchema = gatewayEnvSchema.superRefine(requireKeyInProduction(["GATEWAY_SECRET", "GATEWAY_SIGNING_KEY"])).transform(env => ({
    ...env,
    /** Subgraph URLs the environment sets, by subgraph name; the rest come from the supergraph. */
    subgraphUrls: Object.fromEntries(
      SUBGRAPHS.flatMap(name => {
        const url = (env as Record<string, unknown>)[subgraphUrlVariable(name)];
        return typeof url === "string" ? [[name, url]] : [];
      }),
    ) as Record<string, string>,
  }));

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** Reads and checks the gateway's environment. */
export const readGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => readConfig(gatewayConfigSchema, env);
