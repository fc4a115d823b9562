/**
 * A set of strings that forgets each one when it expires, and the oldest first past `max`, so that no flood can grow it
 * without bound. The map is kept in order of adding, which is (nearly) the order of expiry: expired values are dropped
 * from the front as new ones come. Used for the gateway's memory of API keys and the subgraphs' memory of nonces.
 */
export class ExpiringSet {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(value: string): boolean {
    const expires = this.expiries.get(value);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.expiries.delete(value);
    return false;
  }

  /** Adds `value` until `expiresAt` (by default `ttlMs` from now). */
  add(value: string, expiresAt = this.now() + this.ttlMs): void {
    const now = this.now();
    for (const [old, until] of this.expiries) {
      if (until > now) break;
      this.expiries.delete(old);
    }
    // Deleted and set again, so the map's order stays the order of adding, oldest first.
    this.expiries.delete(value);
    this.expiries.set(value, expiresAt);
    if (this.expiries.size > this.max) this.expiries.delete(this.expiries.keys().next().value!);
  }

  /** Adds `value` and answers true if it was not there yet (or had expired): false means seen before. */
  addIfNew(value: string, expiresAt?: number): boolean {
    if (this.has(value)) return false;
    this.add(value, expiresAt);
    return true;
  }

  delete(value: string): void {
    this.expiries.delete(value);
  }

  get size(): number {
    return this.expiries.size;
  }
}
