import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** The outcome of one measured run, HTTP or raw SQL, in a shape both can fill and the report can print. */
export interface Measurement {
  /** Successful operations (2xx responses, committed transactions) per second of the measured window. */
  perSecond: number;
  /** Successful operations in the measured window. */
  completed: number;
  /** Length of the measured window in seconds. */
  seconds: number;
  medianMs: number;
  p99Ms: number;
  /** Operations that failed, warm-up included: any one of them fails the benchmark. */
  failed: number;
  /** What the failures were, e.g. "HTTP 401 x12" or "socket errors x3"; empty when none. */
  failures: string[];
}

/**
 * A latency histogram in microseconds. Medians of the cheap baselines are well under a millisecond, so whole
 * milliseconds (autocannon's own histogram) would print them as 0 or 1.
 */
export function latencyHistogram(): RecordableHistogram {
  return createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 });
}

export function recordMs(histogram: RecordableHistogram, milliseconds: number): void {
  histogram.record(Math.max(1, Math.round(milliseconds * 1000)));
}

export function percentileMs(histogram: RecordableHistogram, percentile: number): number {
  return histogram.count === 0 ? 0 : histogram.percentile(percentile) / 1000;
}
