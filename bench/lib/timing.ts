import { performance } from 'node:perf_hooks';
import { latencyHistogram, percentileMs, recordMs } from './measurement.ts';
import { progress } from './run.ts';

export interface Timing {
  calls: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
}

/** Calls `run` `iterations` times in a row after `warmup` unmeasured calls; latency percentiles in ms. */
export async function timeCalls(
  what: string,
  iterations: number,
  run: () => Promise<unknown>,
  warmup = Math.min(20, iterations),
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run();
  const histogram = latencyHistogram();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) {
    const begin = performance.now();
    await run();
    recordMs(histogram, performance.now() - begin);
  }
  progress(`${what}: ${iterations} calls in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return {
    calls: iterations,
    medianMs: percentileMs(histogram, 50),
    p95Ms: percentileMs(histogram, 95),
    p99Ms: percentileMs(histogram, 99),
  };
}

/** A markdown table row of a timing. */
export function timingRow(name: string, timing: Timing, width = 44): string {
  const ms = (value: number) => value.toFixed(2).padStart(9);
  return `| ${name.padEnd(width)} | ${ms(timing.medianMs)} | ${ms(timing.p95Ms)} | ${ms(timing.p99Ms)} |`;
}

export function timingHeader(width = 44): string {
  return [
    `| ${'Measured'.padEnd(width)} | ${'median ms'.padStart(9)} | ${'p95 ms'.padStart(9)} | ${'p99 ms'.padStart(9)} |`,
    `| ${'-'.repeat(width)} | ${'-'.repeat(9)} | ${'-'.repeat(9)} | ${'-'.repeat(9)} |`,
  ].join('\n');
}
