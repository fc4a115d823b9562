import { describe, expect, it } from "vitest";
import { graphOfItsOwn } from "./helpers/own-graph";

const PANEL = `{ partnerships(first: 5) { totalCount nodes { title kind } } }`;
const OTHER_PANEL = `{ partnerships(first: 2) { nodes { title } } }`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// A graph of its own: the test holds a subgraph still (SIGSTOP) so that requests are in flight together for certain.
describe("many dashboards loading the same panel at once", () => {
  const own = graphOfItsOwn("shared", { gatewayEnv: { CACHE_MAX_AGE: "0" } });

  /** The gateway's count of subgraph reads answered by an identical read's fetch. */
  async function sharedFetches(subgraph: string): Promise<number> {
    const text = await (await fetch(own.graph.gatewayUrl.replace(/\/graphql$/, "/metrics"))).text();
    const line = text.split("\n").find(l => l.startsWith(`clusterhub_gateway_subgraph_shared_fetches_total{subgraph="${subgraph}"}`));
    return line ? Number(line.split(" ").at(-1)) : 0;
  }

  /** Sends the requests while the partnerships subgraph is held still, so they are all in flight together. */
  async function together<T>(send: () => Promise<T>): Promise<T> {
    own.graph.signal("partnerships", "SIGSTOP");
    let sent: Promise<T>;
    try {
      sent = send();
      await sleep(500);
    } finally {
      own.graph.signal("partnerships", "SIGCONT");
    }
    return sent;
  }

  it("asks the subgraph once for identical reads in flight together, and each dashboard gets the whole answer", async () => {
    const alone = await own.client.statements();
    const expected = await own.client.data(PANEL);
    const perRead = (await own.client.statements()).partnerships - alone.partnerships;

    const sharedBefore = await sharedFetches("partnerships");
    const before = await own.client.statements();
    const [answers, other] = await together(() => Promise.all([Promise.all(Array.from({ length: 5 }, () => own.client.query(PANEL))), own.client.query(OTHER_PANEL)]));

    for (const answer of answers) expect(answer).toEqual({ status: 200, data: expected });
    expect(other.errors).toBeUndefined();
    expect(other.data.partnerships.nodes).toHaveLength(2);
    // Five identical reads: one fetch and four that shared it; the other panel is a read of its own.
    expect((await sharedFetches("partnerships")) - sharedBefore).toBe(4);
    const otherStatements = 1;
    expect((await own.client.statements()).partnerships - before.partnerships).toBe(perRead + otherStatements);
  });

  it("gives each request its own copy: a shared answer merged with other subgraphs' data stays whole for all", async () => {
    // The gateway merges the organisations subgraph's answer into the partnerships subgraph's; shared text, parsed
    // once per request, keeps one request's merge out of another's answer.
    const query = `{ partnerships(first: 3) { nodes { title parties { organisation { name } cluster { name } } } } }`;
    const expected = await own.client.data(query);
    const answers = await together(() => Promise.all(Array.from({ length: 4 }, () => own.client.query(query))));
    for (const answer of answers) expect(answer).toEqual({ status: 200, data: expected });
  });
});
