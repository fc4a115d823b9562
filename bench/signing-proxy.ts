import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gatewaySigningKey, signSubgraphRequest, type SigningKey } from "../lib/platform/signature";
import { SUBGRAPHS, subgraphPort } from "../services/registry";

/**
 * The signing hop between another router (Grafbase) and our subgraphs: `POST /<subgraph>/graphql` is sent on to that
 * subgraph with the headers our gateway sends (lib/platform/signature.ts): no caller, a fresh request id, the body's
 * Content-Digest and the RFC 9421 signature with created, keyid, alg and a nonce. Grafbase's own message signatures
 * cover no Content-Digest, which the subgraphs require of every request with a body (docs/operations.md "Other routers
 * in front"), so it sends its subgraph requests here instead, on the same host. It listens on loopback only: whoever
 * reaches it gets signed requests.
 *
 * `node -r @swc-node/register bench/signing-proxy.ts`, with SIGNING_PROXY_PORT (4090), the subgraph URLs as our
 * gateway takes them (ORGANISATIONS_URL, …; the registry's by default) and the gateway's key (GATEWAY_SECRET, or
 * GATEWAY_SIGNING_KEY for Ed25519; GATEWAY_KEY_ID).
 */

/** The port the signing hop listens on unless SIGNING_PROXY_PORT says otherwise. */
export const SIGNING_PROXY_PORT = 4090;

/** The largest subgraph request body it signs (16 MB): entity fetches of a long list are large, nothing is larger. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

// Hop-by-hop headers (RFC 9110 §7.6.1) and those the signature or the new body decides.
const DROPPED = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection", "te", "trailer", "host", "content-length", "signature", "signature-input", "content-digest"]);

function answer(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: status === 404 ? "NOT_FOUND" : status === 413 ? "BODY_TOO_LARGE" : "BAD_GATEWAY" } }] }));
}

/** The signing hop as a server not yet listening: each known subgraph under `/<name>/graphql`. */
export function createSigningProxy(options: { key: SigningKey; subgraphUrls: Record<string, string> }): http.Server {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  return http.createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/([a-z0-9-]+)\/graphql(\?.*)?$/.exec(req.url ?? "");
    const target = match ? options.subgraphUrls[match[1]] : undefined;
    if (!target || !match) return answer(res, 404, `No subgraph at ${req.url}: the signing proxy serves /<subgraph>/graphql for ${Object.keys(options.subgraphUrls).join(", ")}`);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        answer(res, 413, `A subgraph request over ${MAX_BODY_BYTES} bytes is not signed`);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      const body = Buffer.concat(chunks);
      const url = `${target}${match[2] ?? ""}`;
      const method = (req.method ?? "GET").toUpperCase();
      const signed = signSubgraphRequest(options.key, { method, url, body: body.length ? body : undefined, caller: null, requestId: randomUUID() });
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !DROPPED.has(name)) headers[name] = value;
      Object.assign(headers, signed, body.length ? { "content-length": String(body.length) } : {});
      const upstream = http.request(url, { method, headers, agent }, response => {
        const back: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined && !DROPPED.has(name)) back[name] = value;
        res.writeHead(response.statusCode ?? 502, back);
        // A subgraph that goes away mid-answer ends this answer too, as the subgraph's own socket would have.
        response.on("error", () => res.destroy());
        response.pipe(res);
      });
      upstream.on("error", error => (res.headersSent ? res.destroy() : answer(res, 502, `The ${match[1]} subgraph did not answer: ${error.message}`)));
      upstream.end(body);
    });
  });
}

/** The subgraph URLs from the environment, as our gateway reads them (ORGANISATIONS_URL, …), else the registry's. */
export function subgraphUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(SUBGRAPHS.map(name => [name, env[`${name.toUpperCase()}_URL`] ?? `http://127.0.0.1:${subgraphPort(name)}/graphql`]));
}

if (require.main === module) {
  const key = gatewaySigningKey(process.env);
  const server = createSigningProxy({ key, subgraphUrls: subgraphUrlsFromEnv(process.env) });
  const port = Number(process.env.SIGNING_PROXY_PORT ?? SIGNING_PROXY_PORT);
  server.listen(port, "127.0.0.1", () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    console.log(`signing proxy on ${url}: /<subgraph>/graphql → the subgraph, signed with key ${key.keyId} (${key.alg})`);
    process.send?.({ type: "ready", url });
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
