import { todayIn } from '../../domain/dates.ts';
import type { DocumentParties } from '../../domain/document-description.ts';
import { toInvoiceView } from './invoice-view.ts';
import type { InvoiceRecord } from './load-invoice.ts';

export interface InvoiceViewCacheLimits {
  /** Invoices kept at most; the least recently read goes first. */
  maxEntries: number;
  /** Bytes of JSON kept at most, all invoices together (the records they come from take about as much again). */
  maxBytes: number;
  /** An invoice whose JSON is larger is not kept (a thousand-line invoice is read rarely and weighs a lot). */
  maxEntryBytes: number;
}

export const DEFAULT_INVOICE_VIEW_CACHE_LIMITS: InvoiceViewCacheLimits = {
  maxEntries: 5_000,
  maxBytes: 16 * 1024 * 1024,
  maxEntryBytes: 256 * 1024,
};

interface Entry {
  record: InvoiceRecord;
  parties: DocumentParties;
  /** The organisation's day the JSON was made for: the overdue status changes with it. */
  day: string;
  json: Buffer;
}

/**
 * The staff view of recently read invoices with their parties, as the JSON the API answers with, so that reading an
 * invoice again neither queries the database nor totals it. It serves only while `active`: the process listens for
 * remit_invoice_changed (migrations 035 and 045), whose triggers announce every change to what the view shows
 * (a client's or the settings' change reaches every invoice), and forgets the invoices each notice names (or all). When the listening connection is lost the cache is switched off
 * until it is back, then starts empty. A read that started before a change was announced never stores its result
 * after it (generation check), so a stale read cannot outlive the notice that made it stale.
 *
 * The view is the staff one (draft credit notes included) and is keyed by invoice id only: staff see every invoice,
 * and the route checks who asks before reading the cache. The client portal does not use it.
 */
export class InvoiceViewCache {
  private active = false;
  private generation = 0;
  private bytes = 0;
  private readonly entries = new Map<string, Entry>();
  /** The organisation's time zone, which the invoice list reads for today's overdue status. */
  private timeZoneSetting: string | undefined;

  constructor(private readonly limits: InvoiceViewCacheLimits = DEFAULT_INVOICE_VIEW_CACHE_LIMITS) {}

  /** Starts serving from an empty cache (the listener is connected). */
  activate(): void {
    this.clear();
    this.active = true;
  }

  /** Stops serving (the listener lost its connection): changes could be missed. */
  deactivate(): void {
    this.active = false;
    this.clear();
  }

  /** Forgets everything: every invoice and the time zone (migration 035 announces its changes with `*`). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
    this.timeZoneSetting = undefined;
  }

  /** Forgets these invoices; reads already under way store nothing. */
  forget(ids: Iterable<string>): void {
    this.generation++;
    for (const id of ids) this.forgetOne(id);
  }

  /** A token to pass to `store`, taken before reading the database. */
  get version(): number {
    return this.generation;
  }

  /** How many invoices and bytes of JSON are kept (for tests and diagnostics). */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The invoice's view as of `now`, as JSON, if kept. */
  json(id: string, now: Date): Buffer | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    // Most recently read last: eviction takes the first.
    this.entries.delete(id);
    this.entries.set(id, entry);
    const day = todayIn(entry.record.timeZone, now);
    if (day !== entry.day) {
      const json = viewJson(entry.record, entry.parties, now);
      this.bytes += json.length - entry.json.length;
      entry.json = json;
      entry.day = day;
    }
    return entry.json;
  }

  /** The organisation's time zone, if kept. */
  timeZone(): string | undefined {
    return this.active ? this.timeZoneSetting : undefined;
  }

  /** Keeps the time zone (read after `version` was taken), unless a change was announced meanwhile. */
  storeTimeZone(timeZone: string, version: number): void {
    if (this.active && version === this.generation) this.timeZoneSetting = timeZone;
  }

  /**
   * Keeps the view of `record` with its `parties` (both read after `version` was taken), unless a change was
   * announced meanwhile.
   */
  store(record: InvoiceRecord, parties: DocumentParties, json: Buffer, now: Date, version: number): void {
    if (!this.active || version !== this.generation || json.length > this.limits.maxEntryBytes) return;
    const id = record.invoice.id;
    this.forgetOne(id);
    this.entries.set(id, { record, parties, day: todayIn(record.timeZone, now), json });
    this.bytes += json.length;
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.forgetOne(oldest);
    }
  }

  private forgetOne(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.json.length;
  }
}

/** The view the API answers with, its parties last, serialised once. */
export function viewJson(record: InvoiceRecord, parties: DocumentParties, now: Date): Buffer {
  return Buffer.from(JSON.stringify({ ...toInvoiceView(record, now), parties }));
}
