import { describe, expect, it } from "vitest";
import { compose } from "../gateway/subgraph-config";
import { boundaryFields, nonNullAcrossTheBoundary } from "../lib/subgraph/boundary";
import { checkSubgraph } from "../scripts/subgraph-check";

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;

/** Two subgraphs: shops owns Shop; reviews adds to it, owns Review, and references Shop and the shops' Owner. */
const SHOPS = /* GraphQL */ `
  ${LINK}
  type Query { shop(id: ID!): Shop, shops: [Shop!]! }
  type Shop @key(fields: "id") { id: ID! name: String! city: String owner: Owner! tags: [Tag!]! }
  type Owner @key(fields: "id") { id: ID! name: String! }
  type Tag { label: String! }
`;

function supergraph(reviews: string): string {
  const result = compose([
    { name: "shops", url: "http://shops", sdl: SHOPS },
    { name: "reviews", url: "http://reviews", sdl: `${LINK}\n${reviews}` },
  ]);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.supergraphSdl;
}

describe("the boundary between subgraphs", () => {
  it("finds the fields a subgraph adds to another's entity and the references it makes to another's entities", () => {
    const sdl = supergraph(/* GraphQL */ `
      type Query { review(id: ID!): Review }
      type Shop @key(fields: "id") { id: ID! rating: Float! reviews: [Review!] }
      type Owner @key(fields: "id") { id: ID! }
      type Review @key(fields: "id") { id: ID! stars: Int! shop: Shop! owner: Owner author: Author! }
      type Author { name: String! }
    `);
    expect(boundaryFields(sdl)).toEqual([
      { coordinate: "Review.owner", subgraph: "reviews", crossing: "reference", owner: "shops", nullable: true },
      { coordinate: "Review.shop", subgraph: "reviews", crossing: "reference", owner: "shops", nullable: false },
      { coordinate: "Shop.rating", subgraph: "reviews", crossing: "contributed", owner: "shops", nullable: false },
      { coordinate: "Shop.reviews", subgraph: "reviews", crossing: "contributed", owner: "shops", nullable: true },
    ]);
  });

  it("leaves out the key fields, the owner's own fields and references, and value types", () => {
    const coordinates = boundaryFields(supergraph(`type Shop @key(fields: "id") { id: ID! rating: Float }`)).map(field => field.coordinate);
    expect(coordinates).toEqual(["Shop.rating"]);
  });

  it("names no owner when two subgraphs resolve as many of an entity's fields: then each of them contributes, and every reference to it crosses", () => {
    const tie = compose([
      { name: "left", url: "http://left", sdl: `${LINK}\ntype Query { thing: Thing } type Thing @key(fields: "id") { id: ID! a: Int }` },
      { name: "right", url: "http://right", sdl: `${LINK}\ntype Thing @key(fields: "id") { id: ID! b: Int! }` },
    ]);
    if (!tie.ok) throw new Error(tie.errors.join("\n"));
    expect(boundaryFields(tie.supergraphSdl)).toEqual([
      { coordinate: "Query.thing", subgraph: "left", crossing: "reference", owner: undefined, nullable: true },
      { coordinate: "Thing.a", subgraph: "left", crossing: "contributed", owner: undefined, nullable: true },
      { coordinate: "Thing.b", subgraph: "right", crossing: "contributed", owner: undefined, nullable: false },
    ]);
  });

  it("refuses a non-null field across the boundary, naming it and its subgraph", () => {
    const sdl = supergraph(/* GraphQL */ `
      type Shop @key(fields: "id") { id: ID! rating: Float! }
      type Review @key(fields: "id") { id: ID! shop: Shop! }
      type Query { review(id: ID!): Review }
    `);
    const refusals = nonNullAcrossTheBoundary(sdl);
    expect(refusals).toHaveLength(2);
    expect(refusals[1]).toMatch(/^Shop\.rating \(from the reviews subgraph\) is added to Shop, which the shops subgraph owns, and must be nullable/);
    expect(refusals[0]).toMatch(/^Review\.shop \(from the reviews subgraph\) is a reference to the shops subgraph's entity and must be nullable/);
  });

  it("accepts a graph whose every field across the boundary is nullable", () => {
    expect(nonNullAcrossTheBoundary(supergraph(`type Shop @key(fields: "id") { id: ID! rating: Float reviews: [Int!] }`))).toEqual([]);
  });

  it("is checked by `npm run subgraph:check`: a partner's subgraph that adds a non-null field to our Cluster is refused, naming it", async () => {
    const sdl = /* GraphQL */ `
      ${LINK}
      type Query { tours: [Tour!]! }
      type Tour @key(fields: "id") { id: ID! cluster: Cluster }
      type Cluster @key(fields: "id") { id: ID! foo: String! tours: [Tour!] }
    `;
    const check = await checkSubgraph({ name: "tours", url: "http://127.0.0.1:4099/graphql", sdl, secret: "unused: no partner subgraph is fetched" });
    expect(check.compositionErrors).toEqual([]);
    expect(check.nonNullAcrossBoundary).toEqual([expect.stringMatching(/^Cluster\.foo \(from the tours subgraph\) is added to Cluster, which the clusters subgraph owns, and must be nullable/)]);
  });
});
