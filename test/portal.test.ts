import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { portalSchema } from "../gateway/portal";

const API = readFileSync(path.resolve(__dirname, "../schema/api.graphql"), "utf8");

describe("the portal's forms, read from the schema", () => {
  it("offers a form for every record type with an update mutation, its facts' lists, and the administrators' grants", () => {
    const schema = portalSchema();
    const cluster = schema.records.find(record => record.type === "Cluster")!;
    expect(cluster).toEqual(expect.objectContaining({ update: "updateCluster", input: "UpdateClusterInput", one: "cluster", list: "clusters", listMine: true }));
    expect(cluster.facts.map(fact => fact.field)).toEqual(expect.arrayContaining(["labels", "founded", "memberships"]));
    expect(cluster.facts.find(fact => fact.field === "labels")).toEqual(
      expect.objectContaining({ add: expect.objectContaining({ mutation: "addClusterLabel", returnsRecord: true }), retract: expect.objectContaining({ mutation: "retractClusterLabel" }) }),
    );
    // A membership answers itself, so its retraction expects the membership's own version.
    expect(cluster.facts.find(fact => fact.field === "memberships")?.retract).toEqual(expect.objectContaining({ mutation: "retractMembership", returnsRecord: false }));
    expect(schema.inputs.SourceInput.map(field => field.name)).toEqual(["title", "url", "document", "publishedOn", "language", "publisher"]);
    expect(schema.grants).toContainEqual({ type: "Cluster", mutation: "grantCluster" });
  });

  it("shows a field added to an input type with no change to the page", () => {
    const grown = buildSchema(API.replace("input UpdateClusterInput {", 'input UpdateClusterInput {\n  """The cluster\'s motto, as its source writes it."""\n  motto: String\n'));
    const motto = portalSchema(grown).inputs.UpdateClusterInput.find(field => field.name === "motto");
    expect(motto).toEqual({ name: "motto", description: "The cluster's motto, as its source writes it.", type: { kind: "SCALAR", name: "String", list: false, required: false } });
    expect(portalSchema().inputs.UpdateClusterInput.some(field => field.name === "motto")).toBe(false);
  });
});
