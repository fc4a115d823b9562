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
    "\n  query MyKeys {\n    me { id name admin keys { id createdAt revokedAt } }\n  }\n": typeof types.MyKeysDocument,
    "\n  mutation IssueKey {\n    issueKey { key apiKey { id createdAt revokedAt } }\n  }\n": typeof types.IssueKeyDocument,
    "\n  mutation RevokeKey($id: ID!) {\n    revokeKey(id: $id) { id revokedAt }\n  }\n": typeof types.RevokeKeyDocument,
    "\n  query Partners {\n    partners { id name admin createdAt }\n  }\n": typeof types.PartnersDocument,
    "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) { key partner { id name admin } apiKey { id } }\n  }\n": typeof types.CreatePartnerDocument,
};
const documents: Documents = {
    "\n  query MyKeys {\n    me { id name admin keys { id createdAt revokedAt } }\n  }\n": types.MyKeysDocument,
    "\n  mutation IssueKey {\n    issueKey { key apiKey { id createdAt revokedAt } }\n  }\n": types.IssueKeyDocument,
    "\n  mutation RevokeKey($id: ID!) {\n    revokeKey(id: $id) { id revokedAt }\n  }\n": types.RevokeKeyDocument,
    "\n  query Partners {\n    partners { id name admin createdAt }\n  }\n": types.PartnersDocument,
    "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) { key partner { id name admin } apiKey { id } }\n  }\n": types.CreatePartnerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyKeys {\n    me { id name admin keys { id createdAt revokedAt } }\n  }\n"): typeof import('./graphql').MyKeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IssueKey {\n    issueKey { key apiKey { id createdAt revokedAt } }\n  }\n"): typeof import('./graphql').IssueKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeKey($id: ID!) {\n    revokeKey(id: $id) { id revokedAt }\n  }\n"): typeof import('./graphql').RevokeKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Partners {\n    partners { id name admin createdAt }\n  }\n"): typeof import('./graphql').PartnersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePartner($input: CreatePartnerInput!) {\n    createPartner(input: $input) { key partner { id name admin } apiKey { id } }\n  }\n"): typeof import('./graphql').CreatePartnerDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
