/**
 * The nearest-rank percentile of `values` (p in 0..100): the smallest value that at least p % of
 * the values do not exceed. NaN for no values, so a missing figure cannot pass for a fast one.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Rounds for the report: two decimals, which is finer than the noise of any figure here. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function since(start: number): number {
  return performance.now() - start;
}
