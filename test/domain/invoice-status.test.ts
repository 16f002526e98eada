import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/domain/errors.ts';
import {
  canPerform,
  effectiveStatus,
  INVOICE_ACTIONS,
  INVOICE_STATUSES,
  type InvoiceAction,
  isInvoiceStatus,
  nextStatus,
  type RemovePaymentContext,
  STORED_STATUSES,
  type StoredStatus,
  statusLabel,
} from '../../src/domain/invoice-status.ts';

/** Either the resulting status, or the exact message of the refusal. `remove_payment` is covered separately. */
type Expected = StoredStatus | { error: string };
const no = (error: string): Expected => ({ error });

const EXPECTED: Record<StoredStatus, Record<Exclude<InvoiceAction, 'remove_payment'>, Expected>> = {
  draft: {
    mark_sent: 'sent',
    mark_viewed: no('Cannot mark as viewed an invoice that is draft: drafts are not visible to clients'),
    record_partial_payment: no('Cannot record a partial payment on an invoice that is draft: send it first'),
    record_full_payment: no('Cannot record a full payment on an invoice that is draft: send it first'),
    void: no('Cannot void an invoice that is draft: drafts are deleted, not voided'),
    edit: 'draft',
    delete: 'draft',
  },
  sent: {
    mark_sent: no('Cannot send an invoice that is sent: it has already been sent'),
    mark_viewed: 'viewed',
    record_partial_payment: 'partially_paid',
    record_full_payment: 'paid',
    void: 'void',
    edit: 'sent',
    delete: no('Cannot delete an invoice that is sent: issued invoices cannot be deleted; void it instead'),
  },
  viewed: {
    mark_sent: no('Cannot send an invoice that is viewed: it has already been sent'),
    mark_viewed: 'viewed',
    record_partial_payment: 'partially_paid',
    record_full_payment: 'paid',
    void: 'void',
    edit: 'viewed',
    delete: no('Cannot delete an invoice that is viewed: issued invoices cannot be deleted; void it instead'),
  },
  partially_paid: {
    mark_sent: no('Cannot send an invoice that is partially paid: it has already been sent'),
    mark_viewed: 'partially_paid',
    record_partial_payment: 'partially_paid',
    record_full_payment: 'paid',
    void: no('Cannot void an invoice that is partially paid: remove or refund payments first'),
    edit: 'partially_paid',
    delete: no(
      'Cannot delete an invoice that is partially paid: issued invoices cannot be deleted; remove or refund payments, then void it',
    ),
  },
  paid: {
    mark_sent: no('Cannot send an invoice that is paid: it has already been sent'),
    mark_viewed: 'paid',
    record_partial_payment: no(
      'Cannot record a partial payment on an invoice that is paid: it has no balance left',
    ),
    record_full_payment: no(
      'Cannot record a full payment on an invoice that is paid: it has no balance left',
    ),
    void: no('Cannot void an invoice that is paid: remove or refund payments first'),
    edit: no('Cannot edit an invoice that is paid: paid and void invoices cannot be changed'),
    delete: no(
      'Cannot delete an invoice that is paid: issued invoices cannot be deleted; remove or refund payments, then void it',
    ),
  },
  credited: {
    mark_sent: no('Cannot send an invoice that is credited: it has already been sent'),
    mark_viewed: 'credited',
    record_partial_payment: no(
      'Cannot record a partial payment on an invoice that is credited: it has no balance left',
    ),
    record_full_payment: no(
      'Cannot record a full payment on an invoice that is credited: it has no balance left',
    ),
    void: no(
      'Cannot void an invoice that is credited: credit notes settle it; correct it with another credit note',
    ),
    edit: no(
      'Cannot edit an invoice that is credited: credit notes settle it; correct it with another credit note',
    ),
    delete: no(
      'Cannot delete an invoice that is credited: issued invoices cannot be deleted; it is settled by credit notes',
    ),
  },
  void: {
    mark_sent: no('Cannot send an invoice that is void'),
    mark_viewed: no('Cannot mark as viewed an invoice that is void'),
    record_partial_payment: no('Cannot record a partial payment on an invoice that is void'),
    record_full_payment: no('Cannot record a full payment on an invoice that is void'),
    void: no('Cannot void an invoice that is void: it is already void'),
    edit: no('Cannot edit an invoice that is void: paid and void invoices cannot be changed'),
    delete: no('Cannot delete an invoice that is void: void invoices are kept for the record'),
  },
};

function conflictOf(fn: () => unknown): ConflictError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConflictError);
    return e as ConflictError;
  }
  throw new Error('expected a ConflictError');
}

describe('status lists', () => {
  it('stores every status except overdue', () => {
    expect([...STORED_STATUSES].sort()).toEqual(INVOICE_STATUSES.filter((s) => s !== 'overdue').sort());
  });

  it('isInvoiceStatus accepts exactly the statuses', () => {
    for (const s of INVOICE_STATUSES) expect(isInvoiceStatus(s)).toBe(true);
    for (const s of ['', 'Draft', 'partially paid', 'unknown', 1, null, undefined]) {
      expect(isInvoiceStatus(s)).toBe(false);
    }
  });

  it('labels statuses for people', () => {
    expect(statusLabel('partially_paid')).toBe('partially paid');
    expect(statusLabel('overdue')).toBe('overdue');
  });
});

describe('transition table', () => {
  const cells = STORED_STATUSES.flatMap((from) =>
    INVOICE_ACTIONS.filter((a) => a !== 'remove_payment').map((action) => ({
      from,
      action: action as Exclude<InvoiceAction, 'remove_payment'>,
    })),
  );

  it('covers every status and action', () => {
    expect(cells).toHaveLength(7 * 7);
  });

  it.each(cells)('$from + $action', ({ from, action }) => {
    const expected = EXPECTED[from][action];
    if (typeof expected === 'string') {
      expect(canPerform(from, action)).toBe(true);
      expect(nextStatus(from, action)).toBe(expected);
    } else {
      expect(canPerform(from, action)).toBe(false);
      const err = conflictOf(() => nextStatus(from, action));
      expect(err.code).toBe('invalid_transition');
      expect(err.message).toBe(expected.error);
      expect(err.field).toBeUndefined();
    }
  });
});

describe('remove_payment', () => {
  const contexts: RemovePaymentContext[] = [];
  for (const paymentsRemain of [false, true]) {
    for (const balanceRemains of [false, true]) {
      for (const viewed of [false, true]) contexts.push({ paymentsRemain, balanceRemains, viewed });
    }
  }

  function expectedAfterRemoval(ctx: RemovePaymentContext): StoredStatus {
    if (!ctx.paymentsRemain) return ctx.viewed ? 'viewed' : 'sent';
    return ctx.balanceRemains ? 'partially_paid' : 'paid';
  }

  for (const from of ['paid', 'partially_paid'] as const) {
    it.each(contexts)(`${from} with %o`, (ctx) => {
      expect(canPerform(from, 'remove_payment')).toBe(true);
      expect(nextStatus(from, 'remove_payment', ctx)).toBe(expectedAfterRemoval(ctx));
    });
  }

  it('goes back to sent when the last payment goes and the client never opened it', () => {
    expect(
      nextStatus('paid', 'remove_payment', { paymentsRemain: false, balanceRemains: true, viewed: false }),
    ).toBe('sent');
  });

  it('goes back to viewed when the last payment goes and the client had opened it', () => {
    expect(
      nextStatus('partially_paid', 'remove_payment', {
        paymentsRemain: false,
        balanceRemains: true,
        viewed: true,
      }),
    ).toBe('viewed');
  });

  it('stays paid when a duplicate payment is removed', () => {
    expect(
      nextStatus('paid', 'remove_payment', { paymentsRemain: true, balanceRemains: false, viewed: true }),
    ).toBe('paid');
  });

  it('becomes partially paid when some payment remains with a balance due', () => {
    expect(
      nextStatus('paid', 'remove_payment', { paymentsRemain: true, balanceRemains: true, viewed: false }),
    ).toBe('partially_paid');
  });

  const ctx = { paymentsRemain: false, balanceRemains: true, viewed: false };
  it.each([
    ['draft', 'Cannot remove a payment from an invoice that is draft'],
    ['sent', 'Cannot remove a payment from an invoice that is sent'],
    ['viewed', 'Cannot remove a payment from an invoice that is viewed'],
    ['void', 'Cannot remove a payment from an invoice that is void'],
  ] as const)('is refused on %s', (from, message) => {
    expect(canPerform(from, 'remove_payment')).toBe(false);
    const err = conflictOf(() => nextStatus(from, 'remove_payment', ctx));
    expect(err.code).toBe('invalid_transition');
    expect(err.message).toBe(message);
  });

  it('needs a context', () => {
    const action: InvoiceAction = 'remove_payment';
    expect(() => nextStatus('paid', action)).toThrow(TypeError);
  });
});

describe('effectiveStatus', () => {
  const due = '2026-11-25';

  it.each(['sent', 'viewed', 'partially_paid'] as const)(
    '%s becomes overdue the day after the due date',
    (s) => {
      expect(effectiveStatus(s, due, '2026-11-24', 100n)).toBe(s);
      expect(effectiveStatus(s, due, '2026-11-25', 100n)).toBe(s);
      expect(effectiveStatus(s, due, '2026-11-26', 100n)).toBe('overdue');
      expect(effectiveStatus(s, due, '2027-01-01', 1n)).toBe('overdue');
    },
  );

  it.each(['sent', 'viewed', 'partially_paid'] as const)('%s with nothing due is never overdue', (s) => {
    expect(effectiveStatus(s, due, '2026-12-31', 0n)).toBe(s);
    expect(effectiveStatus(s, due, '2026-12-31', -5n)).toBe(s);
  });

  it.each(['draft', 'paid', 'void'] as const)('%s is never overdue', (s) => {
    expect(effectiveStatus(s, due, '2030-01-01', 100n)).toBe(s);
  });

  it('compares dates as calendar days across month and year ends', () => {
    expect(effectiveStatus('sent', '2026-12-31', '2027-01-01', 1n)).toBe('overdue');
    expect(effectiveStatus('sent', '2026-01-31', '2026-02-01', 1n)).toBe('overdue');
    expect(effectiveStatus('sent', '2026-02-01', '2026-01-31', 1n)).toBe('sent');
  });

  it('rejects malformed dates instead of comparing text', () => {
    expect(() => effectiveStatus('sent', '2026-1-5', '2026-11-25', 1n)).toThrow(RangeError);
  });
});
