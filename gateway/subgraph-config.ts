import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import type { SupergraphSdlHook } from "@apollo/gateway";
import { parse } from "graphql";
import { z } from "zod";
import { logger } from "../lib/platform/logger";
import { signSubgraphRequest, type SigningKey } from "../lib/platform/signature";

/** `subgraphs.json`: every subgraph of the graph, ours and partners', by name and URL. */
export const subgraphConfigFileSchema = z.object({
  subgraphs: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower-case letters, digits and _ (it names a subgraph in the supergraph)"),
        url: z.string().url("must be the subgraph's http(s)://.../graphql URL"),
        owner: z.string().optional(),
      }),
    )
    .min(1)
    .refine(list => new Set(list.map(s => s.name)).size === list.length, "every subgraph needs a name of its own"),
});

export type SubgraphEntry = z.infer<typeof subgraphConfigFileSchema>["subgraphs"][number];

/** Reads and checks the subgraphs file; throws with every problem named. */
export function readSubgraphConfig(file: string): SubgraphEntry[] {
  const parsed = subgraphConfigFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map(i => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data.subgraphs;
}

/** A subgraph's SDL as it serves it to composition, asked for with the gateway's signature. */
export async function fetchSdl(url: string, signingKey: SigningKey): Promise<string> {
  const request = JSON.stringify({ query: "{ _service { sdl } }" });
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...signSubgraphRequest(signingKey, { method: "POST", url, body: request, caller: null, requestId: `composition-${randomUUID()}` }) },
    body: request,
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(`${url} gave no SDL: ${body.errors?.map(e => e.message).join("; ") ?? `HTTP ${response.status}`}`);
  return sdl;
}

/**
 * The `partners` subgraph: the partner store's root fields (keys, partners), served inside the gateway's process over
 * the gateway's own database, where the keys are checked (docs/decisions/0010-partners-in-gateway.md).
 */
export const PARTNERS_SUBGRAPH = "partners";
/** Where the supergraph says it is: nowhere on the network, since the gateway answers it itself. */
export const PARTNERS_SUBGRAPH_URL = "http://in-gateway.invalid/partners";
/** Its SDL as `npm run schema` prints it (checked in, drift-tested), for compositions from subgraphs.json. */
export const PARTNERS_SDL = path.resolve(__dirname, "../schema/partners.graphql");

export type Composition = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/**
 * Composes subgraphs given by name, URL and SDL, with the partners subgraph the gateway answers itself (its checked-in
 * SDL, gateway/partners-graph.ts): the supergraph, or every composition error.
 */
export function compose(subgraphs: { name: string; url: string; sdl: string }[]): Composition {
  try {
    const inGateway = { name: PARTNERS_SUBGRAPH, url: PARTNERS_SUBGRAPH_URL, sdl: readFileSync(PARTNERS_SDL, "utf8") };
    const all = subgraphs.some(s => s.name === PARTNERS_SUBGRAPH) ? subgraphs : [...subgraphs, inGateway];
    const result = composeServices(all.map(s => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
    if (result.errors) return { ok: false, errors: result.errors.map(e => e.message) };
    return { ok: true, supergraphSdl: result.supergraphSdl };
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
}

/** Reads the file, asks every subgraph for its SDL and composes: the supergraph, or why there is none. */
export async function composeFromConfig(file: string, overrides: Record<string, string>, signingKey: SigningKey): Promise<Composition> {
  try {
    const entries = readSubgraphConfig(file).map(entry => ({ ...entry, url: overrides[entry.name] ?? entry.url }));
    const sdls = await Promise.all(entries.map(async entry => ({ ...entry, sdl: await fetchSdl(entry.url, signingKey) })));
    return compose(sdls);
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
}

/**
 * The gateway's supergraph from `subgraphs.json`: composed at start, then again whenever the file changes. A new
 * supergraph replaces the one served only if it composes; otherwise the last good one stays and the log says why.
 */
export function configSupergraph(options: { file: string; overrides: Record<string, string>; signingKey: SigningKey; pollMs: number }): SupergraphSdlHook {
  return async ({ update }) => {
    const first = await composeFromConfig(options.file, options.overrides, options.signingKey);
    if (!first.ok) throw new Error(`The subgraphs in ${options.file} do not compose:\n${first.errors.join("\n")}`);
    let current = first.supergraphSdl;
    let pending = Promise.resolve();
    const recompose = () =>
      (pending = pending.then(async () => {
        const next = await composeFromConfig(options.file, options.overrides, options.signingKey);
        if (!next.ok) {
          logger.error({ file: options.file, errors: next.errors }, "subgraphs changed but do not compose; still serving the last good supergraph");
          return;
        }
        if (next.supergraphSdl === current) return;
        current = next.supergraphSdl;
        update(current);
        logger.info({ file: options.file, subgraphs: readSubgraphConfig(options.file).map(s => s.name) }, "composed and serving a new supergraph");
      }));
    // Polling, not fs.watch: it sees editors that replace the file, and network file systems.
    watchFile(options.file, { interval: options.pollMs }, () => void recompose());
    return { supergraphSdl: current, cleanup: async () => unwatchFile(options.file) };
  };
}
