import { z } from "zod";
import { DEFAULT_KEY_ID, readKey } from "./signature";

/** Validates the environment against a schema and fails with every bad variable named. */
export function readConfig<S extends z.ZodTypeAny>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(issue => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  return result.data;
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const onOff = (fallback: "on" | "off") => z.enum(["on", "off"]).default(fallback);

/** An Ed25519 key in an environment variable: PEM text, or the base64 of its PEM or DER form. */
const ed25519Key = (kind: "private" | "public") =>
  z.string().refine(
    text => {
      try {
        readKey(text, kind);
        return true;
      } catch {
        return false;
      }
    },
    `must be an Ed25519 ${kind === "private" ? "private key (PKCS#8)" : "public key (SPKI)"}, as PEM or the base64 of its PEM or DER`,
  );

export const nodeEnv = z.enum(["development", "production", "test"]).default("development");

/** The shared HMAC secret and the key id every signature names; unset in development, a generated secret in `.data/` is used. */
export const gatewaySecretConfig = {
  GATEWAY_SECRET: z.string().min(32, "must be at least 32 characters of random text").optional(),
  GATEWAY_KEY_ID: z.string().regex(/^[\w.:-]{1,100}$/, "must be 1-100 letters, digits, _ . : -").default(DEFAULT_KEY_ID),
};

/** What the gateway signs subgraph requests with: GATEWAY_SIGNING_KEY (Ed25519) if set, else GATEWAY_SECRET (HMAC). */
export const gatewaySigningConfig = {
  ...gatewaySecretConfig,
  GATEWAY_SIGNING_KEY: ed25519Key("private").optional(),
};

/** What a subgraph checks the gateway's signatures with: GATEWAY_VERIFY_KEY (Ed25519 public key) and/or GATEWAY_SECRET. */
export const gatewayVerifyingConfig = {
  ...gatewaySecretConfig,
  GATEWAY_VERIFY_KEY: ed25519Key("public").optional(),
};

/** Finding 9: in production a process without its key refuses to start rather than make up a development secret. */
export const requireKeyInProduction =
  (variables: readonly string[]) =>
  (env: Record<string, unknown>, context: z.RefinementCtx): void => {
    if (env.NODE_ENV !== "production" || variables.some(name => env[name])) return;
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: [variables[0]],
      message: `must be set in production (or ${variables.slice(1).join(", ")}): the gateway signs subgraph requests with it, and no development secret is made`,
    });
  };

/** What every subgraph process reads: its port, its database and whether to load the sample data. */
export const subgraphConfigSchema = (defaultPort: number) =>
  z.object({
    PORT: port(defaultPort),
    HOST: z.string().default("127.0.0.1"),
    DATABASE_URL: z.string().url("must be a postgres:// URL of the subgraph's own database"),
    SAMPLE_DATA: onOff("on"),
    NODE_ENV: nodeEnv,
    ...gatewayVerifyingConfig,
    // The URL the gateway reaches this subgraph at, whose scheme and authority a signature must name; by default the
    // address it listens on. Set it behind a proxy or in containers (http://clusters:4002/graphql).
    PUBLIC_URL: z.string().url("must be the http(s)://host:port/graphql the gateway sends this subgraph's requests to").optional(),
    // `accept`: take signatures without a nonce (a Grafbase Gateway without signature_parameters = ["nonce"]); they can
    // then be replayed while fresh. `refuse` (the default) is what our gateway needs.
    SIGNATURES_WITHOUT_NONCE: z.enum(["refuse", "accept"]).default("refuse"),
    // Seconds a read may be cached (Cache-Control max-age of every answer); 0 turns the gateway's response cache off.
    CACHE_MAX_AGE: z.coerce.number().int().min(0).default(60),
  });

export type SubgraphConfig = z.infer<ReturnType<typeof subgraphConfigSchema>>;

/** The subgraph's variables, refused at start in production without a key to check signatures with. */
export const checkedSubgraphConfigSchema = (defaultPort: number) =>
  subgraphConfigSchema(defaultPort).superRefine(requireKeyInProduction(["GATEWAY_SECRET", "GATEWAY_VERIFY_KEY"]));
