import net from "node:net";
import { describe, expect, it } from "vitest";
import { postQuery } from "./helpers/graph";
import { graphOfItsOwn } from "./helpers/own-graph";

const POLICY = { initialDelayMs: 200, maxDelayMs: 1000, maxRestarts: 3, windowMs: 60_000 };
const ACROSS = /* GraphQL */ `
  query Across {
    cluster(id: "lubelska-medycyna") { name }
    fundingProgrammes { totalCount }
  }
`;
const ANSWER = { status: 200, data: { cluster: { name: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych" }, fundingProgrammes: { totalCount: 3 } } };

async function eventually<T>(work: () => Promise<T>, done: (value: T) => boolean, withinMs = 20_000): Promise<T> {
  const until = Date.now() + withinMs;
  for (;;) {
    const value = await work().catch(error => error as T);
    if (done(value) || Date.now() > until) return value;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

// A graph of its own with the supervisor on (as `npm start` has it), with short delays so that the stories are quick.
describe("supervision", () => {
  const logs: { service: string; line: string }[] = [];
  const own = graphOfItsOwn("supervision", { logLevel: "warn", supervise: POLICY, onLog: (service, line) => void logs.push({ service, line }) });
  const supervisorSaid = () => logs.filter(l => l.service === "supervisor").map(l => JSON.parse(l.line) as Record<string, unknown>);
  const ask = () => postQuery(own.graph.gatewayUrl, ACROSS);

  it("restarts a gateway that was killed, on the same address, and logs that the graph was down and is back", async () => {
    const before = own.graph.pid("gateway");
    own.graph.signal("gateway", "SIGKILL");
    await own.graph.exited("gateway");
    await expect(fetch(own.graph.gatewayUrl)).rejects.toThrow();

    expect(await eventually(ask, answer => answer?.status === 200, 20_000)).toEqual(ANSWER);
    expect(own.graph.pid("gateway")).not.toBe(before);
    expect(supervisorSaid()).toEqual([
      expect.objectContaining({ process: "gateway", signal: "SIGKILL", msg: "graph is down: the gateway is not running" }),
      expect.objectContaining({ process: "gateway", signal: "SIGKILL", code: null, attempt: 1, delayMs: POLICY.initialDelayMs, msg: expect.stringContaining("gateway exited unexpectedly") }),
      expect.objectContaining({ process: "gateway", attempt: 1, msg: `graph is back at ${own.graph.gatewayUrl}` }),
    ]);
  });

  it("restarts a subgraph that was killed, on its port, so that the gateway finds it again", async () => {
    logs.length = 0;
    own.graph.signal("funding", "SIGKILL");
    await own.graph.exited("funding");
    const down = await ask();
    expect(down.errors?.map(e => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);

    expect(await eventually(ask, answer => !answer?.errors, 20_000)).toEqual(ANSWER);
    expect(supervisorSaid()).toEqual([
      expect.objectContaining({ process: "funding", signal: "SIGKILL", attempt: 1, delayMs: POLICY.initialDelayMs }),
      expect.objectContaining({ process: "funding", msg: "funding is back" }),
    ]);
  });

  it("leaves a subgraph stopped on purpose down until it is started again", async () => {
    logs.length = 0;
    await own.graph.stopSubgraph("funding");
    await new Promise(resolve => setTimeout(resolve, POLICY.initialDelayMs * 5));
    expect((await ask()).errors?.map(e => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    expect(supervisorSaid()).toEqual([]);

    await own.graph.startSubgraph("funding");
    expect(await ask()).toEqual(ANSWER);
  });

  it("gives up on a gateway that keeps dying (its port taken), stops the whole graph and says why", async () => {
    logs.length = 0;
    const { port } = new URL(own.graph.gatewayUrl);
    own.graph.signal("gateway", "SIGKILL");
    await own.graph.exited("gateway");
    // Someone else takes the gateway's port: every restart dies at start with EADDRINUSE.
    const squatter = net.createServer(socket => socket.destroy());
    await new Promise<void>(resolve => squatter.listen(Number(port), "127.0.0.1", resolve));
    try {
      // One restart in the window already (the first story), then two more fail: the fourth death is one too many.
      expect(await own.graph.failed).toEqual({ process: "gateway", restarts: POLICY.maxRestarts, code: 1, signal: null });
    } finally {
      squatter.close();
    }
    const said = supervisorSaid();
    expect(said.filter(line => line.msg === "graph is down: the gateway is not running")).toHaveLength(2);
    expect(said.filter(line => String(line.msg).includes("exited unexpectedly")).map(line => [line.attempt, line.delayMs])).toEqual([
      [2, 400],
      [3, 800],
    ]);
    expect(said.at(-1)).toEqual(expect.objectContaining({ level: "error", process: "gateway", restarts: 3, msg: expect.stringContaining("gateway keeps dying") }));
    // The whole graph stopped: no subgraph is left answering.
    for (const url of Object.values(own.graph.subgraphUrls)) await expect(fetch(url.replace(/\/graphql$/, "/health"))).rejects.toThrow();
  }, 60_000);
});
