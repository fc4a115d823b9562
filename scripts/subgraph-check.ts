import "reflect-metadata";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { Supergraph } from "@apollo/federation-internals";
import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import type { GraphQLSchema } from "graphql";
import { compose, fetchSdl, readSubgraphConfig } from "../gateway/subgraph-config";
import { nonNullAcrossTheBoundary } from "../lib/subgraph/boundary";
import { SUBGRAPHS } from "../services/registry";
import { gatewaySigningKey, hmacKey } from "../lib/platform/signature";

const ROOT = path.resolve(__dirname, "..");

export interface CheckResult {
  /** Composition errors: with any, the gateway would refuse the candidate and keep the graph it has. */
  compositionErrors: string[];
  /** Non-null fields across the boundary between subgraphs (docs/schema-changes.md): each would let one subgraph's fault null its callers. */
  nonNullAcrossBoundary: string[];
  /** Every change to the public (API) schema against `schema/supergraph.graphql`. */
  changes: Change[];
  breaking: Change[];
}

const apiSchema = (supergraphSdl: string): GraphQLSchema => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

/**
 * Composes a candidate subgraph with today's graph (the subgraphs file; the SDL checked in under `schema/` for our
 * own subgraphs, the live SDL for partners') and compares the public schema with the checked-in supergraph; lists the
 * non-null fields across the boundary between subgraphs of the composed graph.
 */
export async function checkSubgraph(options: { name: string; sdl: string; url: string; configPath?: string; secret?: string }): Promise<CheckResult> {
  const signingKey = options.secret ? hmacKey(options.secret) : gatewaySigningKey(process.env);
  const today = readSubgraphConfig(options.configPath ?? path.join(ROOT, "subgraphs.json")).filter(entry => entry.name !== options.name);
  const subgraphs = await Promise.all(
    today.map(async entry => {
      const checkedIn = path.join(ROOT, "schema", `${entry.name}.graphql`);
      const ours = (SUBGRAPHS as readonly string[]).includes(entry.name) && existsSync(checkedIn);
      return { ...entry, sdl: ours ? readFileSync(checkedIn, "utf8") : await fetchSdl(entry.url, signingKey) };
    }),
  );
  const composition = compose([...subgraphs, { name: options.name, url: options.url, sdl: options.sdl }]);
  if (!composition.ok) return { compositionErrors: composition.errors, nonNullAcrossBoundary: [], changes: [], breaking: [] };
  const before = apiSchema(readFileSync(path.join(ROOT, "schema/supergraph.graphql"), "utf8"));
  const changes = await diff(before, apiSchema(composition.supergraphSdl));
  return {
    compositionErrors: [],
    nonNullAcrossBoundary: nonNullAcrossTheBoundary(composition.supergraphSdl),
    changes,
    breaking: changes.filter(c => c.criticality.level === CriticalityLevel.Breaking),
  };
}

/** `npm run subgraph:check -- --name N --url U [--sdl file.graphql]`: exit 1 if it does not compose, breaks clients or is non-null across the boundary. */
async function main() {
  const { values } = parseArgs({
    options: { name: { type: "string" }, url: { type: "string" }, sdl: { type: "string" }, config: { type: "string" }, verbose: { type: "boolean" } },
  });
  if (!values.name || !values.url) throw new Error("Usage: npm run subgraph:check -- --name <name> --url <http://host:port/graphql> [--sdl <file>] [--config <subgraphs.json>]");
  const sdl = values.sdl ? readFileSync(values.sdl, "utf8") : await fetchSdl(values.url, gatewaySigningKey(process.env));
  const result = await checkSubgraph({ name: values.name, url: values.url, sdl, configPath: values.config });
  if (result.compositionErrors.length) {
    console.log(`✗ ${values.name} does not compose with today's graph:\n${result.compositionErrors.map(e => `  - ${e}`).join("\n")}`);
    process.exitCode = 1;
    return;
  }
  console.log(`✓ ${values.name} composes with today's graph.`);
  if (result.nonNullAcrossBoundary.length) {
    console.log(`✗ ${result.nonNullAcrossBoundary.length} non-null field(s) across the boundary between subgraphs:\n${result.nonNullAcrossBoundary.map(e => `  - ${e}`).join("\n")}`);
    process.exitCode = 1;
  }
  const shown = values.verbose ? result.changes : result.changes.filter(c => c.criticality.level !== CriticalityLevel.NonBreaking);
  for (const change of shown) console.log(`  ${change.criticality.level.padEnd(13)} ${change.message}`);
  if (result.breaking.length) {
    console.log(`✗ ${result.breaking.length} breaking change(s) against schema/supergraph.graphql.`);
    process.exitCode = 1;
  } else {
    console.log(`✓ No breaking changes against schema/supergraph.graphql (${result.changes.length} change(s) in all; --verbose lists them).`);
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
