/** Timing for benchmarks: a few warm-up runs, then the median and the 95th percentile. */
export interface Timing {
  runs: number;
  p50: number;
  p95: number;
  min: number;
}

export async function time(work: () => Promise<unknown>, options: { runs: number; warmup?: number }): Promise<Timing> {
  for (let i = 0; i < (options.warmup ?? 2); i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)]!;
  return { runs: ms.length, p50: at(0.5), p95: at(0.95), min: ms[0]! };
}

/** One line of the table: a case, its figure against its baseline, and the target beside it. */
export interface BenchResult {
  case: string;
  /** What was measured, e.g. "p95 of 30 queries". */
  measure: string;
  value: Timing;
  baseline: { name: string; value: Timing } | null;
  /** value.p50 / baseline.p50, or baseline / value when `higherIsBetter`. */
  ratio: number | null;
  ratioLabel: string;
  target: string;
  met: boolean | null;
  notes?: string;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
