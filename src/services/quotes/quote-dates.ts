import { todayIn } from '../../domain/dates.ts';
import type { QuoteRecord } from './load-quote.ts';

/** What the status machine needs to tell an open quote from an expired one, at `now`. */
export function quoteDates(record: QuoteRecord, now: Date): { validUntil: string; today: string } {
  return { validUntil: record.quote.valid_until, today: todayIn(record.timeZone, now) };
}
