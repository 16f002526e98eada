import type { Trx } from '../../db/client.ts';
import type { CreditNoteRow } from '../../db/schema-documents.ts';
import { creditLeft } from '../../domain/credit-rules.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';

/**
 * The amount of a refund of client credit from `note` (loaded with its row lock): `requested` in major units, or
 * all the credit left when absent. 409 for a draft or when nothing is left; 422 `amount` above the credit left.
 */
export function creditRefundAmount(note: CreditNoteRow, requested: string | undefined): bigint {
  if (note.status !== 'issued') {
    throw new ConflictError(
      'credit_note_not_issued',
      'This credit note is a draft: issue it before refunding it',
    );
  }
  const exponent = currencyExponent(note.currency);
  const left = creditLeft({
    total: note.total_minor,
    applied: note.amount_applied_minor,
    refunded: note.amount_refunded_minor,
  });
  if (left === 0n) {
    throw new ConflictError(
      'no_credit_left',
      `Nothing is left of credit note ${note.number ?? ''} to refund`,
    );
  }
  const amount = requested === undefined ? left : parseMoney(requested, exponent, 'amount');
  if (amount <= 0n) throw new ValidationError('amount', 'Refund an amount above zero');
  if (amount > left) {
    throw new ValidationError(
      'amount',
      `Only ${formatMinor(left, exponent)} ${note.currency} of this credit note is left to refund`,
    );
  }
  return amount;
}

export interface CreditRefundEntry {
  amount: bigint;
  method: string;
  date: string;
  reference: string;
  /** Through the gateway of this payment, with the provider's refund id; absent for a refund made outside Remit. */
  gateway?: { paymentId: string; provider: string; providerRefundId: string };
}

/** Writes a refund of `note`'s credit: its row, the credit note's refunded cache and the timeline event. */
export async function writeCreditRefund(
  trx: Trx,
  actor: Actor,
  note: CreditNoteRow,
  entry: CreditRefundEntry,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('credit_refunds')
    .values({
      credit_note_id: note.id,
      amount_minor: entry.amount,
      method: entry.method,
      refunded_on: entry.date,
      reference: entry.reference,
      payment_id: entry.gateway?.paymentId ?? null,
      provider: entry.gateway?.provider ?? 'offline',
      provider_refund_id: entry.gateway?.providerRefundId ?? null,
      created_by: actor.userId,
      created_at: now,
    })
    .execute();
  await trx
    .updateTable('credit_notes')
    .set({ amount_refunded_minor: note.amount_refunded_minor + entry.amount, updated_at: now })
    .where('id', '=', note.id)
    .execute();
  await recordDocumentEvent(trx, actor, {
    kind: 'credit_note',
    documentId: note.id,
    type: 'credit_refunded',
    data: {
      amount: formatMinor(entry.amount, currencyExponent(note.currency)),
      method: entry.method,
      date: entry.date,
      reference: entry.reference,
      ...(entry.gateway ?? {}),
    },
    at: now,
  });
}
