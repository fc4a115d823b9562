/**
 * What the gateway holds for a request grows with its answer: the subgraphs' answers, parsed, the merged result and its
 * text. Many large queries at once could take the gateway past its heap and stop it. So a request runs only while the
 * answers expected of the requests in flight stay within a budget; the rest wait their turn, first come first served,
 * and a request that has waited too long is refused with 503 OVERLOADED rather than run late.
 *
 * A request's expected size is what the same operation with the same variables fetched from the subgraphs the last
 * time (`AnswerSizes`); an operation not seen yet is priced by its cost (gateway/limits.ts `selectionCost`), an upper
 * bound that assumes every list is full. The cost alone would treat "100 clusters" alike on a graph of 8 clusters
 * and of 10,000, and hold back requests that are small in fact.
 */
export class AdmissionBudget {
  private inFlight = 0;
  private readonly waiting: { size: number; admit: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** The expected size of the requests running now. */
  get running(): number {
    return this.inFlight;
  }

  /** How many requests wait for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits until a request of `size` may run, and gives back its `release`, to call once when it is done. A request
   * runs at once when nothing else does, whatever its size, so the budget never refuses what MAX_COST allows.
   * Null after `timeoutMs` of waiting: the request must not run.
   */
  acquire(size: number, timeoutMs: number): Promise<(() => void) | null> {
    if (!this.waiting.length && this.fits(size)) return Promise.resolve(this.take(size));
    return new Promise(resolve => {
      const entry = {
        size,
        admit: () => {
          clearTimeout(timer);
          resolve(this.take(size));
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        resolve(null);
        // The one that timed out may have held back smaller ones behind it.
        this.admitWaiting();
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }

  private fits(size: number): boolean {
    return this.inFlight === 0 || this.inFlight + size <= this.limit;
  }

  private take(size: number): () => void {
    this.inFlight += size;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= size;
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    while (this.waiting.length && this.fits(this.waiting[0].size)) this.waiting.shift()!.admit();
  }
}

/** What each recent operation (with its variables) fetched from the subgraphs, in characters; the least recent forgotten past `max`. */
export class AnswerSizes {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly max = 2000) {}

  get(operation: string): number | undefined {
    return this.sizes.get(operation);
  }

  learn(operation: string, chars: number): void {
    // Deleted first, so that the Map's order stays the order of last use.
    this.sizes.delete(operation);
    this.sizes.set(operation, chars);
    if (this.sizes.size > this.max) this.sizes.delete(this.sizes.keys().next().value!);
  }
}
