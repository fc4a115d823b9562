import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib, { brotliCompress, gzip as gzipCompress } from "node:zlib";
import type { Plugin } from "esbuild";
import type { NextFunction, Request, Response } from "express";
import { chargeMore } from "./front-door";

// A page sent whole counts one request against the rate limit per 256 KiB, so one address cannot pull gigabytes of it;
// a 304 counts one, like any request.
const BYTES_PER_REQUEST = 256 * 1024;

/** One encoding of a page: its bytes and its ETag. */
export interface Variant {
  body: Buffer;
  etag: string;
  encoding?: "br" | "gzip";
}

/** A page (or asset) ready to serve: brotli, gzip and plain, each with its ETag. */
export async function compressedVariants(body: Buffer): Promise<Variant[]> {
  const tag = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  const [br, gzip] = await Promise.all([
    promisify(brotliCompress)(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    promisify(gzipCompress)(body),
  ]);
  return [
    { body: br, etag: `"${tag}-br"`, encoding: "br" },
    { body: gzip, etag: `"${tag}-gz"`, encoding: "gzip" },
    { body, etag: `"${tag}"` },
  ];
}

/**
 * Sends a page the way the browser accepts it (brotli, gzip or plain), with its ETag; 304 when the browser has it already.
 * A page sent whole is charged one request per 256 KiB; a refusal goes out with the API's headers, not the page's.
 */
export async function sendPage(req: Request, res: Response, page: { variants: Variant[]; type: string; headers: Record<string, string>; name: string }) {
  const variant = page.variants.find(v => !v.encoding || req.acceptsEncodings(v.encoding) === v.encoding)!;
  const known = (req.get("if-none-match") ?? "").split(",").map(tag => tag.trim().replace(/^W\//, ""));
  const fresh = known.includes(variant.etag) || known.includes("*");
  if (!fresh && !(await chargeMore(req, res, Math.ceil(variant.body.length / BYTES_PER_REQUEST) - 1, `${page.name} counts one request per 256 KiB sent`))) return;
  for (const [name, value] of Object.entries(page.headers)) res.setHeader(name, value);
  res.setHeader("etag", variant.etag);
  if (fresh) {
    res.status(304).end();
    return;
  }
  if (variant.encoding) res.setHeader("content-encoding", variant.encoding);
  res.status(200).type(page.type).end(variant.body);
}

/** An esbuild plugin that answers `import data from "<specifier>"` with `data()` as JSON, made when the script is bundled. */
export const jsonModule = (specifier: string, data: () => unknown): Plugin => ({
  name: specifier,
  setup(builder) {
    const filter = new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
    builder.onResolve({ filter }, args => ({ path: args.path, namespace: specifier }));
    builder.onLoad({ filter: /.*/, namespace: specifier }, () => ({ contents: JSON.stringify(data()), loader: "json" }));
  },
});

/** Bundles a page's TypeScript entry and what it imports into one ES module, minified, with esbuild. */
export async function bundleScript(entry: string, ...plugins: Plugin[]): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({ entryPoints: [entry], bundle: true, format: "esm", target: "es2022", minify: true, write: false, logLevel: "silent", plugins });
  return result.outputFiles[0].text;
}

/**
 * A page's Content-Security-Policy: scripts, styles and requests from this origin only (no inline script, no CDN, no
 * tile server), images inline (the empty favicon), no framing, no forms.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

// A page's files are unversioned: a browser asks again on every visit, and gets a 304 when it has them.
const CACHE_CONTROL = "no-cache";

/** A page's file: its name under the page's path ("" for the page itself), its type, and its text (or the text to come). */
export type PageFile = [name: string, type: string, text: string | Promise<string>];

/**
 * The handler of `GET /<page>` and `GET /<page>/<file>`: the files are built once, at the first visit; any other file
 * goes on to the gateway's coded 404, and no path from the request reaches the file system.
 */
export function pageFiles(name: string, files: () => PageFile[]) {
  let assets: Promise<Map<string, { type: string; variants: Variant[] }>> | null = null;
  const build = async () =>
    new Map(await Promise.all(files().map(async ([file, type, text]) => [file, { type, variants: await compressedVariants(Buffer.from(await text)) }] as const)));
  return async function page(req: Request, res: Response, next: NextFunction) {
    assets ??= build().catch(error => {
      assets = null;
      throw error;
    });
    const asset = (await assets).get(typeof req.params.file === "string" ? req.params.file : "");
    if (!asset) return next();
    await sendPage(req, res, {
      variants: asset.variants,
      type: asset.type,
      name,
      headers: { "content-security-policy": PAGE_POLICY, "cache-control": CACHE_CONTROL, vary: "Accept-Encoding" },
    });
  };
}
