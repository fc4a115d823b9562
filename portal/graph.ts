/// <reference lib="dom" />
import type { TypedDocumentString } from "./gql/graphql";

/** One error of an answer, with the code and the argument or field at fault when the graph names one. */
export interface GraphError {
  message: string;
  extensions?: { code?: string; argument?: string; problems?: { field: string; problem: string }[] };
}

export interface Answer<T> {
  data: T | null;
  errors: GraphError[];
}

/** Who is signed in, as `/portal/session` says, with the CSRF token every request of the session must carry. */
export interface Session {
  partner: { id: string; name: string; admin: boolean };
  csrfToken: string;
}

// Kept in this page's memory only: the cookie (HttpOnly) is the browser's, the key is never kept at all.
let csrfToken = "";

/** The session of this browser, if any (after a reload, the CSRF token again). */
export async function currentSession(): Promise<Session | null> {
  const response = await fetch("/portal/session", { headers: { accept: "application/json" } });
  if (!response.ok) return null;
  const session = (await response.json()) as Session;
  csrfToken = session.csrfToken;
  return session;
}

/** Exchanges a key for a session; answers the refusal's message when the key is refused. */
export async function signIn(key: string): Promise<Session | string> {
  const response = await fetch("/portal/session", { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ key }) });
  const body = (await response.json()) as Session & { errors?: GraphError[] };
  if (!response.ok) return body.errors?.[0]?.message ?? String(response.status);
  csrfToken = body.csrfToken;
  return body;
}

/** Ends the session. */
export async function signOut(): Promise<void> {
  await fetch("/portal/session", { method: "DELETE", headers: { "x-csrf-token": csrfToken } });
  csrfToken = "";
}

/** Sends one operation as the signed-in partner (the session cookie and its CSRF token); typed when codegen made it. */
export async function ask<Result, Variables>(document: TypedDocumentString<Result, Variables> | string, variables?: Variables): Promise<Answer<Result>> {
  try {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", "x-csrf-token": csrfToken },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    const body = (await response.json()) as Partial<Answer<Result>>;
    return { data: body.data ?? null, errors: body.errors ?? [] };
  } catch (error) {
    return { data: null, errors: [{ message: (error as Error).message }] };
  }
}
