import { randomUUID } from "node:crypto";
import { signSubgraphRequest, type SigningKey } from "../lib/platform/signature";

/** The parts of a Hive Gateway subgraph fetch that its `onFetch` hook may change (a RequestInit). */
export interface HiveFetchOptions {
  method?: string;
  headers?: HeadersInit;
  body?: unknown;
  [option: string]: unknown;
}

/**
 * A Hive Gateway subgraph fetch with the headers our gateway sends: the identity of nobody (the bench reads without a
 * key), a fresh request id, and the RFC 9421 signature over method, URL and body digest (lib/platform/signature.ts).
 */
export function signHiveFetch(key: SigningKey, url: string, options: HiveFetchOptions): HiveFetchOptions {
  const headers = new Headers(options.headers);
  if (options.body !== undefined && typeof options.body !== "string") throw new Error("Hive Gateway sent a subgraph body that is not a string; it cannot be signed");
  const method = (options.method ?? "GET").toUpperCase();
  const signed = signSubgraphRequest(key, { method, url, body: options.body as string | undefined, caller: null, requestId: randomUUID() });
  for (const [name, value] of Object.entries(signed)) headers.set(name, value);
  return { ...options, method, headers: Object.fromEntries(headers) };
}
