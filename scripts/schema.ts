import "reflect-metadata";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { Supergraph } from "@apollo/federation-internals";
import { execute, parse, printSchema, type GraphQLSchema } from "graphql";
import { buildPartnersSchema, PARTNERS_SUBGRAPH, PARTNERS_SUBGRAPH_URL } from "../gateway/partners-graph";
import { loadSubgraphs, PARTNER_SUBGRAPHS } from "../services/registry";

export const SCHEMA_DIR = path.resolve(__dirname, "../schema");

/** Where the checked-in supergraph says each subgraph listens; the gateway's config may point elsewhere. */
export const defaultSubgraphUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;

/** A subgraph's SDL exactly as it serves it to composition (`_service { sdl }`). */
export async function servedSdl(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: parse("{ _service { sdl } }") });
  if (result.errors?.length) throw result.errors[0];
  return (result.data as { _service: { sdl: string } })._service.sdl;
}

/**
 * The public API schema: the supergraph without federation's machinery (join__, link__, @inaccessible), what a client
 * sees when it introspects the gateway. Checked in as schema/api.graphql for code generators when introspection is off.
 */
export const apiSchemaSdl = (supergraphSdl: string) => `${printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema()).trim()}\n`;

/** Prints every subgraph's SDL, composes the supergraph and prints its API schema: file name -> contents. */
export async function generateSchemaFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const services = [];
  for (const subgraph of await loadSubgraphs()) {
    const sdl = await servedSdl(await subgraph.buildSchema());
    files[`${subgraph.name}.graphql`] = `${sdl.trim()}\n`;
    services.push({ name: subgraph.name, typeDefs: parse(sdl), url: defaultSubgraphUrl(subgraph.port) });
  }
  // The partners subgraph is answered inside the gateway (gateway/partners-graph.ts), but composes like any other.
  const partners = await servedSdl(await buildPartnersSchema());
  files[`${PARTNERS_SUBGRAPH}.graphql`] = `${partners.trim()}\n`;
  services.push({ name: PARTNERS_SUBGRAPH, typeDefs: parse(partners), url: PARTNERS_SUBGRAPH_URL });
  const composition = composeServices(services);
  if (composition.errors) throw new Error(`Composition failed:\n${composition.errors.map(e => e.message).join("\n")}`);
  files["supergraph.graphql"] = `${composition.supergraphSdl.trim()}\n`;
  files["api.graphql"] = apiSchemaSdl(composition.supergraphSdl);
  // Partner subgraphs kept here are printed too (and drift-tested), but join the graph only through subgraphs.json.
  for (const subgraph of await loadSubgraphs(PARTNER_SUBGRAPHS)) files[`${subgraph.name}.graphql`] = `${(await servedSdl(await subgraph.buildSchema())).trim()}\n`;
  return files;
}

if (require.main === module) {
  generateSchemaFiles().then(
    files => {
      mkdirSync(SCHEMA_DIR, { recursive: true });
      for (const [name, contents] of Object.entries(files)) writeFileSync(path.join(SCHEMA_DIR, name), contents);
      console.log(`wrote ${Object.keys(files).map(name => `schema/${name}`).join(", ")}`);
    },
    error => {
      console.error(error);
      process.exit(1);
    },
  );
}
