import { readFileSync } from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { geoContains } from "d3-geo";
import { describe, expect, it } from "vitest";
import codegenConfig from "../dashboard/codegen";
import { LABELS, preferredLanguage } from "../dashboard/i18n";
import { countryOutlines, DASHBOARD_POLICY } from "../gateway/dashboard";

const ROOT = path.resolve(__dirname, "..");

describe("the dashboard's typed queries", () => {
  it("are what GraphQL Code Generator makes of dashboard/queries.ts, portal/queries.ts and schema/api.graphql (run `npm run codegen` after changing any)", async () => {
    const previous = process.cwd();
    process.chdir(ROOT);
    try {
      const files = (await generate({ ...codegenConfig, silent: true }, false)) as { filename: string; content: string }[];
      expect(files.map(file => file.filename).sort()).toEqual(["dashboard", "portal"].flatMap(page => ["gql.ts", "graphql.ts", "index.ts"].map(file => `${page}/gql/${file}`)));
      for (const file of files) expect(readFileSync(path.join(ROOT, file.filename), "utf8"), `${file.filename} has drifted`).toBe(file.content);
    } finally {
      process.chdir(previous);
    }
  }, 60_000);
});

describe("the dashboard's map and labels", () => {
  it("outlines Ukraine, Poland and Belarus only, with Crimea in Ukraine", () => {
    const outlines = countryOutlines();
    expect(outlines.features.map(feature => feature.properties.country).sort()).toEqual(["BY", "PL", "UA"]);
    const countryAt = (longitude: number, latitude: number) => outlines.features.filter(feature => geoContains(feature, [longitude, latitude])).map(feature => feature.properties.country);
    expect(countryAt(34.1, 44.95)).toEqual(["UA"]); // Simferopol
    expect(countryAt(30.52, 50.45)).toEqual(["UA"]); // Kyiv
    expect(countryAt(22.57, 51.25)).toEqual(["PL"]); // Lublin
    expect(countryAt(30.33, 53.9)).toEqual(["BY"]); // Mogilev
    expect(countryAt(37.62, 55.75)).toEqual([]); // Moscow
  });

  it("has every label in Ukrainian, Polish and English, and starts in the browser's first language it has", () => {
    const keys = Object.keys(LABELS.en).sort();
    expect(Object.keys(LABELS.uk).sort()).toEqual(keys);
    expect(Object.keys(LABELS.pl).sort()).toEqual(keys);
    expect(preferredLanguage(["de-DE", "pl-PL", "uk"])).toBe("pl");
    expect(preferredLanguage(["uk-UA"])).toBe("uk");
    expect(preferredLanguage(["ru-RU", "be"])).toBe("en");
  });

  it("allows scripts, styles and requests from its own origin only: no inline script, no framing", () => {
    expect(DASHBOARD_POLICY).toContain("script-src 'self';");
    expect(DASHBOARD_POLICY).toContain("connect-src 'self';");
    expect(DASHBOARD_POLICY).toContain("frame-ancestors 'none'");
    expect(DASHBOARD_POLICY).not.toMatch(/unsafe|https?:|\*/);
  });
});
