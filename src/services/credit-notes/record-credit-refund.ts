import type { PaymentMethod } from '../../db/schema.ts';
import { creditLeft } from '../../domain/credit-rules.ts';
import { currencyExponent, formatMinor, parseMoney } from '../../domain/currency.ts';
import { assertValidDate, todayIn } from '../../domain/dates.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { recordDocumentEvent } from '../documents/record-document-event.ts';
import { PAYMENT_METHODS } from '../payments/payment-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { loadCreditNote } from './load-credit-note.ts';

export interface CreditRefundInput {
  /** Major units; default: all the credit left. */
  amount?: string;
  method: PaymentMethod;
  /** The day the money went back; default today in the organisation's time zone. */
  date?: string;
  reference?: string;
}

/**
 * Records credit paid back to the client outside Remit (a bank transfer, cash...): never more than the credit left.
 * Refunds through a payment gateway are not made from here (see docs/credit-notes.md).
 */
export async function recordCreditRefund(
  deps: ServiceDeps,
  actor: Actor,
  creditNoteId: string,
  input: CreditRefundInput,
) {
  if (!(PAYMENT_METHODS as readonly string[]).includes(input.method)) {
    throw new ValidationError('method', `method must be one of ${PAYMENT_METHODS.join(', ')}`);
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { note } = await loadCreditNote(trx, creditNoteId, { lock: true });
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
    const amount = input.amount === undefined ? left : parseMoney(input.amount, exponent, 'amount');
    if (amount <= 0n) throw new ValidationError('amount', 'Refund an amount above zero');
    if (amount > left) {
      throw new ValidationError(
        'amount',
        `Only ${formatMinor(left, exponent)} ${note.currency} of this credit note is left to refund`,
      );
    }
    const settings = await getSettings(trx);
    const today = todayIn(settings.time_zone, now);
    const date = input.date === undefined ? today : assertValidDate(input.date, 'date');
    if (date > today) throw new ValidationError('date', 'The refund cannot be dated in the future');
    if (date < note.issue_date) {
      throw new ValidationError(
        'date',
        `The refund cannot be dated before the credit note (${note.issue_date})`,
      );
    }
    const reference = input.reference?.trim() ?? '';
    await trx
      .insertInto('credit_refunds')
      .values({
        credit_note_id: note.id,
        amount_minor: amount,
        method: input.method,
        refunded_on: date,
        reference,
        payment_id: null,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    await trx
      .updateTable('credit_notes')
      .set({ amount_refunded_minor: note.amount_refunded_minor + amount, updated_at: now })
      .where('id', '=', note.id)
      .execute();
    await recordDocumentEvent(trx, actor, {
      kind: 'credit_note',
      documentId: note.id,
      type: 'credit_refunded',
      data: { amount: formatMinor(amount, exponent), method: input.method, date, reference },
      at: now,
    });
    return toCreditNoteView(await loadCreditNote(trx, note.id));
  });
}
