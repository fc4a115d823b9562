import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import zlib from "node:zlib";

/** A request body as JSON, or why it is refused: the HTTP status, a code for `extensions.code` and what was wrong. */
export type JsonBody = { ok: true; body: unknown } | { ok: false; status: 400 | 413 | 415; code: "BAD_REQUEST" | "BODY_TOO_LARGE"; problem: string };

/**
 * Reads a request's JSON body as `express.json({ limit })` did before the subgraphs dropped express: no body or
 * another content type gives `undefined` (Apollo then judges the request, e.g. as CSRF); an empty body gives `{}`;
 * gzip, deflate and br are inflated; over `limitBytes` (after inflating) is 413; a charset other than UTF-* or an
 * unknown content encoding is 415; text that is not JSON, or JSON that is not an object or array, is 400.
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<JsonBody> {
  const hasBody = req.headers["transfer-encoding"] !== undefined || !Number.isNaN(Number(req.headers["content-length"]));
  const [mediaType, ...parameters] = (req.headers["content-type"] ?? "").split(";");
  if (!hasBody || mediaType.trim().toLowerCase() !== "application/json") return { ok: true, body: undefined };

  const charsetParameter = parameters.map(p => p.trim().split("=")).find(([name]) => name.toLowerCase() === "charset");
  const charset = charsetParameter?.[1]?.replace(/^"|"$/g, "").toLowerCase() || "utf-8";
  const decode = decoderFor(charset);
  if (!decode) return drained(req, { ok: false, status: 415, code: "BAD_REQUEST", problem: `Unsupported charset "${charset.toUpperCase()}"` });

  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase();
  const inflate = INFLATERS[encoding];
  if (encoding !== "identity" && !inflate) return drained(req, { ok: false, status: 415, code: "BAD_REQUEST", problem: `Unsupported content encoding "${encoding}"` });

  const tooLarge: JsonBody = { ok: false, status: 413, code: "BODY_TOO_LARGE", problem: `Request body is over the limit of ${limitBytes} bytes` };
  // A declared length over the limit is refused before reading, as raw-body did.
  if (!inflate && Number(req.headers["content-length"]) > limitBytes) return drained(req, tooLarge);

  const inflater = inflate?.();
  let bytes: Buffer | null;
  try {
    bytes = await readAll(inflater ? req.pipe(inflater) : req, req, limitBytes);
  } catch {
    inflater?.destroy();
    return drained(req, { ok: false, status: 400, code: "BAD_REQUEST", problem: "Request body could not be read" });
  } finally {
    if (inflater) req.unpipe(inflater);
  }
  if (!bytes) {
    inflater?.destroy();
    return drained(req, tooLarge);
  }
  const text = decode(bytes);
  if (text.length === 0) return { ok: true, body: {} };
  // Strict, as express.json: a GraphQL request is an object, a batch an array.
  const first = /\S/.exec(text)?.[0];
  if (first !== "{" && first !== "[") return { ok: false, status: 400, code: "BAD_REQUEST", problem: "Request body is not a JSON object or array" };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch (error) {
    return { ok: false, status: 400, code: "BAD_REQUEST", problem: `Request body is not valid JSON: ${(error as Error).message}` };
  }
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

const INFLATERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

function decoderFor(charset: string): ((bytes: Buffer) => string) | null {
  if (charset === "utf-8" || charset === "utf8") return bytes => bytes.toString("utf8");
  if (!charset.startsWith("utf-")) return null;
  try {
    const decoder = new TextDecoder(charset);
    return bytes => decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** The body's bytes, or null once more than `limitBytes` arrived; fails when the stream does or the client goes away. */
function readAll(stream: Readable, req: IncomingMessage, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const settle = (settled: () => void) => {
      stream.off("data", onData).off("end", onEnd).off("error", onError);
      req.off("close", onClose);
      settled();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) settle(() => resolve(null));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(() => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => {
      if (!req.complete) onError(new Error("the client went away before the body was complete"));
    };
    stream.on("data", onData).on("end", onEnd).on("error", onError);
    req.on("close", onClose);
  });
}

/** Answers `refusal` once the rest of the request is read off, so the client sees the answer rather than a reset connection. */
function drained(req: IncomingMessage, refusal: JsonBody): Promise<JsonBody> {
  if (req.readableEnded || req.destroyed) return Promise.resolve(refusal);
  return new Promise(resolve => {
    req.unpipe();
    req.once("end", () => resolve(refusal));
    req.once("close", () => resolve(refusal));
    req.resume();
  });
}
