import http from "node:http";

/** A subgraph's raw answer: status, headers and the body as text (parsed by each reader, never shared as objects). */
export interface SubgraphAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A subgraph that did not answer within its time. Named like the AbortSignal timeout error the data source expects. */
export class SubgraphTimeoutError extends Error {
  override readonly name = "TimeoutError";
}

/**
 * POSTs to one subgraph over kept-alive sockets with node:http. Node 20's global `fetch` (undici) spent about a fifth of
 * the gateway's CPU per request on web streams, transferable AbortSignals and Request objects (docs/performance.md "Speed"); a
 * subgraph request is one small JSON POST with a JSON answer, which node:http does with none of that.
 */
export class SubgraphHttpClient {
  // LIFO reuses the most recently used sockets, so idle ones time out and close instead of all staying warm.
  private readonly agent = new http.Agent({ keepAlive: true, scheduling: "lifo", maxSockets: 256, keepAliveMsecs: 10_000 });

  constructor(private readonly timeoutMs: number) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<SubgraphAnswer> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, {
        method: "POST",
        agent: this.agent,
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
      });
      // One deadline for the whole exchange (connect, send, wait, read), as the data source promises.
      const timer = setTimeout(() => request.destroy(new SubgraphTimeoutError(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on("error", error => {
        clearTimeout(timer);
        reject(error);
      });
      request.on("response", response => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", error => {
          clearTimeout(timer);
          reject(error);
        });
        response.on("end", () => {
          clearTimeout(timer);
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
        });
      });
      request.end(body);
    });
  }

  /** Closes the kept-alive sockets (on gateway stop). */
  close() {
    this.agent.destroy();
  }
}

/**
 * Identical subgraph reads in flight at the same time share one fetch: when many dashboards load the same panel at
 * once, a subgraph answers it once. The key holds everything the answer depends on (subgraph, caller, operation,
 * variables). Nothing is kept after the fetch ends: this is not a cache. A write through the same subgraph forgets
 * every pending fetch (`forget`), so a read that starts after a write has answered never shares an answer fetched
 * before it. The gateway shares only answers' text (every request parses its own copy, since it merges later fetches
 * into what it parsed); `sharers` tells a holder of anything else whether to copy it.
 */
export class InflightReads<T = SubgraphAnswer> {
  // By caller, then by operation: the operation's text (an entity fetch's is up to a megabyte) is a key as it is,
  // never copied into a longer one, so a fetch in flight holds its text once.
  private readonly pending = new Map<string, Map<string, { answer: Promise<T>; sharers: number }>>();
  /** Fetches that were answered by another request's fetch, for the metrics. */
  shared = 0;

  /**
   * The answer of the fetch of `operation` (its text with variables) for `caller`, started now or already in flight,
   * and whether this caller joined another's. `sharers()` is final once the answer is in: the entry is gone before
   * anyone awaiting it resumes.
   */
  join(caller: string, operation: string, fetch: () => Promise<T>): { answer: Promise<T>; joined: boolean; sharers: () => number } {
    let reads = this.pending.get(caller);
    const running = reads?.get(operation);
    if (running) {
      this.shared++;
      running.sharers++;
      return { answer: running.answer, joined: true, sharers: () => running.sharers };
    }
    if (!reads) this.pending.set(caller, (reads = new Map()));
    const callerReads = reads;
    const entry = {
      answer: fetch().finally(() => {
        callerReads.delete(operation);
        if (!callerReads.size && this.pending.get(caller) === callerReads) this.pending.delete(caller);
      }),
      sharers: 0,
    };
    callerReads.set(operation, entry);
    return { answer: entry.answer, joined: false, sharers: () => entry.sharers };
  }

  /** The answer of the fetch of `operation` for `caller`, started now or already in flight. */
  run(caller: string, operation: string, fetch: () => Promise<T>): Promise<T> {
    return this.join(caller, operation, fetch).answer;
  }

  /** After a write: reads from now on fetch anew (those already waiting keep their fetch). */
  forget() {
    this.pending.clear();
  }

  /** Fetches in flight. */
  get size() {
    let size = 0;
    for (const reads of this.pending.values()) size += reads.size;
    return size;
  }
}
