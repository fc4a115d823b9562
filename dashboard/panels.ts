/// <reference lib="dom" />
import { h, s } from "./dom";
import type { ClusterProfileQuery, FundingByProgrammeQuery, MemberCountsQuery, PartnershipMatrixQuery } from "./gql/graphql";
import { label, type Language } from "./i18n";
import { displayName } from "./map";

const CHART = { width: 640, height: 300, left: 48, right: 16, top: 16, bottom: 32 };
// Colour-blind-safe (Okabe-Ito); a line's name is in the legend too, so colour is never the only cue.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/** Member counts over time: a line per cluster, and a legend that says each cluster's counts in words. */
export function memberCounts(data: MemberCountsQuery, language: Language): Node[] {
  const series = data.memberCountSeries.filter(line => line.points.length);
  if (!series.length) return [h("p", {}, label(language, "countsEmpty"))];
  const points = series.flatMap(line => line.points);
  const years = [Math.min(...points.map(p => p.year)), Math.max(...points.map(p => p.year))];
  const most = Math.max(...points.map(p => p.count));
  const x = (year: number) => CHART.left + ((year - years[0]) / Math.max(1, years[1] - years[0])) * (CHART.width - CHART.left - CHART.right);
  const y = (count: number) => CHART.top + (1 - count / most) * (CHART.height - CHART.top - CHART.bottom);
  const svg = s("svg", { viewBox: `0 0 ${CHART.width} ${CHART.height}`, class: "chart", "aria-hidden": "true" });
  svg.append(s("line", { x1: CHART.left, x2: CHART.width - CHART.right, y1: y(0), y2: y(0), class: "axis" }));
  svg.append(s("line", { x1: CHART.left, x2: CHART.left, y1: CHART.top, y2: y(0), class: "axis" }));
  svg.append(s("text", { x: CHART.left - 6, y: y(most) + 4, class: "tick end" }, most), s("text", { x: CHART.left - 6, y: y(0) + 4, class: "tick end" }, 0));
  for (let year = years[0]; year <= years[1]; year++) svg.append(s("text", { x: x(year), y: CHART.height - 10, class: "tick middle" }, year));
  const legend = h("ul", { class: "legend" });
  const number = new Intl.NumberFormat(language);
  series.forEach((line, index) => {
    const colour = COLOURS[index % COLOURS.length];
    svg.append(s("polyline", { points: line.points.map(p => `${x(p.year)},${y(p.count)}`).join(" "), stroke: colour, class: "line" }));
    for (const p of line.points) svg.append(s("circle", { cx: x(p.year), cy: y(p.count), r: 4, fill: colour }));
    const counts = line.points.map(p => `${label(language, p.qualifier, { count: number.format(p.count) })} (${p.asOf})`).join(" → ");
    legend.append(h("li", {}, s("svg", { viewBox: "0 0 12 12", class: "swatch", "aria-hidden": "true" }, s("rect", { width: 12, height: 12, fill: colour })), `${displayName(line.cluster, language)}: ${counts}`));
  });
  return [svg, legend];
}

/** The partnership matrix: a table of country by country, each cell the pair's partnerships, by kind in its note. */
export function partnershipMatrix(data: PartnershipMatrixQuery, language: Language): Node[] {
  const countries = [...new Set(data.partnershipMatrix.flatMap(cell => [cell.countryA, cell.countryB]))].sort();
  const countryName = new Intl.DisplayNames([language], { type: "region" });
  const cells = new Map<string, PartnershipMatrixQuery["partnershipMatrix"]>();
  for (const cell of data.partnershipMatrix) {
    for (const key of new Set([`${cell.countryA} ${cell.countryB}`, `${cell.countryB} ${cell.countryA}`])) cells.set(key, [...(cells.get(key) ?? []), cell]);
  }
  const table = h("table", { class: "matrix" }, h("caption", {}, label(language, "matrixCaption")));
  table.append(h("thead", {}, h("tr", {}, h("td"), ...countries.map(country => h("th", { scope: "col" }, countryName.of(country) ?? country)))));
  const body = h("tbody");
  for (const row of countries) {
    const tr = h("tr", {}, h("th", { scope: "row" }, countryName.of(row) ?? row));
    for (const column of countries) {
      const pair = cells.get(`${row} ${column}`) ?? [];
      const total = pair.reduce((sum, cell) => sum + cell.partnerships, 0);
      const kinds = pair.map(cell => `${label(language, cell.kind)}: ${cell.partnerships}`).join(", ");
      tr.append(h("td", { class: total ? "filled" : "empty" }, total ? h("strong", {}, total) : "·", kinds ? h("small", {}, kinds) : null));
    }
    body.append(tr);
  }
  table.append(body);
  return [table];
}

/** Funding by programme: a row per programme with its beneficiaries as a bar, its calls and its budget. */
export function fundingByProgramme(data: FundingByProgrammeQuery, language: Language): Node[] {
  const most = Math.max(1, ...data.fundingStats.map(group => group.beneficiaries));
  const number = new Intl.NumberFormat(language);
  const table = h(
    "table",
    { class: "funding" },
    h("thead", {}, h("tr", {}, ...(["programme", "beneficiaries", "opportunities", "budget"] as const).map(key => h("th", { scope: "col" }, label(language, key))))),
  );
  const body = h("tbody");
  for (const group of data.fundingStats) {
    const budget = group.programme?.budget;
    body.append(
      h(
        "tr",
        {},
        h("th", { scope: "row" }, group.programme ? displayName(group.programme, language) : ""),
        h(
          "td",
          {},
          h(
            "span",
            { class: "bar-cell" },
            s("svg", { viewBox: "0 0 100 10", class: "bar", "aria-hidden": "true", preserveAspectRatio: "none" }, s("rect", { width: (100 * group.beneficiaries) / most, height: 10 })),
            h("span", {}, number.format(group.beneficiaries)),
          ),
        ),
        h("td", {}, number.format(group.opportunities)),
        h("td", {}, budget ? new Intl.NumberFormat(language, { style: "currency", currency: budget.currency, maximumFractionDigits: 0 }).format(budget.amount) : "—"),
      ),
    );
  }
  table.append(body);
  return [table];
}

/** A cluster's profile: what the graph says about it, and the sources that say so. */
export function clusterProfile(data: ClusterProfileQuery, language: Language): Node[] {
  const cluster = data.cluster;
  if (!cluster) return [h("p", {}, label(language, "notFound"))];
  const countryName = new Intl.DisplayNames([language], { type: "region" });
  const facts: [string, Node | string][] = [];
  const add = (key: Parameters<typeof label>[1], value: Node | string | null | undefined) => {
    if (value) facts.push([label(language, key), value]);
  };
  add("nameEn", cluster.nameEn && cluster.nameEn !== cluster.name ? cluster.nameEn : null);
  add("country", countryName.of(cluster.country) ?? cluster.country);
  add("place", [cluster.city, cluster.region].filter(Boolean).join(", "));
  const location = cluster.location;
  add("location", location ? `${[location.placeName, `${location.latitude.toFixed(4)}, ${location.longitude.toFixed(4)}`].filter(Boolean).join(" — ")} (${label(language, location.precision)}; ${location.coordinateSource})` : null);
  add("founded", cluster.foundedYear ? String(cluster.foundedYear) : null);
  add("sectors", cluster.sectors.join(", "));
  const count = cluster.latestMemberCount;
  add("latestCount", count ? `${label(language, count.qualifier, { count: count.count })}${count.asOf ? ` (${count.asOf})` : ""}: «${count.asWritten}», ${count.source.title}` : null);
  add("website", cluster.website ? h("a", { href: cluster.website, rel: "noopener noreferrer" }, cluster.website) : null);
  const nodes: Node[] = [h("dl", {}, ...facts.flatMap(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]))];
  if (cluster.description) nodes.push(h("p", { class: "description" }, cluster.description));
  if (cluster.memberships.length) {
    nodes.push(h("h3", {}, label(language, "members")));
    nodes.push(
      h(
        "ul",
        {},
        ...cluster.memberships.map(m => h("li", {}, m.organisation?.name ?? "", m.roles.length ? ` (${m.roles.map(role => label(language, role)).join(", ")})` : "")),
      ),
    );
  }
  nodes.push(h("h3", {}, label(language, "sources")));
  nodes.push(
    h(
      "ol",
      { class: "sources" },
      ...cluster.sources.map(source =>
        h(
          "li",
          { lang: source.language },
          source.url ? h("a", { href: source.url, rel: "noopener noreferrer" }, source.title) : source.title,
          [source.publisher, source.publishedOn].filter(Boolean).length ? ` — ${[source.publisher, source.publishedOn].filter(Boolean).join(", ")}` : "",
        ),
      ),
    ),
  );
  return nodes;
}
