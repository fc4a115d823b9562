/// <reference lib="dom" />
import type { TypedDocumentString } from "./gql/graphql";

/** What the graph answered: its data (possibly partial) and its errors, each with a code. */
export interface Answer<T> {
  data: T | null;
  errors: { message: string; extensions?: { code?: string } }[];
}

/** Sends one query to the public graph, as an anonymous client, and returns its answer, or its refusal as an error. */
export async function ask<Result, Variables>(document: TypedDocumentString<Result, Variables>, variables?: Variables): Promise<Answer<Result>> {
  try {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = (await response.json()) as Partial<Answer<Result>>;
    return { data: body.data ?? null, errors: body.errors ?? [] };
  } catch (error) {
    return { data: null, errors: [{ message: (error as Error).message }] };
  }
}
