/**
 * Invoice PDFs rendered in worker threads, so a large invoice (a 1,000-line PDF takes a few hundred milliseconds of
 * CPU) never holds up the event loop that answers every other request. Threads start on demand, at most one per
 * core, and stop after a while without work, so an idle server keeps none of their memory.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import {
  type DocumentPdfInput,
  type PdfRenderer,
  PdfRendererBusyError,
  type ReceiptPdfInput,
  type ReceiptPdfRenderer,
  type ReportPdfInput,
  type ReportPdfRenderer,
  type StatementPdfInput,
  type StatementPdfRenderer,
} from '../../ports.ts';

const WORKER_ENTRY = fileURLToPath(new URL('./pdf-worker.mjs', import.meta.url));

export interface PdfWorkerPoolOptions {
  /** Threads at most; default and ceiling: the cores this process may use. */
  threads?: number;
  /** Renders that may wait for a thread before requests are refused with PdfRendererBusyError (0: none wait). */
  queueLimit?: number;
  /** A thread without work for this long exits. */
  idleTimeoutMs?: number;
}

/** Renders waiting per thread before refusing: a few seconds of 1,000-line invoices, many more of usual ones. */
export const DEFAULT_QUEUE_PER_THREAD = 16;
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class PdfWorkerPool
  implements PdfRenderer, StatementPdfRenderer, ReportPdfRenderer, ReceiptPdfRenderer
{
  readonly threads: number;
  readonly queueLimit: number;
  private readonly pool: Piscina;
  /** Renders started and not finished, background ones included: running on a thread or waiting for one. */
  private inFlight = 0;
  /**
   * The same threads for background jobs (invoice emails): they wait for a thread whatever the queue, since a job
   * can wait and should not fail an email because people are downloading PDFs.
   */
  readonly background: PdfRenderer & StatementPdfRenderer & ReceiptPdfRenderer = {
    renderDocument: (input) => this.run(input),
    renderStatement: (input) => this.run(input, 'renderStatementInThread'),
    renderReceipt: (input) => this.run(input, 'renderReceiptInThread'),
  };

  constructor(options: PdfWorkerPoolOptions = {}) {
    const cores = os.availableParallelism();
    this.threads = Math.max(1, Math.min(options.threads ?? cores, cores));
    this.queueLimit = options.queueLimit ?? this.threads * DEFAULT_QUEUE_PER_THREAD;
    this.pool = new Piscina({
      filename: WORKER_ENTRY,
      minThreads: 0,
      maxThreads: this.threads,
      idleTimeout: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      // The limit is applied in renderDocument, so background renders are never refused.
      maxQueue: Number.POSITIVE_INFINITY,
      // Lower CPU priority for the rendering threads (Linux: per thread): when the cores are all busy, the event
      // loop, which answers every other request, goes first.
      niceIncrement: 10,
    });
  }

  /** Refuses with PdfRendererBusyError when every thread is busy and `queueLimit` renders already wait. */
  async renderDocument(input: DocumentPdfInput): Promise<Buffer> {
    // Counted here rather than read from piscina's queue, which is not empty yet while an idle pool starts a thread.
    if (this.inFlight >= this.threads + this.queueLimit)
      throw new PdfRendererBusyError(this.secondsToCatchUp());
    return this.run(input);
  }

  /** A client statement, refused like a document when too much work waits. */
  async renderStatement(input: StatementPdfInput): Promise<Buffer> {
    if (this.inFlight >= this.threads + this.queueLimit)
      throw new PdfRendererBusyError(this.secondsToCatchUp());
    return this.run(input, 'renderStatementInThread');
  }

  /** A report, refused like a document when too much work waits. */
  async renderReport(input: ReportPdfInput): Promise<Buffer> {
    if (this.inFlight >= this.threads + this.queueLimit)
      throw new PdfRendererBusyError(this.secondsToCatchUp());
    return this.run(input, 'renderReportInThread');
  }

  /** A payment's receipt, refused like a document when too much work waits. */
  async renderReceipt(input: ReceiptPdfInput): Promise<Buffer> {
    if (this.inFlight >= this.threads + this.queueLimit)
      throw new PdfRendererBusyError(this.secondsToCatchUp());
    return this.run(input, 'renderReceiptInThread');
  }

  /** Waits for the renders under way and stops the threads. */
  async close(): Promise<void> {
    await this.pool.close();
  }

  private async run(
    input: DocumentPdfInput | StatementPdfInput | ReportPdfInput | ReceiptPdfInput,
    name?: string,
  ): Promise<Buffer> {
    this.inFlight++;
    try {
      return asBuffer(await this.pool.run(input, name ? { name } : undefined));
    } finally {
      this.inFlight--;
    }
  }

  /** About how long the renders waiting now take, from the recent run times; at least a second. */
  private secondsToCatchUp(): number {
    const averageMs = this.pool.histogram.runTime.average;
    const waiting = this.inFlight;
    const estimate = Number.isFinite(averageMs) ? (waiting * averageMs) / this.threads / 1000 : 1;
    return Math.min(60, Math.max(1, Math.ceil(estimate)));
  }
}
