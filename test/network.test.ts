import { readFileSync } from "node:fs";
import path from "node:path";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { gexfOf, graphmlOf, networkOf } from "../gateway/network";

const schema = buildSchema(readFileSync(path.resolve(__dirname, "../schema/api.graphql"), "utf8"));
const exported = (query: string) => {
  const document = parse(query);
  return { document, schema, operation: document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition") };
};

describe("the network of an answer", () => {
  const query = /* GraphQL */ `
    query Members { clusters { nodes { id name foundedYear memberships { id roles organisation { ...O } } } } }
    fragment O on Organisation { id name country }
  `;
  // A name with characters XML 1.0 cannot hold (a control character, a lone surrogate) and ones it must escape.
  const answer = {
    clusters: {
      nodes: [
        { id: "c1", name: "Klaster <&> \"1\"", foundedYear: 2007, memberships: [{ id: "m1", roles: ["FOUNDER", "MEMBER"], organisation: { id: "o1", name: "Bad\u0001Name\uD800", country: "PL" } }] },
        { id: "c2", name: "Другий", foundedYear: null, memberships: [{ id: "m2", roles: [], organisation: { id: "o1", name: "Bad\u0001Name\uD800", country: "PL" } }] },
      ],
    },
  };

  it("reads nodes and edges by their GraphQL types, through fragments, an organisation met twice one node", () => {
    const network = networkOf(answer, exported(query));
    expect(network.nodes()).toEqual(["cluster:c1", "organisation:o1", "cluster:c2"]);
    expect(network.mapEdges((edge, attributes, source, target) => [edge, source, target, attributes.roles])).toEqual([
      ["membership:m1", "organisation:o1", "cluster:c1", "FOUNDER; MEMBER"],
      ["membership:m2", "organisation:o1", "cluster:c2", undefined],
    ]);
  });

  it("writes GEXF and GraphML that their parsers read back, without the characters XML cannot hold", () => {
    const network = networkOf(answer, exported(query));
    for (const back of [parseGexf(Graph, gexfOf(network)), parseGraphml(Graph, [...graphmlOf(network)].join(""))]) {
      expect(back.order).toBe(3);
      expect(back.size).toBe(2);
      expect(back.getNodeAttributes("organisation:o1")).toMatchObject({ label: "BadName", country: "PL", type: "Organisation" });
      expect(back.getNodeAttributes("cluster:c1")).toMatchObject({ label: 'Klaster <&> "1"', foundedYear: 2007 });
    }
  });
});
