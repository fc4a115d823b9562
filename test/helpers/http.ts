import http from "node:http";

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The body as JSON (throws when it is not). */
  json<T = any>(): T;
}

/**
 * Sends one HTTP request as it is, from a chosen loopback address (127.0.0.0/8 is all this machine's), so that each story
 * has an address and a rate-limit bucket of its own; any method may carry a body, and nothing is decompressed.
 */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; from?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const request = http.request(
      url,
      {
        method: options.method ?? "GET",
        headers: { ...(body && { "content-length": String(body.length) }), ...options.headers },
        localAddress: options.from,
        agent: false,
      },
      response => {
        const chunks: Buffer[] = [];
        response.on("data", chunk => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const all = Buffer.concat(chunks);
          const text = all.toString("utf8");
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: all, text, json: () => JSON.parse(text) });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** The codes of a GraphQL-over-HTTP error answer. */
export const codesOf = (answer: RawAnswer): string[] => (answer.json().errors as { extensions: { code: string } }[]).map(error => error.extensions.code);
