import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { compressedVariants, sendPage, type Variant } from "./page";

/** Example queries in the explorer's tabs: one for each kind of user. */
export const EXPLORER_EXAMPLES = [
  {
    query: `# A dashboard builder: clusters, members and reported members by country, and a growth chart
query DashboardByCountry {
  clusterStats(by: COUNTRY) { key clusters memberships reportedMembers }
  memberCountSeries(filter: { country: PL }) { cluster { name } points { year count } }
  partnershipMatrix { countryA countryB kind partnerships }
  fundingStats(by: FUNDER) { funder { name nameEn } programmes beneficiaries }
}`,
  },
  {
    query: `# An analyst: Polish and Ukrainian clusters founded 2010-2016, largest first, with their partners and funding
query LargestClusters {
  clusters(filter: { countries: [PL, UA], foundedYear: { min: 2010, max: 2016 } }, orderBy: { field: LATEST_MEMBER_COUNT, direction: DESC }) {
    totalCount
    nodes { name country foundedYear latestMemberCount { count asOf } partnerships { title } funding { programme { name } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  },
  {
    query: `# One search box in any alphabet: Lviv, Львів, Lwów and lwow find the same records, ranked, with the name each matched by
query FindLviv {
  search(query: "Lwów") {
    searchedFor
    clusters(first: 5) { score matchedName node { id name city } }
    organisations(first: 5) { score matchedName node { id name } }
    partnerships(first: 5) { score matchedName node { id title } }
    programmes(first: 5) { score matchedName node { id name } }
    events(first: 5) { score matchedName node { id title } }
    # Every type in one list, by the same score
    ranked(first: 10) {
      type score matchedName
      node { ... on Cluster { name } ... on Organisation { name } ... on Partnership { title } ... on FundingProgramme { name } ... on Event { title } }
    }
  }
}`,
  },
  {
    query: `# A partner NGO: what the graph says about us, and where each fact comes from
query OurRecord {
  organisation(id: "podlaska-fundacja-rozwoju-regionalnego") {
    name kind country
    partnerships { title places parties { role organisation { name } } }
    funding { role programme { name } }
    sources { title url }
  }
}`,
  },
];

// The page changes only with a new build, so a browser keeps it ten minutes and then asks again with If-None-Match.
const CACHE_CONTROL = "public, max-age=600";

interface Page {
  variants: Variant[];
  policy: string;
}

/**
 * The page's Content-Security-Policy: its two inline scripts by their SHA-256, GraphiQL's editor workers from blob: URLs,
 * the styles GraphiQL inserts as it runs, fonts and icons inlined as data: URLs, GraphQL requests to this origin only, and
 * no framing (clickjacking).
 */
export function explorerPolicy(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(([, code]) => `'sha256-${createHash("sha256").update(code).digest("base64")}'`);
  return [
    "default-src 'none'",
    `script-src ${scripts.join(" ")} blob:`,
    "worker-src blob:",
    "style-src 'unsafe-inline'",
    "img-src data:",
    "font-src data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

let page: Promise<Page> | null = null;

/** Renders the page once, with its compressed variants: 9 MB of HTML is about 2.4 MB gzipped and 1.9 MB in brotli. */
async function renderPage(): Promise<Page> {
  const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql");
  const html = renderGraphiQL({ title: "Cluster Hub explorer", endpoint: "/graphql", defaultTabs: EXPLORER_EXAMPLES });
  return { variants: await compressedVariants(Buffer.from(html)), policy: explorerPolicy(html) };
}

/**
 * `GET /graphql` from a browser: GraphiQL, whose scripts and styles come inlined from the npm package (no CDN).
 * The package is loaded on the first visit: its inlined bundle is about 15 MB of heap that API traffic never needs.
 * The answer is compressed when the browser accepts it, carries an ETag, and is 304 when the browser has it already.
 */
export async function explorerHandler(req: Request, res: Response, next: NextFunction) {
  // A browser prefers HTML; API clients (curl's */*, fetch) and GET queries go on to the GraphQL server.
  if (req.accepts(["application/json", "text/html"]) !== "text/html" || req.query.query) {
    next();
    return;
  }
  page ??= renderPage().catch(error => {
    page = null;
    throw error;
  });
  const { variants, policy } = await page;
  // 10 requests for the gzipped page, 35 uncompressed.
  await sendPage(req, res, {
    variants,
    type: "html",
    name: "the explorer's page",
    headers: { "content-security-policy": policy, "cache-control": CACHE_CONTROL, vary: "Accept, Accept-Encoding" },
  });
}
