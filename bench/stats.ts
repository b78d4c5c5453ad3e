/** Small statistics for repeated, noisy measurements. */

/** The p-th percentile (0–100) of `values`, by nearest rank on a sorted copy; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** A figure measured several times: its median and the range around it. */
export interface Repeated {
  median: number;
  min: number;
  max: number;
  /** (max − min) / median, in percent: how much the repeats disagree. */
  spread_pct: number;
  runs: number[];
}

export function repeated(runs: readonly number[]): Repeated {
  const med = median(runs);
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  return { median: round(med), min: round(min), max: round(max), spread_pct: med === 0 ? 0 : round(((max - min) / med) * 100, 1), runs: runs.map((r) => round(r)) };
}

/** Rounds to `digits` decimals (2 by default); keeps JSON and tables readable. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
