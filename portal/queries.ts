import { graphql } from "./gql";

// The portal's fixed questions, typed by codegen; its record pages and forms are built from the schema (portal/forms.ts).

/** The signed-in partner and its keys. */
export const myKeysQuery = graphql(`
  query MyKeys {
    me { id name admin keys { id createdAt revokedAt } }
  }
`);

/** A new key for the signed-in partner, shown once. */
export const issueKeyMutation = graphql(`
  mutation IssueKey {
    issueKey { key apiKey { id createdAt revokedAt } }
  }
`);

/** Revokes one of the partner's keys. */
export const revokeKeyMutation = graphql(`
  mutation RevokeKey($id: ID!) {
    revokeKey(id: $id) { id revokedAt }
  }
`);

/** Administrators: every partner. */
export const partnersQuery = graphql(`
  query Partners {
    partners { id name admin createdAt }
  }
`);

/** Administrators: a new partner and its first key, shown once. */
export const createPartnerMutation = graphql(`
  mutation CreatePartner($input: CreatePartnerInput!) {
    createPartner(input: $input) { key partner { id name admin } apiKey { id } }
  }
`);
