/**
 * The invoice status machine: one pure transition table.
 *
 * Stored statuses are what the database holds. `overdue` is never stored: it is derived at read time from the due
 * date, the organisation's "today" and the balance (`effectiveStatus`), so it can never go stale and no job has to
 * flip it back when a payment arrives or the due date moves.
 *
 * Every transition is a cell of `TRANSITIONS`. A missing cell is refused with a generic message; some refusals carry
 * a reason telling the user what to do instead. Self-loops (e.g. editing a sent invoice, viewing a viewed one)
 * return the same status: callers record a status event only when the status actually changes.
 */
import { compareDates } from './dates.ts';
import { ConflictError } from './errors.ts';

export const INVOICE_STATUSES = [
  'draft',
  'sent',
  'viewed',
  'partially_paid',
  'paid',
  'credited',
  'overdue',
  'void',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** What the database stores; `overdue` is derived. */
export type StoredStatus = 'draft' | 'sent' | 'viewed' | 'partially_paid' | 'paid' | 'credited' | 'void';
export const STORED_STATUSES: readonly StoredStatus[] = [
  'draft',
  'sent',
  'viewed',
  'partially_paid',
  'paid',
  'credited',
  'void',
];

export type InvoiceAction =
  | 'mark_sent'
  | 'mark_viewed'
  | 'record_partial_payment'
  | 'record_full_payment'
  | 'remove_payment'
  | 'void'
  | 'edit'
  | 'delete';
export const INVOICE_ACTIONS: readonly InvoiceAction[] = [
  'mark_sent',
  'mark_viewed',
  'record_partial_payment',
  'record_full_payment',
  'remove_payment',
  'void',
  'edit',
  'delete',
];

/** The facts `remove_payment` needs, measured after the payment is removed (or refunded in full). */
export interface RemovePaymentContext {
  /** At least one payment still counts towards the invoice. */
  paymentsRemain: boolean;
  /** The balance due is above zero. */
  balanceRemains: boolean;
  /** The client has opened the invoice (it has a viewed-at time), so it goes back to `viewed` rather than `sent`. */
  viewed: boolean;
  /** Credit notes settle part of the invoice (credit applied to it), which counts like a payment for the status. */
  creditRemains?: boolean;
}

type Cell =
  /** Allowed: the invoice ends in this status. */
  | { readonly to: StoredStatus }
  /** Allowed: the status depends on what remains after a payment is taken away. */
  | { readonly to: 'after_payment_removal' }
  /** Refused, with the reason shown to the user. */
  | { readonly refuse: string };

const ISSUED_NO_DELETE = 'issued invoices cannot be deleted; void it instead';
const IMMUTABLE = 'paid and void invoices cannot be changed';
const CREDITED = 'credit notes settle it; correct it with another credit note';
const ALREADY_SENT = 'it has already been sent';
const REMOVE_PAYMENTS_FIRST = 'remove or refund payments first';

/**
 * The whole machine. Rows are the current stored status, columns the action. Edits of issued invoices are allowed
 * here; keeping their revision history is the service's job. `delete` of a draft leaves the status as is: the row
 * goes away.
 */
const TRANSITIONS: { readonly [S in StoredStatus]: { readonly [A in InvoiceAction]?: Cell } } = {
  draft: {
    mark_sent: { to: 'sent' },
    mark_viewed: { refuse: 'drafts are not visible to clients' },
    record_partial_payment: { refuse: 'send it first' },
    record_full_payment: { refuse: 'send it first' },
    void: { refuse: 'drafts are deleted, not voided' },
    edit: { to: 'draft' },
    delete: { to: 'draft' },
  },
  sent: {
    mark_sent: { refuse: ALREADY_SENT },
    mark_viewed: { to: 'viewed' },
    record_partial_payment: { to: 'partially_paid' },
    record_full_payment: { to: 'paid' },
    void: { to: 'void' },
    edit: { to: 'sent' },
    delete: { refuse: ISSUED_NO_DELETE },
  },
  viewed: {
    mark_sent: { refuse: ALREADY_SENT },
    mark_viewed: { to: 'viewed' },
    record_partial_payment: { to: 'partially_paid' },
    record_full_payment: { to: 'paid' },
    void: { to: 'void' },
    edit: { to: 'viewed' },
    delete: { refuse: ISSUED_NO_DELETE },
  },
  partially_paid: {
    mark_sent: { refuse: ALREADY_SENT },
    mark_viewed: { to: 'partially_paid' },
    record_partial_payment: { to: 'partially_paid' },
    record_full_payment: { to: 'paid' },
    remove_payment: { to: 'after_payment_removal' },
    void: { refuse: REMOVE_PAYMENTS_FIRST },
    edit: { to: 'partially_paid' },
    delete: { refuse: 'issued invoices cannot be deleted; remove or refund payments, then void it' },
  },
  paid: {
    mark_sent: { refuse: ALREADY_SENT },
    mark_viewed: { to: 'paid' },
    record_partial_payment: { refuse: 'it has no balance left' },
    record_full_payment: { refuse: 'it has no balance left' },
    remove_payment: { to: 'after_payment_removal' },
    void: { refuse: REMOVE_PAYMENTS_FIRST },
    edit: { refuse: IMMUTABLE },
    delete: { refuse: 'issued invoices cannot be deleted; remove or refund payments, then void it' },
  },
  /** Settled by credit notes alone, nothing paid: closed, like a paid invoice. */
  credited: {
    mark_sent: { refuse: ALREADY_SENT },
    mark_viewed: { to: 'credited' },
    record_partial_payment: { refuse: 'it has no balance left' },
    record_full_payment: { refuse: 'it has no balance left' },
    remove_payment: { to: 'after_payment_removal' },
    void: { refuse: CREDITED },
    edit: { refuse: CREDITED },
    delete: { refuse: 'issued invoices cannot be deleted; it is settled by credit notes' },
  },
  void: {
    void: { refuse: 'it is already void' },
    edit: { refuse: IMMUTABLE },
    delete: { refuse: 'void invoices are kept for the record' },
  },
};

const ACTION_PHRASE: { readonly [A in InvoiceAction]: string } = {
  mark_sent: 'send',
  mark_viewed: 'mark as viewed',
  record_partial_payment: 'record a partial payment on',
  record_full_payment: 'record a full payment on',
  remove_payment: 'remove a payment from',
  void: 'void',
  edit: 'edit',
  delete: 'delete',
};

const STATUS_LABEL: { readonly [S in InvoiceStatus]: string } = {
  draft: 'draft',
  sent: 'sent',
  viewed: 'viewed',
  partially_paid: 'partially paid',
  paid: 'paid',
  credited: 'credited',
  overdue: 'overdue',
  void: 'void',
};

/** Human label for a status ("partially paid"). */
export function statusLabel(status: InvoiceStatus): string {
  return STATUS_LABEL[status];
}

/** Whether the table allows `action` from `from` (whatever the context turns out to be). */
export function canPerform(from: StoredStatus, action: InvoiceAction): boolean {
  const cell = TRANSITIONS[from]?.[action];
  return cell !== undefined && 'to' in cell;
}

/**
 * The status after performing `action` on an invoice in status `from`.
 * Throws ConflictError('invalid_transition', "Cannot <action> an invoice that is <status>[: <reason>]") when the
 * table refuses it. `remove_payment` needs the context: with no payment left the invoice goes back to `viewed` (if
 * the client opened it) or `sent`; with payments left and a balance due, `partially_paid`; with payments left and
 * nothing due (e.g. a duplicate payment was removed), `paid`.
 */
export function nextStatus(
  from: StoredStatus,
  action: 'remove_payment',
  ctx: RemovePaymentContext,
): StoredStatus;
export function nextStatus(
  from: StoredStatus,
  action: Exclude<InvoiceAction, 'remove_payment'>,
): StoredStatus;
export function nextStatus(
  from: StoredStatus,
  action: InvoiceAction,
  ctx?: RemovePaymentContext,
): StoredStatus;
export function nextStatus(
  from: StoredStatus,
  action: InvoiceAction,
  ctx?: RemovePaymentContext,
): StoredStatus {
  const cell = TRANSITIONS[from]?.[action];
  if (cell === undefined || 'refuse' in cell) {
    const base = `Cannot ${ACTION_PHRASE[action] ?? action} an invoice that is ${STATUS_LABEL[from] ?? from}`;
    throw new ConflictError('invalid_transition', cell ? `${base}: ${cell.refuse}` : base);
  }
  if (cell.to !== 'after_payment_removal') return cell.to;
  if (!ctx) throw new TypeError('nextStatus: remove_payment needs a RemovePaymentContext');
  if (!ctx.paymentsRemain) {
    if (ctx.creditRemains) return ctx.balanceRemains ? 'partially_paid' : 'credited';
    return ctx.viewed ? 'viewed' : 'sent';
  }
  return ctx.balanceRemains ? 'partially_paid' : 'paid';
}

/** Issued and still expecting money: the stored statuses that can become overdue. */
export const OPEN_STATUSES = ['sent', 'viewed', 'partially_paid'] as const satisfies readonly StoredStatus[];

/**
 * The status to show: `overdue` when the stored status is sent, viewed or partially paid, a balance remains and the
 * due date is before `today` (the organisation's date, see `todayIn`); the stored status otherwise. An invoice is
 * not overdue on its due date, only from the day after.
 */
export function effectiveStatus(
  stored: StoredStatus,
  dueDate: string,
  today: string,
  balanceDue: bigint,
): InvoiceStatus {
  if (!(OPEN_STATUSES as readonly StoredStatus[]).includes(stored)) return stored;
  if (balanceDue <= 0n) return stored;
  return compareDates(dueDate, today) < 0 ? 'overdue' : stored;
}

/** Type guard for input such as a status filter in a query string. */
export function isInvoiceStatus(s: unknown): s is InvoiceStatus {
  return typeof s === 'string' && (INVOICE_STATUSES as readonly string[]).includes(s);
}

/** The facts that decide an issued invoice's status once credit is applied to it. */
export interface SettlementFacts {
  /** total − paid − credited, from the totals engine. */
  balanceDue: bigint;
  /** Payments that count (net of refunds). */
  paid: bigint;
  /** Credit applied from credit notes. */
  credited: bigint;
  /** The client has opened the invoice. */
  viewed: boolean;
}

/**
 * The status of an issued invoice after credit was applied to it: `credited` when credit notes alone settle it,
 * `paid` when payments and credit together settle it, `partially_paid` while something (payment or credit) settles
 * part of it, `sent`/`viewed` otherwise. Refused (409) for drafts and void invoices, which take no credit.
 */
export function statusAfterCredit(from: StoredStatus, facts: SettlementFacts): StoredStatus {
  if (from === 'draft' || from === 'void') {
    throw new ConflictError(
      'invalid_transition',
      `Cannot apply credit to an invoice that is ${STATUS_LABEL[from]}: ${from === 'draft' ? 'issue it first' : 'it is void'}`,
    );
  }
  if (facts.balanceDue <= 0n) return facts.paid > 0n ? 'paid' : 'credited';
  if (facts.paid > 0n || facts.credited > 0n) return 'partially_paid';
  return facts.viewed ? 'viewed' : 'sent';
}
