import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isIntrospectionType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { compose } from "../gateway/subgraph-config";
import { nonNullAcrossTheBoundary } from "../lib/subgraph/boundary";
import { generateSchemaFiles, SCHEMA_DIR } from "../scripts/schema";
import { REGISTERED } from "../services/registry";

/** The schema as dashboard builders see it: the supergraph without federation's own machinery. */
function publicTypes(supergraphSdl = readFileSync(path.join(SCHEMA_DIR, "supergraph.graphql"), "utf8")): GraphQLNamedType[] {
  const schema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  return Object.values(schema.getTypeMap()).filter(
    type => !isIntrospectionType(type) && !isSpecifiedScalarType(type) && !/^(join__|link__|_)/.test(type.name),
  );
}

/** The checked-in supergraph composed with the checked-in SDL of the events subgraph, as the gateway would serve it. */
function withEvents(): string {
  const sdl = (name: string) => readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), "utf8");
  const result = compose(REGISTERED.map(name => ({ name, url: `http://${name}`, sdl: sdl(name) })));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.supergraphSdl;
}

describe("the checked-in schema", () => {
  it("is what the code generates (run `npm run schema` after changing a type)", async () => {
    const generated = await generateSchemaFiles();
    for (const [name, contents] of Object.entries(generated)) {
      expect(readFileSync(path.join(SCHEMA_DIR, name), "utf8"), `schema/${name} has drifted from the code`).toBe(contents);
    }
  });

  it.each(["the supergraph", "the supergraph with the events partner subgraph"])("describes every type, field, argument and enum value of %s", which => {
    const undescribed: string[] = [];
    for (const type of publicTypes(which === "the supergraph" ? undefined : withEvents())) {
      if (!type.description && type.name !== "Query" && type.name !== "Mutation") undescribed.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undescribed.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : []) if (!arg.description) undescribed.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) undescribed.push(`${type.name}.${value.name}`);
    }
    expect(undescribed).toEqual([]);
  });

  it.each(["the supergraph", "the supergraph with the events partner subgraph"])(
    "has no non-null field across the boundary between subgraphs in %s (STYLE.md §11, docs/schema-changes.md)",
    which => {
      const sdl = which === "the supergraph" ? readFileSync(path.join(SCHEMA_DIR, "supergraph.graphql"), "utf8") : withEvents();
      expect(nonNullAcrossTheBoundary(sdl)).toEqual([]);
    },
  );

  it("offers the root fields of every subgraph", () => {
    const query = publicTypes().find(type => type.name === "Query");
    expect(isObjectType(query) && Object.keys(query.getFields()).sort()).toEqual(
      [
        "changes",
        "cluster",
        "clusterStats",
        "clusters",
        "fundingOpportunities",
        "fundingOpportunity",
        "fundingProgramme",
        "fundingProgrammes",
        "fundingStats",
        "memberCountSeries",
        "organisation",
        "organisations",
        "partnership",
        "partnershipMatrix",
        "partnerships",
        "search",
        "searchClusters",
        "searchFundingProgrammes",
        "searchOrganisations",
        "searchPartnerships",
        "webhookSubscriptions",
      ],
    );
  });

  it("offers builders the public API schema in schema/api.graphql: the supergraph's public types, without federation's machinery", () => {
    const sdl = readFileSync(path.join(SCHEMA_DIR, "api.graphql"), "utf8");
    expect(sdl).not.toMatch(/join__|link__|@link|@inaccessible|_Service|_Entity/);
    const api = buildSchema(sdl);
    const named = Object.values(api.getTypeMap()).filter(type => !isIntrospectionType(type) && !isSpecifiedScalarType(type));
    expect(named.map(type => type.name).sort()).toEqual(publicTypes().map(type => type.name).sort());
  });
});
