/**
 * A latency histogram with a fixed memory cost: buckets 2 % wide on a log
 * scale from 1 µs to about 17 minutes. The scale run takes hundreds of
 * thousands of samples inside the process whose heap per call it measures,
 * so samples are counted into buckets instead of kept in an array.
 */

const MIN_MS = 0.001;
const GROWTH = 1.02;
const BUCKETS = 1050;
const LOG_GROWTH = Math.log(GROWTH);

/** Counts of samples (ms) by bucket, with exact count, max and sum. */
export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private n = 0;
  private maxMs = 0;
  private sumMs = 0;

  /** Adds one sample (ms); negative samples count as 0. */
  add(ms: number): void {
    const v = ms > 0 ? ms : 0;
    this.n++;
    this.sumMs += v;
    if (v > this.maxMs) this.maxMs = v;
    this.counts[bucketOf(v)]!++;
  }

  /** Samples taken. */
  get count(): number {
    return this.n;
  }

  /** The largest sample (exact). */
  get max(): number {
    return this.maxMs;
  }

  /** The mean (exact); NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.sumMs / this.n;
  }

  /**
   * The p-quantile (nearest rank), as the upper edge of its bucket (so at
   * most 2 % high, never low), capped at the exact max; NaN when empty.
   */
  quantile(p: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      // The last bucket has no upper edge: everything past it is at most the max.
      if (seen >= rank) return i === BUCKETS - 1 ? this.maxMs : Math.min(upperEdge(i), this.maxMs);
    }
    return this.maxMs;
  }

  /** Forgets every sample. */
  reset(): void {
    this.counts.fill(0);
    this.n = 0;
    this.maxMs = 0;
    this.sumMs = 0;
  }
}

function bucketOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms / MIN_MS) / LOG_GROWTH));
}

function upperEdge(bucket: number): number {
  return MIN_MS * GROWTH ** bucket;
}
