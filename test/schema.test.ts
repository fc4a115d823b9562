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
import { nonNullAcrossTheBoundary } from "../lib/subgraph/boundary";
import { generateSchemaFiles, SCHEMA_DIR } from "../scripts/schema";

/** The schema as dashboard builders see it: the supergraph without federation's own machinery. */
function publicTypes(supergraphSdl = readFileSync(path.join(SCHEMA_DIR, "supergraph.graphql"), "utf8")): GraphQLNamedType[] {
  const schema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  return Object.values(schema.getTypeMap()).filter(
    type => !isIntrospectionType(type) && !isSpecifiedScalarType(type) && !/^(join__|link__|_)/.test(type.name),
  );
}

describe("the checked-in schema", () => {
  it("is what the code generates (run `npm run schema` after changing a type)", async () => {
    const generated = await generateSchemaFiles();
    for (const [name, contents] of Object.entries(generated)) {
      expect(readFileSync(path.join(SCHEMA_DIR, name), "utf8"), `schema/${name} has drifted from the code`).toBe(contents);
    }
  });

  it("describes every type, field, argument and enum value of the supergraph", () => {
    const undescribed: string[] = [];
    for (const type of publicTypes()) {
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

  it("has no non-null field across the boundary between subgraphs in the supergraph (STYLE.md §11, docs/schema-changes.md)", () => {
    expect(nonNullAcrossTheBoundary(readFileSync(path.join(SCHEMA_DIR, "supergraph.graphql"), "utf8"))).toEqual([]);
  });

  it("offers the root fields of every subgraph", () => {
    const query = publicTypes().find(type => type.name === "Query");
    expect(isObjectType(query) && Object.keys(query.getFields()).sort()).toEqual(
      [
        "changes",
        "cluster",
        "clusterStats",
        "clusters",
        "event",
        "events",
        "fundingMatchesFor",
        "fundingOpportunities",
        "fundingOpportunity",
        "fundingProgramme",
        "fundingProgrammes",
        "fundingStats",
        "me",
        "memberCountSeries",
        "organisation",
        "organisationByIdentifier",
        "organisations",
        "partners",
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
