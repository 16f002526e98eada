import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import { ConflictError } from '../../domain/errors.ts';
import { counterScope, formatDocumentNumber } from '../../domain/numbering.ts';

/** Each kind of document numbers in its own series, with its own pattern and counters. */
export type NumberedKind = 'invoice' | 'quote' | 'credit_note';

const PATTERN_FIELD: Record<NumberedKind, string> = {
  invoice: 'invoiceNumberPattern',
  quote: 'quoteNumberPattern',
  credit_note: 'creditNoteNumberPattern',
};

const NOUN: Record<NumberedKind, string> = { invoice: 'invoice', quote: 'quote', credit_note: 'credit note' };

/**
 * Takes the next value of a number counter. The upsert locks the counter row until the issuing transaction
 * ends, so concurrent issuers queue behind it, and a rollback gives the value back: numbers stay gapless.
 */
async function nextSequence(trx: Trx, scope: string): Promise<number> {
  const row = await trx
    .insertInto('invoice_counters')
    .values({ scope, last_value: 1n })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ last_value: sql`invoice_counters.last_value + 1` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/**
 * The next number of a kind's series for a document issued on `issueDate`, inside the issuing transaction.
 * Invoice counters keep their historical scopes ("2026", "all"); other kinds prefix theirs ("quote:2026").
 */
export async function takeNextNumber(
  trx: Trx,
  kind: NumberedKind,
  pattern: string,
  issueDate: string,
): Promise<string> {
  const field = PATTERN_FIELD[kind];
  const scope = counterScope(pattern, issueDate, field);
  const sequence = await nextSequence(trx, kind === 'invoice' ? scope : `${kind}:${scope}`);
  return formatDocumentNumber(pattern, sequence, issueDate, field);
}

/** Runs the update that stores a new number, turning a unique violation into a 409 that says what to change. */
export async function storeNumber<T>(
  kind: NumberedKind,
  number: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    // Only when the pattern was changed to one that writes numbers an older pattern already wrote.
    if ((error as { code?: string }).code === '23505') {
      throw new ConflictError(
        'number_taken',
        `The number ${number} is already used by another ${NOUN[kind]}; change the ${NOUN[kind]} number pattern in settings`,
        PATTERN_FIELD[kind],
      );
    }
    throw error;
  }
}
