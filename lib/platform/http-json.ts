import type { ErrorCodeName } from "./error-codes";
import type { IncomingMessage, ServerResponse } from "node:http";
import bodyParser from "body-parser";

/** A request body as JSON, or why it is refused: the HTTP status, a code for `extensions.code` and what was wrong. */
export type JsonBody = { ok: true; body: unknown; raw: Buffer | undefined } | { ok: false; status: number; code: Extract<ErrorCodeName, "BAD_REQUEST" | "BODY_TOO_LARGE">; problem: string };

/**
 * Reads a request's JSON body with body-parser's `json` (what `express.json` is), without express around it: no body
 * or another content type gives `undefined` (Apollo then judges the request, e.g. as CSRF); an empty body gives `{}`;
 * gzip, deflate and br are inflated; over `limitBytes` is 413; an unknown charset or content encoding is 415; text
 * that is not JSON, or JSON that is not an object or array, is 400. `raw` is the body's bytes as read (the
 * signature's Content-Digest is checked against them).
 */
export function readJsonBody(req: IncomingMessage, res: ServerResponse, limitBytes: number): Promise<JsonBody> {
  const parse = jsonParser(limitBytes);
  return new Promise(resolve =>
    parse(req, res, (error?: { status?: number; type?: string; message: string }) => {
      if (!error) return resolve({ ok: true, body: (req as { body?: unknown }).body, raw: (req as { rawBody?: Buffer }).rawBody });
      const status = error.status ?? 400;
      if (error.type === "entity.too.large") resolve({ ok: false, status, code: "BODY_TOO_LARGE", problem: `Request body is over the limit of ${limitBytes} bytes` });
      else if (error.type === "entity.parse.failed") resolve({ ok: false, status, code: "BAD_REQUEST", problem: `Request body is not valid JSON: ${error.message}` });
      else resolve({ ok: false, status, code: "BAD_REQUEST", problem: `Request body could not be read: ${error.message}` });
    }),
  );
}

const parsers = new Map<number, ReturnType<typeof bodyParser.json>>();

function jsonParser(limitBytes: number) {
  let parser = parsers.get(limitBytes);
  // `verify` is body-parser's one look at the bytes it parses; they are kept, not copied.
  const keep = (req: IncomingMessage, _res: ServerResponse, bytes: Buffer) => void ((req as { rawBody?: Buffer }).rawBody = bytes);
  if (!parser) parsers.set(limitBytes, (parser = bodyParser.json({ limit: limitBytes, verify: keep })));
  return parser;
}

/** Writes a whole JSON answer at once. */
export function answerJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  // Set here too, since Node leaves it out of an answer to HEAD.
  res.setHeader("content-length", Buffer.byteLength(text));
  res.end(text);
}
