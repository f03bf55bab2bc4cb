/**
 * A token bucket: up to `capacity` actions at once, refilled at `capacity` per `periodMs`. Used for run starts,
 * so a client (or a page that got hold of the token) cannot queue runs faster than anyone could read them.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly periodMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(capacity >= 1) || !(periodMs > 0)) throw new RangeError(`a token bucket needs capacity >= 1 and a period > 0 (got ${capacity}, ${periodMs})`);
    this.tokens = capacity;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.capacity) / this.periodMs);
    this.last = t;
  }

  /** Takes one token; false when there is none. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * this.periodMs) / this.capacity);
  }
}
