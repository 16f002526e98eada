/**
 * The load generator thread started by runHttpLoad(): runs autocannon (a warm-up, then the measured run) against
 * one URL and posts a Measurement back to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';
import type { HttpLoadOptions } from './http-load.ts';
import { latencyHistogram, type Measurement, percentileMs, recordMs } from './measurement.ts';

interface PairContext {
  started?: number;
  id?: string;
}

/** The two requests of an operation with a follow-up; the pair's latency goes to `pairLatency`. */
function pairedRequests(options: HttpLoadOptions, pairLatency: ReturnType<typeof latencyHistogram>) {
  const followUp = options.followUp!;
  return [
    {
      method: options.method,
      path: new URL(options.url).pathname,
      headers: options.headers,
      ...(options.body === undefined ? {} : { body: options.body }),
      setupRequest: (request: object, context: PairContext) => {
        context.started = performance.now();
        context.id = undefined;
        return request;
      },
      onResponse: (status: number, body: string, context: PairContext) => {
        if (status >= 200 && status < 300) context.id = (JSON.parse(body) as { id: string }).id;
      },
    },
    {
      method: followUp.method,
      headers: followUp.headers,
      // No id (the first request failed, and was counted so): start the pair again.
      setupRequest: (request: object, context: PairContext) =>
        context.id ? { ...request, path: followUp.path.replace(':id', context.id) } : null,
      onResponse: (status: number, _body: string, context: PairContext) => {
        if (status >= 200 && status < 300 && context.started !== undefined) {
          recordMs(pairLatency, performance.now() - context.started);
        }
      },
    },
  ];
}

async function measure(options: HttpLoadOptions): Promise<Measurement> {
  const requestsPerOperation = options.followUp ? 2 : 1;
  const pairLatency = latencyHistogram();
  const run = autocannon({
    url: options.url,
    method: options.method,
    headers: options.headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.followUp ? { requests: pairedRequests(options, pairLatency) } : {}),
    connections: options.connections,
    duration: options.seconds,
    ...(options.warmupSeconds > 0 ? { warmup: { duration: options.warmupSeconds } } : {}),
  });
  // 'response' fires for the measured run only (the warm-up has an emitter of its own), which is what we want.
  const latency = latencyHistogram();
  let measuring = false;
  run.on('response', (_client, _status, _bytes, responseTime) => {
    // Pairs are timed by their requests' hooks, which the warm-up runs too: keep only the measured run's.
    if (!measuring) pairLatency.reset();
    measuring = true;
    recordMs(latency, responseTime);
  });
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

  const timed = options.followUp ? pairLatency : latency;
  return {
    perSecond: result['2xx'] / requestsPerOperation / result.duration,
    completed: Math.floor(result['2xx'] / requestsPerOperation),
    seconds: result.duration,
    medianMs: percentileMs(timed, 50),
    p99Ms: percentileMs(timed, 99),
    failed,
    failures,
  };
}

if (!parentPort) throw new Error('http-load-worker.ts runs as a worker thread; use runHttpLoad()');
parentPort.postMessage(await measure((workerData as { options: HttpLoadOptions }).options));
