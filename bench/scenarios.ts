import type { Dataset } from "./chart";

/**
 * What the gateways run with besides their defaults. autocannon is one client at one address sending far more than
 * 300 requests a minute, so only the per-address and per-key rate limits are lifted; every other limit (cost, depth,
 * page size, body, timeout) stays at its default and is measured as shipped.
 */
export const BENCH_GATEWAY_ENV: Record<string, string> = { RATE_LIMIT_PER_ADDRESS: "100000000", RATE_LIMIT_PER_KEY: "100000000" };

export interface Scenario {
  /** A short name for `--scenarios`. */
  key: string;
  name: string;
  query: string;
  variables: (dataset: Dataset) => Record<string, unknown>;
}

/** What the bench measures, and what test/routers.int.test.ts asks every router in front: the same queries, the same variables. */
export const SCENARIOS: Scenario[] = [
  {
    key: "dashboard",
    name: "dashboard (all four subgraphs)",
    query: `query Dashboard {
      clusterStats(by: COUNTRY) { key clusters memberships reportedMembers }
      partnershipMatrix { countryA countryB kind partnerships }
      fundingStats(by: FUNDER) { funder { name } programmes beneficiaries }
      organisations(first: 1) { totalCount }
    }`,
    variables: () => ({}),
  },
  {
    key: "list",
    name: "100 clusters, fully linked",
    query: `query Clusters {
      clusters(first: 100) {
        nodes {
          name latestMemberCount { count }
          memberships { roles organisation { name country } }
          partnerships { title parties { role cluster { name } } }
          funding { role programme { name funders { name } } }
        }
      }
    }`,
    variables: () => ({}),
  },
  {
    key: "list-paged",
    name: "100 clusters, first 10 members each",
    query: `query ClustersPaged {
      clusters(first: 100) {
        nodes {
          name latestMemberCount { count }
          memberships(first: 10) { roles organisation { name country } }
          partnerships { title parties { role cluster { name } } }
          funding { role programme { name funders { name } } }
        }
      }
    }`,
    variables: () => ({}),
  },
  {
    key: "one",
    name: "one cluster by id",
    query: `query One($id: ID!) { cluster(id: $id) { name country city sectors latestMemberCount { count } coordinator { name } funding { programme { name } } } }`,
    variables: dataset => ({ id: dataset === "sample" ? "lubelska-medycyna" : "syn-cluster-0000042" }),
  },
  {
    // The search box as clients now ask it: the root `search`, hits from four subgraphs (events' left out, so that runs
    // stay comparable). Runs before this change measured `searchClusters` (one subgraph) under the same name; see
    // docs/performance.md "Benchmark".
    key: "search",
    name: "search",
    query: `query Search($q: String!) {
      search(query: $q) {
        clusters(first: 10) { score matchedName node { id name } }
        organisations(first: 10) { score matchedName node { id name } }
        partnerships(first: 10) { score matchedName node { id title } }
        programmes(first: 10) { score matchedName node { id name } }
      }
    }`,
    variables: () => ({ q: "Lwów" }),
  },
  {
    // Every kind in one list: the plan `@requires` (clusters, the four others in parallel, clusters again), which other
    // routers must plan as ours does (test/routers.int.test.ts).
    key: "ranked",
    name: "ranked search",
    query: `query Ranked($q: String!) {
      search(query: $q) {
        ranked(first: 10) { type score matchedName node { ... on Cluster { id name } ... on Organisation { id name } ... on Partnership { id title } ... on FundingProgramme { id name } ... on Event { id title } } }
      }
    }`,
    variables: () => ({ q: "Lwów" }),
  },
  {
    key: "aggregate",
    name: "aggregate",
    query: `query BySector { clusterStats(by: SECTOR) { key clusters memberships reportedMembers } }`,
    variables: () => ({}),
  },
];
