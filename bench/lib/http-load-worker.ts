/**
 * The load generator thread started by runHttpLoad(): runs autocannon (a warm-up, then the measured run) against
 * one URL and posts a Measurement back to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { HttpLoadOptions } from './http-load.ts';
import { latencyHistogram, type Measurement, percentileMs, recordMs } from './measurement.ts';

async function measure(options: HttpLoadOptions): Promise<Measurement> {
  const run = autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    duration: options.seconds,
    ...(options.warmupSeconds > 0 ? { warmup: { duration: options.warmupSeconds } } : {}),
  });
  // 'response' fires for the measured run only (the warm-up has an emitter of its own), which is what we want.
  const latency = latencyHistogram();
  run.on('response', (_client, _status, _bytes, responseTime) => recordMs(latency, responseTime));
  let firstError: string | undefined;
  run.on('reqError', (error) => {
    firstError ??= error.message;
  });
  const result = await run;

  const failures: string[] = [];
  let failed = 0;
  for (const phase of [result.warmup, result]) {
    if (!phase) continue;
    const label = phase === result ? '' : ' (warm-up)';
    for (const [code, { count }] of Object.entries(phase.statusCodeStats)) {
      if (code.startsWith('2')) continue;
      failed += count;
      failures.push(`HTTP ${code} x${count}${label}`);
    }
    // autocannon counts timeouts among its errors.
    const socketErrors = phase.errors - phase.timeouts;
    if (socketErrors > 0) failures.push(`socket errors x${socketErrors}${label}`);
    if (phase.timeouts > 0) failures.push(`timeouts x${phase.timeouts}${label}`);
    failed += phase.errors;
  }
  if (firstError) failures.push(`first error: ${firstError}`);

  return {
    perSecond: result['2xx'] / result.duration,
    completed: result['2xx'],
    seconds: result.duration,
    medianMs: percentileMs(latency, 50),
    p99Ms: percentileMs(latency, 99),
    failed,
    failures,
  };
}

if (!parentPort) throw new Error('http-load-worker.ts runs as a worker thread; use runHttpLoad()');
parentPort.postMessage(await measure((workerData as { options: HttpLoadOptions }).options));
