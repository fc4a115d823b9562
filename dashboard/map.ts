/// <reference lib="dom" />
import { geoMercator, geoPath } from "d3-geo";
import borders from "dashboard:borders";
import { h, s } from "./dom";
import type { ClusterMapQuery } from "./gql/graphql";
import { label, type Language } from "./i18n";

type MapCluster = ClusterMapQuery["clusters"]["nodes"][number];

const WIDTH = 640;
const HEIGHT = 440;
// Markers at one point (several clusters of one city) are spread on a ring of this radius, in pixels, so each can be
// seen, clicked and focused.
const SPREAD = 9;

/** The three countries' outlines with a focusable marker per located cluster, and a list of the clusters without a place. */
export function clusterMap(data: ClusterMapQuery, language: Language, open: (id: string, opener: Element) => void): Node[] {
  const projection = geoMercator().fitExtent(
    [
      [12, 12],
      [WIDTH - 12, HEIGHT - 12],
    ],
    borders,
  );
  const path = geoPath(projection);
  const countryName = new Intl.DisplayNames([language], { type: "region" });
  const svg = s("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "map", role: "group", "aria-labelledby": "map-title" });
  for (const feature of borders.features) {
    svg.append(s("path", { d: path(feature) ?? "", class: `country country-${feature.properties.country}` }));
    const [x, y] = path.centroid(feature);
    svg.append(s("text", { x: x.toFixed(1), y: y.toFixed(1), class: "country-name", "aria-hidden": "true" }, countryName.of(feature.properties.country) ?? ""));
  }

  const clusters = data.clusters.nodes;
  const located = clusters.filter(cluster => cluster.location);
  const atPoint = new Map<string, MapCluster[]>();
  for (const cluster of located) {
    const [x, y] = projection([cluster.location!.longitude, cluster.location!.latitude]) ?? [NaN, NaN];
    const key = `${Math.round(x)},${Math.round(y)}`;
    atPoint.set(key, [...(atPoint.get(key) ?? []), cluster]);
  }
  for (const [key, group] of atPoint) {
    const [x, y] = key.split(",").map(Number);
    group.forEach((cluster, index) => {
      const angle = (2 * Math.PI * index) / group.length - Math.PI / 2;
      const radius = group.length > 1 ? SPREAD : 0;
      const name = displayName(cluster, language);
      const marker = s(
        "circle",
        {
          cx: (x + radius * Math.cos(angle)).toFixed(1),
          cy: (y + radius * Math.sin(angle)).toFixed(1),
          r: 6,
          class: `marker marker-${cluster.location!.precision.toLowerCase()}`,
          tabindex: 0,
          role: "button",
          "aria-label": label(language, "openProfile", { name }),
          "data-cluster": cluster.id,
        },
        s("title", {}, [name, cluster.location!.placeName].filter(Boolean).join(", ")),
      );
      marker.addEventListener("click", () => open(cluster.id, marker));
      marker.addEventListener("keydown", event => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        open(cluster.id, marker);
      });
      svg.append(marker);
    });
  }

  const caption = h("p", { class: "caption" }, label(language, "mapCaption", { located: located.length, total: data.clusters.totalCount }), " ", label(language, "markerKey"));
  const unlocated = clusters.filter(cluster => !cluster.location);
  if (!unlocated.length) return [svg, caption];
  const list = h("ul", { class: "unlocated" });
  for (const cluster of unlocated) {
    const button = h("button", { type: "button", "data-cluster": cluster.id }, displayName(cluster, language));
    button.addEventListener("click", () => open(cluster.id, button));
    list.append(h("li", {}, button));
  }
  return [svg, caption, h("h3", {}, label(language, "unlocated")), list];
}

/** A record's name as its sources write it; in English, the English name when the graph has one. */
export function displayName(record: { name: string; nameEn?: string | null }, language: Language): string {
  return language === "en" && record.nameEn ? record.nameEn : record.name;
}
