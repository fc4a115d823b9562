import { graphql } from "./gql";

// One query per panel, and one for the profile a click opens: the page shows each text, so a builder can copy it.

/** The map: every cluster, where it is. */
export const clusterMapQuery = graphql(`
  query ClusterMap {
    clusters(first: 100) {
      totalCount
      nodes { id name nameEn country city location { latitude longitude precision placeName } }
    }
  }
`);

/** Member counts over time: one line per cluster with a dated count. */
export const memberCountsQuery = graphql(`
  query MemberCounts {
    memberCountSeries {
      cluster { id name nameEn country }
      points { year count qualifier asOf }
    }
  }
`);

/** Partnerships by pair of countries and kind; a pair of one country counts its domestic partnerships. */
export const partnershipMatrixQuery = graphql(`
  query PartnershipMatrix {
    partnershipMatrix { countryA countryB kind partnerships }
  }
`);

/** Funding by programme: how many beneficiaries and open calls each programme has, and its budget. */
export const fundingByProgrammeQuery = graphql(`
  query FundingByProgramme {
    fundingStats(by: PROGRAMME) {
      programme { id name nameEn budget { amount currency } }
      beneficiaries
      opportunities
    }
  }
`);

/** A cluster's profile, with the sources of what it says. */
export const clusterProfileQuery = graphql(`
  query ClusterProfile($id: ID!) {
    cluster(id: $id) {
      id name nameEn aliases country region city sectors website description foundedYear
      location { latitude longitude precision placeName coordinateSource }
      latestMemberCount { count qualifier asOf asWritten source { title } }
      memberships(first: 100) { roles organisation { id name } }
      sources { id title url publisher publishedOn language }
    }
  }
`);
