import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { installRouters, routersInstalled, runGrafbase, startGrafbase, startHiveGateway, type Peer } from "../bench/peers";
import { SCENARIOS } from "../bench/scenarios";
import { DEFAULT_KEY_ID } from "../lib/platform/signature";
import { SUBGRAPHS } from "../services/registry";

/** Asks a router one of the bench's scenarios as the bench does (the sample data's variables), and answers its JSON. */
async function ask(url: string, scenario: (typeof SCENARIOS)[number]): Promise<{ data?: unknown; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables("sample") }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: unknown; errors?: unknown[] };
}

describe("other routers in front of our subgraphs (docs/operations.md \"Other routers in front\")", () => {
  let dir: string;
  const routers: Partial<Record<"Grafbase" | "Hive Gateway (Rust planner)", Peer>> = {};

  beforeAll(async () => {
    // The routers are the bench's own packages (bench/package.json), not the product's: a fresh clone installs them
    // here, from bench/package-lock.json, as `npm run bench` does (docs/development.md "The other routers").
    if (!routersInstalled()) installRouters();
    dir = await mkdtemp(path.join(tmpdir(), "clusterhub-routers-"));
    const { subgraphUrls } = inject("graph");
    const secret = inject("gatewaySecret");
    routers["Hive Gateway (Rust planner)"] = await startHiveGateway(subgraphUrls, dir, secret, { rustPlanner: true });
    routers.Grafbase = await startGrafbase(subgraphUrls, dir, secret);
  }, 600_000);

  afterAll(async () => {
    await Promise.all(Object.values(routers).map(router => router?.stop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    it(`answer the bench's "${scenario.name}" with the same data as our gateway, through signed subgraph requests`, async () => {
      const ours = await ask(inject("graph").gatewayUrl, scenario);
      expect(ours.errors).toBeUndefined();
      expect(ours.data).toBeTruthy();
      for (const [name, router] of Object.entries(routers)) {
        const theirs = await ask(router!.url, scenario);
        expect({ router: name, errors: theirs.errors }).toEqual({ router: name, errors: undefined });
        expect({ router: name, data: theirs.data }).toEqual({ router: name, data: ours.data });
      }
    });
  }

  it("cannot reach a subgraph with Grafbase's own message signature, which covers no Content-Digest: hence the signing proxy", async () => {
    // Grafbase signs with our key (a JWK of the HMAC secret, our key id, a nonce) and sends its subgraph request to a
    // server that keeps it; sent on to the real subgraph as it was, the request is refused for the body it does not cover.
    let captured = null as { headers: http.IncomingHttpHeaders; body: string } | null;
    const capture = http.createServer((req, res) => {
      let body = "";
      req.on("data", chunk => (body += chunk));
      req.on("end", () => {
        captured = { headers: req.headers, body };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ data: { clusterStats: [] } }));
      });
    });
    await new Promise<void>(resolve => capture.listen(0, "127.0.0.1", resolve));
    const captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/graphql`;
    const own = await mkdtemp(path.join(dir, "native-"));
    const secret = inject("gatewaySecret");
    await writeFile(path.join(own, "key.json"), JSON.stringify({ kty: "oct", alg: "HS256", k: Buffer.from(secret).toString("base64url") }));
    const schemas = path.resolve(__dirname, "../schema");
    await writeFile(
      path.join(own, "grafbase.toml"),
      [
        ...SUBGRAPHS.flatMap(name => [`[subgraphs.${name}]`, `url = "${captureUrl}"`, `schema_path = "${schemas}/${name}.graphql"`]),
        "[gateway.message_signatures]",
        "enabled = true",
        'key.file = "key.json"',
        `key.id = "${DEFAULT_KEY_ID}"`,
        'derived_components = ["method", "target_uri"]',
        'signature_parameters = ["nonce"]',
      ].join("\n"),
    );
    const grafbase = await runGrafbase(path.join(own, "grafbase.toml"), own, {});
    try {
      const answer = await fetch(grafbase.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ clusterStats(by: SECTOR) { key } }" }) });
      expect(answer.status).toBe(200);
    } finally {
      grafbase.process.kill("SIGTERM");
      capture.close();
    }
    expect(captured).not.toBeNull();
    const { headers, body } = captured!;
    expect(headers["signature-input"]).toMatch(new RegExp(`keyid="${DEFAULT_KEY_ID}"`));
    expect(headers["signature-input"]).toMatch(/nonce=/);
    const forwarded = Object.fromEntries(Object.entries(headers).filter(([name]) => !["host", "accept-encoding", "connection"].includes(name))) as Record<string, string>;
    const refused = await fetch(inject("graph").subgraphUrls.clusters, { method: "POST", headers: forwarded, body });
    expect(refused.status).toBe(401);
    const problem = ((await refused.json()) as { errors: { message: string; extensions: { reason: string } }[] }).errors[0];
    expect(problem.extensions.reason).toBe("INCOMPLETE");
    expect(problem.message).toContain("content-digest");
  });
});
