// The outlines of Ukraine, Poland and Belarus, made from world-atlas when the gateway bundles the page (gateway/dashboard.ts).
declare module "dashboard:borders" {
  import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
  const borders: FeatureCollection<Polygon | MultiPolygon, { name: string; country: string }>;
  export default borders;
}
