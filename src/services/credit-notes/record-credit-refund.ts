import type { PaymentMethod } from '../../db/schema.ts';
import { assertValidDate, todayIn } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Actor, ServiceDeps } from '../context.ts';
import { PAYMENT_METHODS } from '../payments/payment-view.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toCreditNoteView } from './credit-note-view.ts';
import { creditRefundAmount, writeCreditRefund } from './credit-refund-entry.ts';
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
 * Refunds through a payment gateway are refund-credit-through-gateway.ts.
 */
export async function recordCreditRefund(
  deps: ServiceDeps,
  actor: Actor,
  creditNoteId: string,
  input: CreditRefundInput,
) {
  if (!(PAYMENT_METHODS as readonly string[]).includes(input.method)) {
    throw new ValidationError('method', `method must be one of ${PAYMENT_METHODS.join(', ')}, or gateway`);
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const { note } = await loadCreditNote(trx, creditNoteId, { lock: true });
    const amount = creditRefundAmount(note, input.amount);
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
    await writeCreditRefund(trx, actor, note, { amount, method: input.method, date, reference }, now);
    return toCreditNoteView(await loadCreditNote(trx, note.id));
  });
}
