import type { NextFunction, Request, Response } from "express";

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

let page: string | null = null;

/**
 * `GET /graphql` from a browser: GraphiQL, whose scripts and styles come inlined from the npm package (no CDN).
 * The package is loaded on the first visit: its inlined bundle is about 15 MB of heap that API traffic never needs.
 */
export async function explorerHandler(req: Request, res: Response, next: NextFunction) {
  // A browser prefers HTML; API clients (curl's */*, fetch) and GET queries go on to the GraphQL server.
  if (req.accepts(["application/json", "text/html"]) !== "text/html" || req.query.query) {
    next();
    return;
  }
  if (!page) {
    const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql");
    page = renderGraphiQL({ title: "Cluster Hub explorer", endpoint: "/graphql", defaultTabs: EXPLORER_EXAMPLES });
  }
  res.type("html").send(page);
}
