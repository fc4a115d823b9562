/**
 * What the gateway holds for a request grows with its answer: the subgraphs' answers, parsed, the merged result and its
 * text. Many large queries at once could take the gateway past its heap and stop it. So requests run while the cost
 * (gateway/limits.ts `selectionCost`) of those in flight stays within a budget; the rest wait their turn, first come
 * first served, and a request that has waited too long is refused with 503 OVERLOADED rather than run late.
 */
export class CostBudget {
  private inFlight = 0;
  private readonly waiting: { cost: number; admit: () => void }[] = [];

  constructor(readonly limit: number) {}

  /** The cost of the requests running now. */
  get running(): number {
    return this.inFlight;
  }

  /** How many requests wait for their turn. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Waits until a request of `cost` may run, and gives back its `release`, to call once when it is done. A request
   * runs at once when nothing else does, whatever its cost, so the budget never refuses what MAX_COST allows.
   * Null after `timeoutMs` of waiting: the request must not run.
   */
  acquire(cost: number, timeoutMs: number): Promise<(() => void) | null> {
    if (!this.waiting.length && this.fits(cost)) return Promise.resolve(this.take(cost));
    return new Promise(resolve => {
      const entry = {
        cost,
        admit: () => {
          clearTimeout(timer);
          resolve(this.take(cost));
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

  private fits(cost: number): boolean {
    return this.inFlight === 0 || this.inFlight + cost <= this.limit;
  }

  private take(cost: number): () => void {
    this.inFlight += cost;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight -= cost;
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    while (this.waiting.length && this.fits(this.waiting[0].cost)) this.waiting.shift()!.admit();
  }
}
