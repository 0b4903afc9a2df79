// An in-memory sliding-window rate limit (a log of recent hits per key). State lives in this process only: with
// several admin instances behind a load balancer each instance counts on its own, so the effective limit is the
// limit times the instances a client reaches (documented in the README). Postgres is never asked.

export type TLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweepMs = 0;

  constructor(
    private readonly options: { limit: number; windowMs: number; maxKeys?: number; now?: () => number },
  ) {}

  /** Counts a hit for `key` and says whether it is within the limit; a refused hit is not counted. */
  hit(key: string): TLimitDecision {
    const now = (this.options.now ?? Date.now)();
    this.sweep(now);
    const { limit, windowMs } = this.options;
    const since = now - windowMs;
    const recent = (this.hits.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000)) };
    }
    recent.push(now);
    // Re-inserted so the Map's order is least-recently-used first, for the eviction below.
    this.hits.delete(key);
    this.hits.set(key, recent);
    return { allowed: true };
  }

  get size(): number {
    return this.hits.size;
  }

  /** Forgets keys with no hit in the window, at most once a window; past maxKeys, the least recently used go first. */
  private sweep(now: number): void {
    const maxKeys = this.options.maxKeys ?? 100_000;
    if (now - this.lastSweepMs >= this.options.windowMs) {
      this.lastSweepMs = now;
      const since = now - this.options.windowMs;
      for (const [key, times] of this.hits) if (times[times.length - 1]! <= since) this.hits.delete(key);
    }
    for (const key of this.hits.keys()) {
      if (this.hits.size < maxKeys) break;
      this.hits.delete(key);
    }
  }
}
