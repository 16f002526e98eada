import { Worker } from 'node:worker_threads';
import type { Measurement } from './measurement.ts';

const WORKER_ENTRY = new URL('./http-load-worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
/**
 * Worker threads do not run this process's `--import tsx`, so a worker cannot start from a .ts file: this small
 * script registers tsx in the thread first, then imports the TypeScript entry.
 */
const WORKER_BOOTSTRAP = `
  const { workerData } = require('node:worker_threads');
  import(workerData.tsxApi).then(({ register }) => {
    register();
    return import(workerData.entry);
  });
`;

export interface HttpLoadOptions {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Sent unchanged with every request. */
  body?: string;
  /**
   * A second request after each successful first one, on the resource it answered: `path` with ":id" replaced by
   * the first response's JSON `id` (e.g. create an invoice, then issue it). One operation is then the pair: rate
   * and latencies count pairs.
   */
  followUp?: { method: 'POST'; path: string; headers: Record<string, string> };
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

/**
 * Drives `options.url` with autocannon from a worker thread and resolves with what it measured.
 *
 * Why a thread: the server under test runs in this process. On the same event loop, autocannon's request writing
 * and response parsing would take turns with the server, taking a far larger share of the time of the cheap
 * baseline route than of the slow app route, which skews the ratio. autocannon's `workers` option also moves it
 * off-thread, but then latencies only come back from its 1 ms-resolution histogram; this worker records each
 * response time itself, in microseconds.
 */
export function runHttpLoad(options: HttpLoadOptions): Promise<Measurement> {
  const worker = new Worker(WORKER_BOOTSTRAP, {
    eval: true,
    workerData: { options, entry: WORKER_ENTRY, tsxApi: TSX_API },
  });
  return new Promise<Measurement>((resolve, reject) => {
    let settled = false;
    worker.once('message', (measurement: Measurement) => {
      settled = true;
      resolve(measurement);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The load generator thread exited with code ${code} without a result`));
    });
  });
}
