/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A new partner: administrators only. It gets a first key, shown once. */
export type CreatePartnerInput = {
  /** Whether the partner is an administrator (false when empty). */
  admin?: boolean | null | undefined;
  /** Its id: lower-case words joined by hyphens; made from the name when empty. */
  id?: string | number | null | undefined;
  /** The partner's name, as it calls itself. */
  name: string;
};

export type MyKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type MyKeysQuery = { me: { id: string, name: string, admin: boolean, keys: Array<{ id: string, createdAt: unknown, revokedAt: unknown }> } | null };

export type IssueKeyMutationVariables = Exact<{ [key: string]: never; }>;


export type IssueKeyMutation = { issueKey: { key: string, apiKey: { id: string, createdAt: unknown, revokedAt: unknown } } };

export type RevokeKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeKeyMutation = { revokeKey: { id: string, revokedAt: unknown } };

export type PartnersQueryVariables = Exact<{ [key: string]: never; }>;


export type PartnersQuery = { partners: Array<{ id: string, name: string, admin: boolean, createdAt: unknown }> };

export type CreatePartnerMutationVariables = Exact<{
  input: CreatePartnerInput;
}>;


export type CreatePartnerMutation = { createPartner: { key: string, partner: { id: string, name: string, admin: boolean }, apiKey: { id: string } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MyKeysDocument = new TypedDocumentString(`
    query MyKeys {
  me {
    id
    name
    admin
    keys {
      id
      createdAt
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<MyKeysQuery, MyKeysQueryVariables>;
export const IssueKeyDocument = new TypedDocumentString(`
    mutation IssueKey {
  issueKey {
    key
    apiKey {
      id
      createdAt
      revokedAt
    }
  }
}
    `) as unknown as TypedDocumentString<IssueKeyMutation, IssueKeyMutationVariables>;
export const RevokeKeyDocument = new TypedDocumentString(`
    mutation RevokeKey($id: ID!) {
  revokeKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeKeyMutation, RevokeKeyMutationVariables>;
export const PartnersDocument = new TypedDocumentString(`
    query Partners {
  partners {
    id
    name
    admin
    createdAt
  }
}
    `) as unknown as TypedDocumentString<PartnersQuery, PartnersQueryVariables>;
export const CreatePartnerDocument = new TypedDocumentString(`
    mutation CreatePartner($input: CreatePartnerInput!) {
  createPartner(input: $input) {
    key
    partner {
      id
      name
      admin
    }
    apiKey {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<CreatePartnerMutation, CreatePartnerMutationVariables>;