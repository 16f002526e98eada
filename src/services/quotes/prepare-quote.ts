import type { Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';
import type { QuoteRow } from '../../db/schema-documents.ts';
import { addDays, compareDates, isValidDate, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { DocumentBodyInput } from '../documents/document-input.ts';
import {
  type CurrentDocument,
  documentBodyColumns,
  lineColumns,
  type PreparedBody,
  type PreparedLine,
  prepareDocumentBody,
} from '../documents/prepare-document-body.ts';

/** What staff may set on a quote; on update, fields left out keep their value. */
export interface QuoteInput extends DocumentBodyInput {
  /** The last day the offer stands. Default on create: issue date + the quote validity setting. */
  validUntil?: string;
}

export interface PreparedQuote extends PreparedBody {
  issueDate: string;
  validUntil: string;
}

export type CurrentQuote = CurrentDocument<QuoteRow>;

/**
 * Works out issue date and valid-until date: the issue date defaults to today in the organisation's time zone, the
 * valid-until date to the issue date plus `quote_validity_days`; on update both keep their stored values. An offer
 * cannot end before it is made: valid-until before the issue date is a 422 naming validUntil.
 */
export function resolveQuoteDates(
  input: { issueDate?: string; validUntil?: string },
  current: { issueDate: string; validUntil: string } | null,
  settings: SettingsRow,
  now: Date,
): { issueDate: string; validUntil: string } {
  if (input.issueDate !== undefined && !isValidDate(input.issueDate)) {
    throw new ValidationError('issueDate', 'Use a calendar date as YYYY-MM-DD');
  }
  if (input.validUntil !== undefined && !isValidDate(input.validUntil)) {
    throw new ValidationError('validUntil', 'Use a calendar date as YYYY-MM-DD');
  }
  const issueDate = input.issueDate ?? current?.issueDate ?? todayIn(settings.time_zone, now);
  const validUntil =
    input.validUntil ?? current?.validUntil ?? addDays(issueDate, settings.quote_validity_days);
  if (compareDates(validUntil, issueDate) < 0) {
    throw new ValidationError(
      'validUntil',
      `The quote would end (${validUntil}) before its issue date (${issueDate}): choose a valid-until date on or after it`,
    );
  }
  return { issueDate, validUntil };
}

/**
 * Validates a quote input against the database and runs the totals engine, without writing: the shared body comes
 * from prepareDocumentBody, the dates from resolveQuoteDates. `current` is the stored quote on update, null on create.
 */
export async function prepareQuote(
  trx: Trx,
  input: QuoteInput,
  current: CurrentQuote | null,
  settings: SettingsRow,
  now: Date,
): Promise<PreparedQuote> {
  const row = current?.row;
  const body = await prepareDocumentBody(trx, input, current, settings, { noun: 'A quote' });
  const dates = resolveQuoteDates(
    input,
    row ? { issueDate: row.issue_date, validUntil: row.valid_until } : null,
    settings,
    now,
  );
  return { ...body, ...dates };
}

/** Column values of a prepared quote (lines are written separately). */
export function quoteColumns(prepared: PreparedQuote) {
  return {
    ...documentBodyColumns(prepared),
    issue_date: prepared.issueDate,
    valid_until: prepared.validUntil,
  };
}

/** Writes the quote's lines; `replace` first removes the lines it had (an update, not a new quote). */
export async function writeQuoteLines(
  trx: Trx,
  quoteId: string,
  lines: PreparedLine[],
  options: { replace: boolean },
): Promise<void> {
  if (options.replace) await trx.deleteFrom('quote_lines').where('quote_id', '=', quoteId).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto('quote_lines')
    .values(lines.map((line, position) => ({ quote_id: quoteId, ...lineColumns(line, position) })))
    .execute();
}
