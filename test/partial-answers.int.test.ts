import { describe, expect, it } from "vitest";
import { postQuery } from "./helpers/graph";
import { graphOfItsOwn } from "./helpers/own-graph";

const TIMEOUT_MS = 1000;

/** The error each cluster of the page gets for a field its subgraph could not give, at that field's path. */
const perCluster = (count: number, code: string, subgraph: string, field: (i: number) => (string | number)[]) =>
  Array.from({ length: count }, (_, i) => expect.objectContaining({ path: ["clusters", "nodes", i, ...field(i)], extensions: expect.objectContaining({ code, subgraph }) }));

// A graph of its own: subgraphs are hung and stopped here.
describe("a failing subgraph costs only its own fields", () => {
  const own = graphOfItsOwn("partial-answers", { gatewayEnv: { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS) } });
  const ask = (query: string) => postQuery(own.graph.gatewayUrl, query);

  it("lists every cluster with its name while the partnerships subgraph hangs, its partnerships null and named at each", async () => {
    own.graph.signal("partnerships", "SIGSTOP");
    try {
      const answer = await ask(/* GraphQL */ `
        query ClustersWithPartnerships { clusters(first: 5) { nodes { name partnerships { __typename } } } }
      `);
      expect(answer.status).toBe(200);
      expect(answer.data.clusters.nodes).toHaveLength(5);
      expect(answer.data.clusters.nodes).toEqual(Array.from({ length: 5 }, () => ({ name: expect.any(String), partnerships: null })));
      expect(answer.errors).toEqual(perCluster(5, "SUBGRAPH_TIMEOUT", "partnerships", () => ["partnerships"]));
      expect(answer.errors?.[0].message).toBe(`The partnerships subgraph did not answer within ${TIMEOUT_MS} ms`);
    } finally {
      own.graph.signal("partnerships", "SIGCONT");
    }
  });

  it("lists every cluster with its name while the funding subgraph is stopped, its funding null and named at each", async () => {
    await own.graph.stopSubgraph("funding");
    try {
      const answer = await ask(/* GraphQL */ `
        query ClustersWithFunding { clusters(first: 5) { nodes { name funding { role programme { name } } } } }
      `);
      expect(answer.status).toBe(200);
      expect(answer.data.clusters.nodes).toEqual(Array.from({ length: 5 }, () => ({ name: expect.any(String), funding: null })));
      expect(answer.errors).toEqual(perCluster(5, "SUBGRAPH_UNAVAILABLE", "funding", () => ["funding"]));
    } finally {
      await own.graph.startSubgraph("funding");
    }
    const back = await ask(`{ clusters(first: 5) { nodes { funding { role } } } }`);
    expect(back.errors).toBeUndefined();
    expect(back.data.clusters.nodes.every((node: { funding: unknown }) => Array.isArray(node.funding))).toBe(true);
  });

  it("keeps every cluster's memberships while the organisations subgraph is stopped, each organisation null and named", async () => {
    const before = await ask(`{ clusters(first: 5) { nodes { name memberships { roles } } } }`);
    await own.graph.stopSubgraph("organisations");
    try {
      const answer = await ask(/* GraphQL */ `
        query ClusterMembers { clusters(first: 5) { nodes { name memberships { roles organisation { name } } } } }
      `);
      expect(answer.status).toBe(200);
      const nodes = before.data.clusters.nodes as { name: string; memberships: { roles: string[] }[] }[];
      expect(nodes.some(node => node.memberships.length > 0)).toBe(true);
      expect(answer.data.clusters.nodes).toEqual(nodes.map(node => ({ ...node, memberships: node.memberships.map(m => ({ ...m, organisation: null })) })));
      const paths = nodes.flatMap((node, i) => node.memberships.map((_, j) => ["clusters", "nodes", i, "memberships", j, "organisation", "name"]));
      expect(answer.errors?.map(error => error.path)).toEqual(paths);
      for (const error of answer.errors ?? []) expect(error.extensions).toEqual(expect.objectContaining({ code: "SUBGRAPH_UNAVAILABLE", subgraph: "organisations" }));
    } finally {
      await own.graph.startSubgraph("organisations");
    }
  });
});
