import { describe, expect, it } from "vitest";
import { pointFeatures } from "../gateway/export";
import { rfc7946Problems } from "./helpers/rfc7946";

const collection = (...features: unknown[]) => JSON.stringify({ type: "FeatureCollection", features });
const polygonFeature = (rings: number[][][]) => ({ type: "Feature", geometry: { type: "Polygon", coordinates: rings }, properties: {} });
// A square around Lublin, counterclockwise, with a clockwise hole.
const outer = [[22, 51], [23, 51], [23, 52], [22, 52], [22, 51]];
const hole = [[22.4, 51.4], [22.4, 51.6], [22.6, 51.6], [22.6, 51.4], [22.4, 51.4]];

describe("the RFC 7946 rules the GeoJSON export is checked against", () => {
  it("passes a FeatureCollection of points and a polygon with a hole that follow the right-hand rule", () => {
    const point = { type: "Feature", id: "lublin", geometry: { type: "Point", coordinates: [22.56667, 51.25] }, properties: { name: "Lublin" } };
    expect(rfc7946Problems(collection(point, polygonFeature([outer, hole])))).toEqual([]);
  });

  it("finds a clockwise exterior ring, a counterclockwise hole, a latitude past the pole and a longitude past the antimeridian", () => {
    const problems = rfc7946Problems(
      collection(
        polygonFeature([[...outer].reverse(), [...hole].reverse()]),
        { type: "Feature", geometry: { type: "Point", coordinates: [24.02, 91] }, properties: null },
        { type: "Feature", geometry: { type: "Point", coordinates: [181, 49.8] }, properties: null },
      ),
    );
    expect(problems).toEqual([
      "features[0].geometry[0]: the exterior ring must run counterclockwise (right-hand rule)",
      "features[0].geometry[1]: a hole must run clockwise (right-hand rule)",
      "features[1].geometry: latitude 91 is outside -90..90",
      "features[2].geometry: longitude 181 is outside -180..180",
    ]);
  });

  it("finds a Feature without properties, a wrong type member and a position of one number", () => {
    const problems = rfc7946Problems(
      collection({ type: "Feature", geometry: { type: "Point", coordinates: [22.5, 51.2] } }, { type: "Featur", geometry: null, properties: {} }, { type: "Feature", geometry: { type: "Point", coordinates: [22.5] }, properties: {} }),
    );
    expect(problems).toContain("features[0]: a Feature must have a \"properties\" member");
    expect(problems).toContain('features[1]: type must be "Feature", got "Featur"');
    expect(problems.some(problem => /position should have 2 or 3 elements/.test(problem))).toBe(true);
  });
});

describe("the features of an export", () => {
  it("makes each located record a Point at [longitude, latitude] with its fields flattened, and leaves out those without a location", () => {
    const features = pointFeatures([
      { id: "lviv", name: "Львів", location: { latitude: 49.83826, longitude: 24.02324, precision: "CITY" } },
      { id: "undp", name: "UNDP", location: null },
    ]);
    expect(features).toEqual([
      {
        type: "Feature",
        id: "lviv",
        geometry: { type: "Point", coordinates: [24.02324, 49.83826] },
        properties: { id: "lviv", name: "Львів", "location.latitude": 49.83826, "location.longitude": 24.02324, "location.precision": "CITY" },
      },
    ]);
  });

  it("cannot map records whose location the query did not select, or selected without both coordinates", () => {
    expect(pointFeatures([{ id: "lviv" }])).toBeNull();
    expect(pointFeatures([{ id: "lviv", location: { latitude: 49.8 } }])).toBeNull();
    expect(pointFeatures([])).toEqual([]);
  });

  it("leaves out a point outside the ranges of longitude and latitude, which would be invalid GeoJSON", () => {
    expect(pointFeatures([{ id: "x", location: { latitude: 95, longitude: 10 } }])).toEqual([]);
  });
});
