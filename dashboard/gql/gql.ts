/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ClusterMap {\n    clusters(first: 100) {\n      totalCount\n      nodes { id name nameEn country city location { latitude longitude precision placeName } }\n    }\n  }\n": typeof types.ClusterMapDocument,
    "\n  query MemberCounts {\n    memberCountSeries {\n      cluster { id name nameEn country }\n      points { year count qualifier asOf }\n    }\n  }\n": typeof types.MemberCountsDocument,
    "\n  query PartnershipMatrix {\n    partnershipMatrix { countryA countryB kind partnerships }\n  }\n": typeof types.PartnershipMatrixDocument,
    "\n  query FundingByProgramme {\n    fundingStats(by: PROGRAMME) {\n      programme { id name nameEn budget { amount currency } }\n      beneficiaries\n      opportunities\n    }\n  }\n": typeof types.FundingByProgrammeDocument,
    "\n  query ClusterProfile($id: ID!) {\n    cluster(id: $id) {\n      id name nameEn aliases country region city sectors website description foundedYear\n      location { latitude longitude precision placeName coordinateSource }\n      latestMemberCount { count qualifier asOf asWritten source { title } }\n      memberships(first: 100) { roles organisation { id name } }\n      sources { id title url publisher publishedOn language }\n    }\n  }\n": typeof types.ClusterProfileDocument,
};
const documents: Documents = {
    "\n  query ClusterMap {\n    clusters(first: 100) {\n      totalCount\n      nodes { id name nameEn country city location { latitude longitude precision placeName } }\n    }\n  }\n": types.ClusterMapDocument,
    "\n  query MemberCounts {\n    memberCountSeries {\n      cluster { id name nameEn country }\n      points { year count qualifier asOf }\n    }\n  }\n": types.MemberCountsDocument,
    "\n  query PartnershipMatrix {\n    partnershipMatrix { countryA countryB kind partnerships }\n  }\n": types.PartnershipMatrixDocument,
    "\n  query FundingByProgramme {\n    fundingStats(by: PROGRAMME) {\n      programme { id name nameEn budget { amount currency } }\n      beneficiaries\n      opportunities\n    }\n  }\n": types.FundingByProgrammeDocument,
    "\n  query ClusterProfile($id: ID!) {\n    cluster(id: $id) {\n      id name nameEn aliases country region city sectors website description foundedYear\n      location { latitude longitude precision placeName coordinateSource }\n      latestMemberCount { count qualifier asOf asWritten source { title } }\n      memberships(first: 100) { roles organisation { id name } }\n      sources { id title url publisher publishedOn language }\n    }\n  }\n": types.ClusterProfileDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterMap {\n    clusters(first: 100) {\n      totalCount\n      nodes { id name nameEn country city location { latitude longitude precision placeName } }\n    }\n  }\n"): typeof import('./graphql').ClusterMapDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MemberCounts {\n    memberCountSeries {\n      cluster { id name nameEn country }\n      points { year count qualifier asOf }\n    }\n  }\n"): typeof import('./graphql').MemberCountsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PartnershipMatrix {\n    partnershipMatrix { countryA countryB kind partnerships }\n  }\n"): typeof import('./graphql').PartnershipMatrixDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FundingByProgramme {\n    fundingStats(by: PROGRAMME) {\n      programme { id name nameEn budget { amount currency } }\n      beneficiaries\n      opportunities\n    }\n  }\n"): typeof import('./graphql').FundingByProgrammeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterProfile($id: ID!) {\n    cluster(id: $id) {\n      id name nameEn aliases country region city sectors website description foundedYear\n      location { latitude longitude precision placeName coordinateSource }\n      latestMemberCount { count qualifier asOf asWritten source { title } }\n      memberships(first: 100) { roles organisation { id name } }\n      sources { id title url publisher publishedOn language }\n    }\n  }\n"): typeof import('./graphql').ClusterProfileDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
