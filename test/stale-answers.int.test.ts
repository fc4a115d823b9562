import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { graphOfItsOwn } from "./helpers/own-graph";

const MAX_AGE_SECONDS = 1;
const ACROSS = /* GraphQL */ `
  query Across {
    cluster(id: "lubelska-medycyna") { name }
    partnership(id: "pfrr-wse-mohylew-porozumienie") { title }
  }
`;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// A graph of its own whose subgraphs allow caching for a second (the other files' graphs cache nothing), so that the
// response cache's fresh copy is gone and only the stale one is left; partnerships is killed here.
describe("stale rather than nothing", () => {
  const before = process.env.CACHE_MAX_AGE;
  beforeAll(() => void (process.env.CACHE_MAX_AGE = String(MAX_AGE_SECONDS)));
  const own = graphOfItsOwn("stale-answers", { gatewayEnv: { SUBGRAPH_TIMEOUT_MS: "800", STALE_IF_ERROR_SECONDS: "300" } });
  let partnerKey: string;
  beforeAll(async () => {
    process.env.CACHE_MAX_AGE = before;
    const store = await openPartnerStore(subgraphDatabaseUrl(own.graph.postgresUrl, "gateway"));
    partnerKey = (await createPartner(store.em.fork(), { name: "Stale Test Foundation" })).key;
    await store.close();
  });
  afterAll(() => void (process.env.CACHE_MAX_AGE = before));

  const post = async (query: string, key?: string) => {
    const response = await fetch(own.graph.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key && { authorization: `Bearer ${key}` }) },
      body: JSON.stringify({ query }),
    });
    return { headers: response.headers, body: (await response.json()) as { data?: any; errors?: { extensions?: Record<string, unknown> }[]; extensions?: any } };
  };

  async function whilePartnershipsIsDown(work: () => Promise<void>) {
    await own.graph.stopSubgraph("partnerships", "kill");
    try {
      await work();
    } finally {
      await own.graph.startSubgraph("partnerships");
    }
  }

  it("answers a public read with its last good answer while partnerships is down, marked stale and naming it", async () => {
    const good = await post(ACROSS);
    expect(good.body.errors).toBeUndefined();
    await sleep(MAX_AGE_SECONDS * 1000 + 200);
    await whilePartnershipsIsDown(async () => {
      const stale = await post(ACROSS);
      expect(stale.body).toEqual({ data: good.body.data, extensions: { stale: { ageSeconds: expect.any(Number), because: ["partnerships"] } } });
      expect(stale.body.extensions.stale.ageSeconds).toBeGreaterThanOrEqual(MAX_AGE_SECONDS);
      expect(stale.headers.get("clusterhub-stale")).toMatch(/^age=\d+; because=partnerships$/);
      expect(stale.headers.get("cache-control")).toBe("no-store");
    });
  });

  it("gives a partner's read its errors, not a stale answer", async () => {
    expect((await post(ACROSS, partnerKey)).body.errors).toBeUndefined();
    await whilePartnershipsIsDown(async () => {
      const answer = await post(ACROSS, partnerKey);
      expect(answer.body.data.partnership).toBeNull();
      expect(answer.body.errors?.map(e => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
      expect(answer.headers.get("clusterhub-stale")).toBeNull();
    });
  });

  it("drops the stale answers on a write, so no answer older than the write is served", async () => {
    const query = `query LithuanianOrganisations { organisations(filter: { country: LT }) { totalCount } partnership(id: "pfrr-wse-mohylew-porozumienie") { title } }`;
    const read = await post(query);
    expect(read.body.data.organisations).toEqual({ totalCount: 0 });
    const write = await post(
      `mutation { createOrganisation(input: { name: "Asociacija Senas", kind: NGO, country: LT, source: { title: "Test", url: "https://example.org/lt", publishedOn: "2026", language: "lt" } }) { id } }`,
      partnerKey,
    );
    expect(write.body.errors).toBeUndefined();
    await sleep(MAX_AGE_SECONDS * 1000 + 200);
    await whilePartnershipsIsDown(async () => {
      const after = await post(query);
      expect(after.body.data).toEqual({ organisations: { totalCount: 1 }, partnership: null });
      expect(after.body.errors?.map(e => e.extensions?.code)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
      expect(after.body.extensions?.stale).toBeUndefined();
    });
  });
});
