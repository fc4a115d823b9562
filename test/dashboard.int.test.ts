import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { theGraph } from "./helpers/graph";

/**
 * The starter dashboard in a real browser: Debian's Chromium, headless, driven by playwright-core, against the shared
 * graph's gateway. Screenshots go to test/output/ (gitignored); .ci/run installs Chromium when it is missing.
 */
const graph = theGraph();
const base = graph.gatewayUrl.replace(/\/graphql$/, "");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const OUTPUT = path.resolve(__dirname, "output");
// Without the background-networking flags this Chromium's own connections (updates, sync) are refused here and logged.
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  // Said plainly rather than as playwright's launch error: the one thing a developer's machine may lack.
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install chromium), or set CHROMIUM_PATH`);
  // playwright-core gives each launch a fresh profile (--user-data-dir) of its own, and removes it on close.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
});
afterAll(async () => {
  await browser?.close();
});

/** What a visit saw: console errors and uncaught exceptions, and every request the page made. */
interface Visit {
  page: Page;
  context: BrowserContext;
  errors: string[];
  requests: { method: string; url: string }[];
}

/** Opens the dashboard in a fresh browser context (no cache, no stored language) and waits until every panel is drawn. */
async function visit(locale = "en-GB"): Promise<Visit> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: Visit["requests"] = [];
  page.on("console", message => void (message.type() === "error" && errors.push(message.text())));
  page.on("pageerror", error => void errors.push(error.message));
  page.on("request", request => void requests.push({ method: request.method(), url: request.url() }));
  await page.goto(`${base}/dashboard`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, context, errors, requests };
}

const MAP_QUERY = /* GraphQL */ `
  query Located { clusters(first: 100) { totalCount nodes { id name location { latitude longitude } } } }
`;

describe("the starter dashboard in a browser", () => {
  it("draws the three countries and one marker per cluster with a location, with no console error and nothing from elsewhere", async () => {
    const { page, context, errors, requests } = await visit();
    const { clusters } = await graph.data(MAP_QUERY);
    const located = clusters.nodes.filter((cluster: { location: unknown }) => cluster.location).map((cluster: { id: string }) => cluster.id);
    expect(located.length).toBeGreaterThan(0);

    expect(await page.locator("path.country").count()).toBe(3);
    const markers = await page.locator("circle.marker").evaluateAll(circles => circles.map(circle => circle.getAttribute("data-cluster")));
    expect(markers.sort()).toEqual([...located].sort());
    await page.screenshot({ path: path.join(OUTPUT, "dashboard.png"), fullPage: true });

    expect(errors).toEqual([]);
    // Everything from the gateway: the page, its script and styles, and one query per panel.
    expect(requests.filter(request => !request.url.startsWith(`${base}/`))).toEqual([]);
    expect(requests.map(request => `${request.method} ${request.url.slice(base.length)}`).sort()).toEqual(
      ["GET /dashboard", "GET /dashboard/dashboard.css", "GET /dashboard/dashboard.js", ...Array(4).fill("POST /graphql")].sort(),
    );
    await context.close();
  });

  it("shows the numbers the graph gives, and under each panel the query behind it, which runs as it is shown", async () => {
    const { page, context } = await visit();
    const queries = await page.locator("section.panel details.query code").allTextContents();
    expect(queries.map(query => /query (\w+)/.exec(query)?.[1])).toEqual(["ClusterMap", "MemberCounts", "PartnershipMatrix", "FundingByProgramme"]);
    const answers = await Promise.all(queries.map(query => graph.query(query)));
    expect(answers.map(answer => answer.errors)).toEqual([undefined, undefined, undefined, undefined]);
    const [, counts, matrix, funding] = answers.map(answer => answer.data);

    // The partnership matrix: each cell the pair's partnerships, the same both ways.
    const totals = new Map<string, number>();
    for (const cell of matrix.partnershipMatrix as { countryA: string; countryB: string; partnerships: number }[]) {
      for (const key of new Set([`${cell.countryA}${cell.countryB}`, `${cell.countryB}${cell.countryA}`])) totals.set(key, (totals.get(key) ?? 0) + cell.partnerships);
    }
    const countries = [...new Set([...totals.keys()].map(key => key.slice(0, 2)))].sort();
    const cells = await page.locator("#matrix-panel tbody tr").evaluateAll(rows => rows.map(row => [...row.querySelectorAll("td")].map(cell => cell.querySelector("strong")?.textContent ?? "")));
    expect(cells).toEqual(countries.map(a => countries.map(b => String(totals.get(`${a}${b}`) ?? ""))));

    // Funding by programme: a row per programme, with its beneficiaries.
    const rows = await page.locator("#funding-panel tbody tr").evaluateAll(trs => trs.map(tr => [tr.querySelector("th")!.textContent, tr.querySelector(".bar-cell span")!.textContent]));
    expect(rows).toEqual(
      funding.fundingStats.map((group: { programme: { name: string; nameEn: string | null }; beneficiaries: number }) => [group.programme.nameEn ?? group.programme.name, String(group.beneficiaries)]),
    );

    // Member counts over time: a line and a legend entry per cluster with dated counts.
    const lines = counts.memberCountSeries.filter((line: { points: unknown[] }) => line.points.length);
    expect(await page.locator("#counts-panel polyline.line").count()).toBe(lines.length);
    const legend = await page.locator("#counts-panel .legend li").allTextContents();
    expect(legend).toHaveLength(lines.length);
    lines.forEach((line: { cluster: { name: string; nameEn: string | null }; points: { count: number }[] }, index: number) => {
      expect(legend[index].startsWith(`${line.cluster.nameEn ?? line.cluster.name}: `), legend[index]).toBe(true);
      for (const point of line.points) expect(legend[index]).toContain(String(point.count));
    });
    await context.close();
  });

  it("opens a cluster's profile from the keyboard, with its sources, and gives focus back when it closes", async () => {
    const { page, context, errors, requests } = await visit();
    // Tab from the top of the page to the first marker: the language switch first, then the map's markers.
    let focused: string | null = null;
    for (let tab = 0; tab < 10 && !focused; tab++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => (document.activeElement?.matches("circle.marker") ? document.activeElement.getAttribute("data-cluster") : null));
    }
    expect(focused).toBeTruthy();
    // The key goes in as a real key press; its promise is left pending since, against this page, playwright-core waits for
    // something after the press that never comes (the page itself handles the key at once: the dialog opens).
    void page.keyboard.press("Enter").catch(() => undefined);
    await page.waitForSelector(`dialog#profile[open][data-loaded="${focused}"]`);

    const { cluster } = await graph.data(
      /* GraphQL */ `query Profile($id: ID!) { cluster(id: $id) { name sources { title } location { coordinateSource } } }`,
      { id: focused },
    );
    expect(await page.locator("#profile-title").textContent()).toBe(cluster.name);
    expect(await page.locator("#profile ol.sources li").evaluateAll(items => items.map(item => item.firstChild!.textContent))).toEqual(
      cluster.sources.map((source: { title: string }) => source.title),
    );
    expect(await page.locator("#profile dl").textContent()).toContain(cluster.location.coordinateSource);
    await page.screenshot({ path: path.join(OUTPUT, "dashboard-profile.png") });

    void page.keyboard.press("Escape").catch(() => undefined);
    await page.waitForSelector("dialog#profile:not([open])", { state: "attached" });
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-cluster"))).toBe(focused);
    expect(errors).toEqual([]);
    expect(requests.filter(request => request.method === "POST")).toHaveLength(5);
    await context.close();
  });

  it("speaks the browser's language among Ukrainian, Polish and English, and switches without asking the graph again", async () => {
    const { page, context, requests } = await visit("pl-PL");
    expect(await page.getAttribute("html", "lang")).toBe("pl");
    expect(await page.locator("h1").textContent()).toBe("Klastry Ukrainy, Polski i Białorusi");
    expect(await page.locator("#map-title").textContent()).toBe("Klastry na mapie");

    await page.selectOption("#language", "uk");
    expect(await page.getAttribute("html", "lang")).toBe("uk");
    expect(await page.locator("h1").textContent()).toBe("Кластери України, Польщі та Білорусі");
    expect(await page.locator("#matrix-panel thead th").allTextContents()).toContain("Польща");
    await page.selectOption("#language", "en");
    expect(await page.locator("#funding-title").textContent()).toBe("Funding by programme");
    expect(requests.filter(request => request.method === "POST")).toHaveLength(4);
    await context.close();
  });

  it("has no accessibility violation that axe-core finds", async () => {
    const { page, context } = await visit();
    // Evaluated through the DevTools protocol, which the page's CSP does not govern: the page itself runs no inline script.
    await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
      return result.violations.map(violation => ({ id: violation.id, nodes: violation.nodes.map(node => node.target.join(" ")) }));
    });
    expect(violations).toEqual([]);
    await context.close();
  });
});
