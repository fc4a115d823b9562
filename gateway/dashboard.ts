import { readFileSync } from "node:fs";
import path from "node:path";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { feature, merge } from "topojson-client";
import type { GeometryCollection, MultiPolygon as TopoMultiPolygon, Topology } from "topojson-specification";
import { bundleScript, jsonModule, PAGE_POLICY, pageFiles } from "./page";

/** The dashboard's source: a page, its script (TypeScript, bundled here) and its styles (dashboard/, docs/dashboard.md). */
export const DASHBOARD_DIR = path.resolve(__dirname, "../dashboard");

// The three countries by ISO 3166-1 numeric code, as world-atlas names its geometries.
const COUNTRIES: Record<string, "UA" | "PL" | "BY"> = { "804": "UA", "616": "PL", "112": "BY" };
const RUSSIA = "643";
// Natural Earth, and so world-atlas, draws Crimea inside Russia (its de facto line); the dashboard draws the borders
// that the UN General Assembly affirms (resolution 68/262): Crimea's polygon goes back to Ukraine (docs/dashboard.md).
const CRIMEA = { west: 32, east: 37, south: 44, north: 46.3 };
// Three decimals is about 100 m, finer than a pixel of the map; it keeps the outlines under 40 KB.
const round = (position: Position) => position.map(value => Math.round(value * 1000) / 1000);

type Outline = Feature<Polygon | MultiPolygon, { name: string; country: "UA" | "PL" | "BY" }>;

/** The outlines of Ukraine, Poland and Belarus from world-atlas (Natural Earth 1:50m) as GeoJSON, Crimea in Ukraine. */
export function countryOutlines(): FeatureCollection<Polygon | MultiPolygon, { name: string; country: "UA" | "PL" | "BY" }> {
  const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8")) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const geometries = topology.objects.countries.geometries;
  const russia = geometries.find(geometry => geometry.id === RUSSIA) as TopoMultiPolygon<{ name: string }>;
  const crimea = russia.arcs.filter((_polygon, index) => {
    const ring = ((feature(topology, russia) as Feature).geometry as MultiPolygon).coordinates[index][0];
    return ring.every(([lon, lat]) => lon > CRIMEA.west && lon < CRIMEA.east && lat > CRIMEA.south && lat < CRIMEA.north);
  });
  const features = geometries
    .filter(geometry => String(geometry.id) in COUNTRIES)
    .map((geometry): Outline => {
      const country = COUNTRIES[String(geometry.id)];
      const shape =
        country === "UA" ? merge(topology, [geometry as never, ...crimea.map(arcs => ({ type: "Polygon", arcs }) as never)]) : ((feature(topology, geometry) as Feature).geometry as Polygon | MultiPolygon);
      const coordinates =
        shape.type === "Polygon" ? shape.coordinates.map(ring => ring.map(round)) : shape.coordinates.map(polygon => polygon.map(ring => ring.map(round)));
      return { type: "Feature", properties: { name: (geometry.properties as { name: string }).name, country }, geometry: { type: shape.type, coordinates } as Polygon | MultiPolygon };
    });
  return { type: "FeatureCollection", features };
}

/** Bundles dashboard/main.ts and what it imports (d3-geo, the outlines) into one ES module, minified, with esbuild. */
export const bundleDashboard = (): Promise<string> =>
  bundleScript(path.join(DASHBOARD_DIR, "main.ts"), jsonModule("dashboard:borders", countryOutlines));

/**
 * `GET /dashboard` and `GET /dashboard/<file>`: the starter dashboard, its script and its styles, from packages only (the
 * script is bundled from dashboard/ at the first visit). Any other file is the gateway's coded 404; no path from the
 * request reaches the file system.
 */
export const dashboardHandler = pageFiles("the dashboard's page", () => [
  ["", "html", readFileSync(path.join(DASHBOARD_DIR, "index.html"), "utf8")],
  ["dashboard.js", "text/javascript", bundleDashboard()],
  ["dashboard.css", "css", readFileSync(path.join(DASHBOARD_DIR, "dashboard.css"), "utf8")],
]);

/** The dashboard's Content-Security-Policy: every page's (gateway/page.ts). */
export const DASHBOARD_POLICY = PAGE_POLICY;
