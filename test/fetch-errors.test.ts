import { GraphQLError, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { fetchedFieldPaths, FieldPathErrors } from "../gateway/fetch-errors";

describe("a failed subgraph fetch", () => {
  it("names every root field the fetch asked for", () => {
    expect(fetchedFieldPaths(parse(`{ __typename a: partnership(id: "x") { title } partnerships { totalCount } }`), {})).toEqual([["a"], ["partnerships"]]);
  });

  it("names every field of every entity of an entity fetch, through fragments and by type", () => {
    const document = parse(/* GraphQL */ `
      query Q($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Cluster { __typename partnerships { id } ...F } ... on Organisation { funding { role } } }
      }
      fragment F on Cluster { f: funding { role } }
    `);
    const representations = [{ __typename: "Cluster", id: "a" }, { __typename: "Organisation", id: "b" }];
    expect(fetchedFieldPaths(document, { representations })).toEqual([
      ["_entities", 0, "partnerships"],
      ["_entities", 0, "f"],
      ["_entities", 1, "funding"],
    ]);
  });

  it("comes back as the subgraph's errors at those fields, and any other failure is thrown as it was", async () => {
    const failing = (error: Error) => new FieldPathErrors({ process: () => Promise.reject(error) });
    const request = { query: `{ partnership(id: "x") { title } }` };
    const timeout = new GraphQLError("The partnerships subgraph did not answer within 5 ms", { extensions: { code: "SUBGRAPH_TIMEOUT", subgraph: "partnerships" } });
    expect(await failing(timeout).process({ request } as never)).toEqual({
      errors: [{ message: timeout.message, path: ["partnership"], extensions: { code: "SUBGRAPH_TIMEOUT", subgraph: "partnerships" } }],
    });
    await expect(failing(new Error("boom")).process({ request } as never)).rejects.toThrow("boom");
  });
});
