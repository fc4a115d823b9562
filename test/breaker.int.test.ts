import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway } from "../scripts/graph";
import { SUBGRAPHS, type SubgraphName } from "../services/registry";
import { postQuery, type GraphQLResponse } from "./helpers/graph";
import { graphOfItsOwn } from "./helpers/own-graph";

const TIMEOUT_MS = 800;
const BREAKER_FAILURES = 2;
const BREAKER_OPEN_MS = 2000;
// Beyond what the code promises, for a loaded 2-core machine.
const SLACK_MS = 1000;

// A dashboard's first screen: one field from each subgraph.
const DASHBOARD = /* GraphQL */ `
  query Dashboard {
    cluster(id: "lubelska-medycyna") { name }
    organisation(id: "podlaska-fundacja-rozwoju-regionalnego") { name }
    partnership(id: "pfrr-wse-mohylew-porozumienie") { title }
    fundingProgramme(id: "eu4business-konkurentospromozhnist-ta-internatsionalizatsiia-msp") { name }
    event(id: "inauguracja-klastra-lubelska-medycyna") { title }
    changes(first: 1) { hasMore }
  }
`;
const FIELD_OF: Record<SubgraphName, string> = { clusters: "cluster", organisations: "organisation", partnerships: "partnership", funding: "fundingProgramme", events: "event", feed: "changes" };

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: Math.round(performance.now() - started) };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** A metric's value in a Prometheus text page (0 when absent). */
function metric(page: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = page.split("\n").find(l => l.startsWith(`${name}{`) && wanted.every(w => l.includes(w)));
  return line ? Number(line.split(" ").pop()) : 0;
}

/** A stand-in for a subgraph that fails every request fast (503, no GraphQL), and counts what it was sent. */
async function failingSubgraph() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", chunk => (body += chunk));
    req.on("end", () => {
      // The GraphQL fetches only: the gateway also asks GET /list-sizes, for its cost, and gets the same 503.
      if (req.method === "POST") bodies.push(body);
      res.writeHead(503, { "content-type": "text/plain" }).end("overloaded");
    });
  });
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, bodies, close: () => new Promise<void>(resolve => server.close(() => resolve())) };
}

/**
 * The stories of one dashboard query through one gateway: its whole answer (read before the tests), and a subgraph's
 * breaker opening after BREAKER_FAILURES failed answers and closing once `restore` brought the subgraph back.
 */
function dashboardStories(
  gatewayUrl: () => string,
  query: string,
  measured: string[],
  without: (whole: GraphQLResponse, subgraph: string) => { data: unknown; paths: (string | number)[][] },
) {
  const ask = () => postQuery(gatewayUrl(), query);
  const metrics = async () => (await fetch(gatewayUrl().replace(/\/graphql$/, "/metrics"))).text();
  // Fetches the gateway sent to a subgraph: each one's duration is observed once, plus its retries.
  const sentTo = async (subgraph: string) => {
    const page = await metrics();
    const outcomes = ["ok", "error", "timeout", "unavailable"].map(outcome => metric(page, "clusterhub_gateway_subgraph_request_duration_seconds_count", { subgraph, outcome }));
    return outcomes.reduce((a, b) => a + b, 0) + metric(page, "clusterhub_gateway_subgraph_retries_total", { subgraph });
  };
  let whole: GraphQLResponse;
  beforeAll(async () => {
    whole = await ask();
    expect(whole.errors).toBeUndefined();
  });

  /** The dashboard's answer with one subgraph's fields null, and the errors that name it at each. */
  const withoutIt = (subgraph: string, code: string) => {
    const { data, paths } = without(whole, subgraph);
    return { status: 200, data, errors: paths.map(path => expect.objectContaining({ path, extensions: expect.objectContaining({ code, subgraph }) })) };
  };

  async function breakerOpensAndCloses(subgraph: string, how: "hung" | "dead", code: string, restore: () => Promise<void>) {
    for (let failure = 1; failure <= BREAKER_FAILURES; failure++) {
      const { result, ms } = await timed(ask);
      expect(result).toEqual(withoutIt(subgraph, code));
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      measured.push(`${subgraph} ${how}, breaker closed: ${ms} ms`);
    }
    expect(metric(await metrics(), "clusterhub_gateway_subgraph_breaker_state", { subgraph, state: "open" })).toBe(1);

    const sentBefore = await sentTo(subgraph);
    const { result, ms } = await timed(ask);
    measured.push(`${subgraph} ${how}, breaker open: ${ms} ms`);
    expect(result).toEqual(withoutIt(subgraph, "SUBGRAPH_UNAVAILABLE"));
    expect(result.errors?.[0].message).toMatch(new RegExp(`^The ${subgraph} subgraph is unavailable: its breaker is open`));
    expect(ms).toBeLessThan(TIMEOUT_MS / 2);
    expect(await sentTo(subgraph)).toBe(sentBefore);
    expect(metric(await metrics(), "clusterhub_gateway_subgraph_short_circuited_total", { subgraph })).toBeGreaterThan(0);

    await restore();
    await sleep(BREAKER_OPEN_MS);
    expect(await ask()).toEqual(whole);
    expect(metric(await metrics(), "clusterhub_gateway_subgraph_breaker_state", { subgraph, state: "closed" })).toBe(1);
  }

  return { ask, breakerOpensAndCloses };
}

// A graph of its own: each subgraph in turn is hung and killed behind a gateway with a short timeout and breaker.
describe("a failing subgraph's breaker", () => {
  const own = graphOfItsOwn("breaker", {
    gatewayEnv: { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), BREAKER_FAILURES: String(BREAKER_FAILURES), BREAKER_OPEN_MS: String(BREAKER_OPEN_MS) },
  });
  const measured: string[] = [];
  const { breakerOpensAndCloses } = dashboardStories(() => own.graph.gatewayUrl, DASHBOARD, measured, (whole, subgraph) => ({
    data: { ...whole.data, [FIELD_OF[subgraph as SubgraphName]]: null },
    paths: [[FIELD_OF[subgraph as SubgraphName]]],
  }));
  afterAll(() => console.log(`answer times (timeout ${TIMEOUT_MS} ms):\n  ${measured.join("\n  ")}`));

  for (const subgraph of SUBGRAPHS) {
    it(`answers every other field while ${subgraph} hangs, then at once while its breaker is open, and whole after SIGCONT`, async () => {
      own.graph.signal(subgraph, "SIGSTOP");
      let stopped = true;
      try {
        await breakerOpensAndCloses(subgraph, "hung", "SUBGRAPH_TIMEOUT", async () => {
          own.graph.signal(subgraph, "SIGCONT");
          stopped = false;
        });
      } finally {
        if (stopped) own.graph.signal(subgraph, "SIGCONT");
      }
    });

    it(`answers every other field while ${subgraph} is killed, then at once while its breaker is open, and whole after a restart`, async () => {
      await own.graph.stopSubgraph(subgraph, "kill");
      let down = true;
      try {
        await breakerOpensAndCloses(subgraph, "dead", "SUBGRAPH_UNAVAILABLE", async () => {
          await own.graph.startSubgraph(subgraph);
          down = false;
        });
      } finally {
        if (down) await own.graph.startSubgraph(subgraph);
      }
    });
  }

  it("says live while serving, and ready until SIGTERM, then 503 while draining", async () => {
    const gateway = await startGateway({ subgraphUrls: own.graph.subgraphUrls, env: { DRAIN_DELAY_MS: "1500" } });
    const base = gateway.url.replace(/\/graphql$/, "");
    try {
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const ready = await fetch(`${base}/health/ready`);
      expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: "ready" } });
      gateway.process.kill("SIGTERM");
      await sleep(300);
      const draining = await fetch(`${base}/health/ready`);
      expect({ status: draining.status, body: await draining.json() }).toEqual({ status: 503, body: { status: "draining" } });
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  describe("against a subgraph that fails every request", () => {
    let failing: Awaited<ReturnType<typeof failingSubgraph>>;
    let gateway: Awaited<ReturnType<typeof startGateway>>;
    const BUDGET = 0.1;
    const MINIMUM = 3;

    beforeAll(async () => {
      failing = await failingSubgraph();
      gateway = await startGateway({
        subgraphUrls: { ...own.graph.subgraphUrls, partnerships: failing.url },
        // A breaker that does not open, so that every request reaches the retries.
        env: { SUBGRAPH_RETRIES: "1", SUBGRAPH_RETRY_BUDGET: String(BUDGET), SUBGRAPH_RETRY_MINIMUM: String(MINIMUM), BREAKER_FAILURES: "100000" },
      });
    });
    afterAll(async () => {
      await gateway?.stop();
      await failing?.close();
    });

    it("retries reads no more than the budget allows", async () => {
      const reads = 40;
      for (let i = 0; i < reads; i++) {
        const answer = await postQuery(gateway.url, `query Partnership { partnership(id: "pfrr-wse-mohylew-porozumienie") { title } }`);
        expect(answer.errors?.map(e => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
      }
      const fetched = failing.bodies.length;
      measured.push(`failing subgraph: ${reads} reads -> ${fetched} fetches`);
      // Some reads were retried, never more than a tenth of them plus the minimum.
      expect(fetched).toBeGreaterThan(reads);
      expect(fetched).toBeLessThanOrEqual(Math.floor(reads * (1 + BUDGET)) + MINIMUM);
    });

    it("never retries a write", async () => {
      // Budget left over from the reads: wait for a window in which a retry would be allowed.
      await sleep(10_500);
      failing.bodies.length = 0;
      const answer = await postQuery(
        gateway.url,
        /* GraphQL */ `
          mutation Retitle {
            updatePartnership(id: "pfrr-wse-mohylew-porozumienie", expectedVersion: 1, input: {
              title: "Porozumienie", source: { title: "Test", url: "https://example.org/p", publishedOn: "2026", language: "pl" }
            }) { title }
          }
        `,
      );
      expect(answer.errors?.map(e => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
      expect(failing.bodies).toHaveLength(1);
      expect(failing.bodies[0]).toContain("updatePartnership");
    }, 30_000);
  });
});
