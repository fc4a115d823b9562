import { describe, expect, it } from "vitest";
import { csvField } from "../gateway/export";
import { theGraph } from "./helpers/graph";

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
    expect(records).toHaveLength(7);
    expect(records[0]).toEqual({ countryA: "BY", countryB: "PL", kind: "COOPERATION_AGREEMENT", partnerships: 1 });
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
