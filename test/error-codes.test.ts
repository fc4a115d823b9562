import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorCodesMarkdown, type ErrorCodeName } from "../lib/platform/error-codes";
import { ERROR_CODES_DOC } from "../scripts/error-codes";

const ROOT = path.resolve(__dirname, "..");
const CODE_HOLDERS = "ErrorCode|ApolloCode|LimitCode|SubgraphErrorCode|DoorCode";

/** The TypeScript sources that answer requests: lib, gateway, services. */
function sources(): { file: string; text: string }[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name.endsWith(".ts") ? [path.join(dir, entry.name)] : [],
    );
  return ["lib", "gateway", "services"].flatMap(dir => walk(path.join(ROOT, dir))).map(file => ({ file: path.relative(ROOT, file), text: readFileSync(file, "utf8") }));
}

/** Every code the source names where it answers one: `code: "X"` (or `"X" | "Y"`) and `ErrorCode.X`-style references. */
function answeredCodes(): { code: string; at: string }[] {
  return sources().flatMap(({ file, text }) => [
    ...[...text.matchAll(/\bcode: ((?:"[A-Z][A-Z_]+"(?: \| )?)+)/g)].flatMap(match => [...match[1].matchAll(/"([A-Z_]+)"/g)].map(m => ({ code: m[1], at: file }))),
    ...[...text.matchAll(new RegExp(`\\b(?:${CODE_HOLDERS})\\.([A-Z][A-Z_]+)\\b`, "g"))].map(match => ({ code: match[1], at: file })),
  ]);
}

describe("the catalogue of error codes (lib/platform/error-codes.ts)", () => {
  it("holds every code the graph answers", () => {
    const answered = answeredCodes();
    expect(answered.length).toBeGreaterThan(40);
    expect(answered.filter(({ code }) => !(code in ERROR_CODES))).toEqual([]);
  });

  it("holds no code nothing answers, but Apollo Server's own", () => {
    const answered = new Set(answeredCodes().map(({ code }) => code));
    const unused = (Object.keys(ERROR_CODES) as ErrorCodeName[]).filter(code => ERROR_CODES[code].from !== "apollo" && !answered.has(code));
    expect(unused).toEqual([]);
  });

  it("is the only list of codes: no enum of codes elsewhere", () => {
    const enums = sources().filter(({ text }) => /\benum \w*Code\b/.test(text)).map(({ file }) => file);
    expect(enums).toEqual([]);
  });

  it("gives the status the front door answers each of its refusals with", () => {
    const refusals = sources().flatMap(({ file, text }) =>
      [...text.matchAll(new RegExp(`refuse\\(req, res, (\\d{3}), (?:${CODE_HOLDERS})\\.([A-Z_]+)`, "g"))].map(m => ({ at: file, code: m[2], status: Number(m[1]) })),
    );
    expect(refusals.length).toBeGreaterThan(8);
    const wrong = refusals.filter(({ code, status }) => (ERROR_CODES as Record<string, { status?: number }>)[code]?.status !== status);
    expect(wrong).toEqual([]);
  });

  it("is what docs/error-codes.md lists (run `npm run error-codes` after changing it)", () => {
    expect(readFileSync(ERROR_CODES_DOC, "utf8")).toBe(errorCodesMarkdown());
  });
});
