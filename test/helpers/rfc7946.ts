import { getIssues } from "@placemarkio/check-geojson";

type Json = Record<string, unknown>;
type Position = number[];

const GEOMETRY_TYPES = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"];

/** Twice the signed area of a ring on the longitude-latitude plane: positive counterclockwise (the shoelace formula). */
const signedArea = (ring: Position[]) => ring.slice(1).reduce((sum, [x, y], i) => sum + (ring[i][0] * y - x * ring[i][1]), 0);

/**
 * What is wrong with a GeoJSON text by RFC 7946: its structure and `type` members as @placemarkio/check-geojson reads
 * them (positions of 2 or 3 numbers, closed rings, the members each type must have), and the rules it leaves out:
 * longitudes within ±180 and latitudes within ±90 (section 4), a Feature's `geometry` and `properties` members (3.2),
 * and the right-hand rule for polygon rings, exterior counterclockwise and holes clockwise (3.1.6). Empty when valid.
 */
export function rfc7946Problems(text: string): string[] {
  const problems = getIssues(text).map(issue => issue.message);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return problems.length ? problems : ["not JSON"];
  }
  const position = (at: string, value: Position) => {
    const [longitude, latitude] = value;
    if (!(Math.abs(longitude) <= 180)) problems.push(`${at}: longitude ${longitude} is outside -180..180`);
    if (!(Math.abs(latitude) <= 90)) problems.push(`${at}: latitude ${latitude} is outside -90..90`);
  };
  const polygon = (at: string, rings: Position[][]) =>
    rings.forEach((ring, i) => {
      ring.forEach((value, j) => position(`${at}[${i}][${j}]`, value));
      const area = signedArea(ring);
      if (i === 0 && area <= 0) problems.push(`${at}[0]: the exterior ring must run counterclockwise (right-hand rule)`);
      if (i > 0 && area >= 0) problems.push(`${at}[${i}]: a hole must run clockwise (right-hand rule)`);
    });
  const geometry = (at: string, value: Json) => {
    const coordinates = value.coordinates as never;
    if (!GEOMETRY_TYPES.includes(value.type as string)) return void problems.push(`${at}: "${String(value.type)}" is not a geometry type`);
    if (value.type === "Point") position(at, coordinates);
    if (value.type === "MultiPoint" || value.type === "LineString") (coordinates as Position[]).forEach((p, i) => position(`${at}[${i}]`, p));
    if (value.type === "MultiLineString") (coordinates as Position[][]).forEach((line, i) => line.forEach((p, j) => position(`${at}[${i}][${j}]`, p)));
    if (value.type === "Polygon") polygon(at, coordinates);
    if (value.type === "MultiPolygon") (coordinates as Position[][][]).forEach((rings, i) => polygon(`${at}[${i}]`, rings));
    if (value.type === "GeometryCollection") (value.geometries as Json[]).forEach((g, i) => geometry(`${at}.geometries[${i}]`, g));
  };
  const feature = (at: string, value: Json) => {
    if (value.type !== "Feature") return void problems.push(`${at}: type must be "Feature", got ${JSON.stringify(value.type)}`);
    if (!("geometry" in value)) problems.push(`${at}: a Feature must have a "geometry" member`);
    if (!("properties" in value)) problems.push(`${at}: a Feature must have a "properties" member`);
    else if (value.properties !== null && (typeof value.properties !== "object" || Array.isArray(value.properties))) problems.push(`${at}.properties must be an object or null`);
    if ("id" in value && typeof value.id !== "string" && typeof value.id !== "number") problems.push(`${at}.id must be a string or a number`);
    if (value.geometry) geometry(`${at}.geometry`, value.geometry as Json);
  };
  const object = root as Json;
  if (object?.type === "FeatureCollection") {
    if (!Array.isArray(object.features)) problems.push(`a FeatureCollection must have a "features" array`);
    else object.features.forEach((f, i) => feature(`features[${i}]`, f as Json));
  } else if (object?.type === "Feature") feature("feature", object);
  else if (object && typeof object === "object") geometry("geometry", object);
  return [...new Set(problems)];
}
