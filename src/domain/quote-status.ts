/**
 * The quote status machine: one pure transition table, like domain/invoice-status.ts.
 *
 * Draft -> Sent (number assigned) -> Viewed (a client contact opened it) -> Accepted | Declined; Accepted -> Invoiced
 * (converted). `expired` is never stored: a Sent or Viewed quote whose valid-until date is before the organisation's
 * today shows as expired (`effectiveQuoteStatus`), and can no longer be accepted or converted until staff extend
 * it (edit validUntil). Editing a viewed quote makes it Sent again: the client has not seen the new version (the
 * service keeps every version, services/quotes/revise-quote.ts). Accepted and declined quotes are the client's
 * answer: locked.
 */
import { compareDates } from './dates.ts';
import { ConflictError } from './errors.ts';

export const QUOTE_STATUSES = [
  'draft',
  'sent',
  'viewed',
  'accepted',
  'declined',
  'expired',
  'invoiced',
] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** What the database stores; `expired` is derived. */
export type StoredQuoteStatus = Exclude<QuoteStatus, 'expired'>;

export type QuoteAction =
  | 'issue'
  | 'resend'
  | 'mark_viewed'
  | 'accept'
  | 'decline'
  | 'convert'
  | 'edit'
  | 'delete';

type Cell =
  /** Allowed: the quote ends in this status. */
  | { readonly to: StoredQuoteStatus }
  /** Refused, with the reason shown to the user and a code for clients that branch on it. */
  | { readonly refuse: string; readonly code?: string };

const LOCKED_ANSWERED = 'the client has answered it, so it is locked';
const SEND_FIRST = 'send it first';
const ALREADY_SENT = 'it has already been sent';
const KEPT = 'a sent quote is kept for the record';
const ALREADY_ACCEPTED = { refuse: 'it has already been accepted', code: 'quote_already_accepted' };
const WAS_DECLINED = { refuse: 'the client declined it', code: 'quote_declined' };
const ALREADY_INVOICED = {
  refuse: 'it has already been converted to an invoice',
  code: 'quote_already_invoiced',
};

/** Actions that an expired quote refuses (a client cannot take up an offer that has lapsed). */
const REFUSED_WHEN_EXPIRED: readonly QuoteAction[] = ['accept', 'convert', 'resend'];

const TRANSITIONS: { readonly [S in StoredQuoteStatus]: { readonly [A in QuoteAction]?: Cell } } = {
  draft: {
    issue: { to: 'sent' },
    resend: { refuse: SEND_FIRST },
    mark_viewed: { refuse: 'drafts are not visible to clients' },
    accept: { refuse: SEND_FIRST },
    decline: { refuse: SEND_FIRST },
    convert: { refuse: 'send it and record the client’s acceptance first' },
    edit: { to: 'draft' },
    delete: { to: 'draft' },
  },
  sent: {
    issue: { refuse: ALREADY_SENT },
    resend: { to: 'sent' },
    mark_viewed: { to: 'viewed' },
    accept: { to: 'accepted' },
    decline: { to: 'declined' },
    convert: {
      refuse: 'the client has not accepted it yet: record the acceptance first',
      code: 'quote_not_accepted',
    },
    edit: { to: 'sent' },
    delete: { refuse: KEPT },
  },
  viewed: {
    issue: { refuse: ALREADY_SENT },
    resend: { to: 'viewed' },
    mark_viewed: { to: 'viewed' },
    accept: { to: 'accepted' },
    decline: { to: 'declined' },
    convert: {
      refuse: 'the client has not accepted it yet: record the acceptance first',
      code: 'quote_not_accepted',
    },
    // The client has not seen the edited version: it is Sent again until they open it.
    edit: { to: 'sent' },
    delete: { refuse: KEPT },
  },
  accepted: {
    issue: { refuse: ALREADY_SENT },
    resend: { refuse: LOCKED_ANSWERED },
    mark_viewed: { to: 'accepted' },
    accept: ALREADY_ACCEPTED,
    decline: ALREADY_ACCEPTED,
    convert: { to: 'invoiced' },
    edit: { refuse: LOCKED_ANSWERED, code: 'quote_locked' },
    delete: { refuse: KEPT },
  },
  declined: {
    issue: { refuse: ALREADY_SENT },
    resend: { refuse: LOCKED_ANSWERED },
    mark_viewed: { to: 'declined' },
    accept: WAS_DECLINED,
    decline: { refuse: 'it has already been declined', code: 'quote_declined' },
    convert: WAS_DECLINED,
    edit: { refuse: LOCKED_ANSWERED, code: 'quote_locked' },
    delete: { refuse: KEPT },
  },
  invoiced: {
    issue: { refuse: ALREADY_SENT },
    resend: { refuse: ALREADY_INVOICED.refuse },
    mark_viewed: { to: 'invoiced' },
    accept: ALREADY_INVOICED,
    decline: ALREADY_INVOICED,
    convert: ALREADY_INVOICED,
    edit: { refuse: ALREADY_INVOICED.refuse, code: 'quote_locked' },
    delete: { refuse: KEPT },
  },
};

const ACTION_PHRASE: { readonly [A in QuoteAction]: string } = {
  issue: 'send',
  resend: 'send again',
  mark_viewed: 'mark as viewed',
  accept: 'accept',
  decline: 'decline',
  convert: 'convert to an invoice',
  edit: 'edit',
  delete: 'delete',
};

/** Open quotes: sent to the client and still waiting for an answer; these can expire. */
export const OPEN_QUOTE_STATUSES = ['sent', 'viewed'] as const satisfies readonly StoredQuoteStatus[];

function isOpen(status: StoredQuoteStatus): boolean {
  return (OPEN_QUOTE_STATUSES as readonly StoredQuoteStatus[]).includes(status);
}

/** An open quote is expired from the day after its valid-until date (valid through that whole day). */
export function isQuoteExpired(stored: StoredQuoteStatus, validUntil: string, today: string): boolean {
  return isOpen(stored) && compareDates(validUntil, today) < 0;
}

/** The status to show: `expired` for an open quote past its valid-until date, the stored status otherwise. */
export function effectiveQuoteStatus(
  stored: StoredQuoteStatus,
  validUntil: string,
  today: string,
): QuoteStatus {
  return isQuoteExpired(stored, validUntil, today) ? 'expired' : stored;
}

/** Whether the table allows `action` now (without throwing), e.g. to decide what a page offers. */
export function canPerformOnQuote(
  from: StoredQuoteStatus,
  action: QuoteAction,
  dates: { validUntil: string; today: string },
): boolean {
  if (REFUSED_WHEN_EXPIRED.includes(action) && isQuoteExpired(from, dates.validUntil, dates.today))
    return false;
  const cell = TRANSITIONS[from]?.[action];
  return cell !== undefined && 'to' in cell;
}

/**
 * The status after `action` on a quote stored as `from`, given its valid-until date and the organisation's today.
 * Throws ConflictError ("Cannot accept a quote that is declined: the client declined it") when refused; an expired
 * quote refuses accept, convert and resend with code `quote_expired`.
 */
export function nextQuoteStatus(
  from: StoredQuoteStatus,
  action: QuoteAction,
  dates: { validUntil: string; today: string },
): StoredQuoteStatus {
  if (REFUSED_WHEN_EXPIRED.includes(action) && isQuoteExpired(from, dates.validUntil, dates.today)) {
    throw new ConflictError(
      'quote_expired',
      `Cannot ${ACTION_PHRASE[action]} a quote that is expired: it was valid until ${dates.validUntil}; ` +
        'extend it (edit validUntil) to make it open again',
    );
  }
  const cell = TRANSITIONS[from]?.[action];
  if (cell === undefined || 'refuse' in cell) {
    const base = `Cannot ${ACTION_PHRASE[action] ?? action} a quote that is ${from}`;
    throw new ConflictError(cell?.code ?? 'invalid_transition', cell ? `${base}: ${cell.refuse}` : base);
  }
  return cell.to;
}

/** Type guard for input such as a status filter in a query string. */
export function isQuoteStatus(s: unknown): s is QuoteStatus {
  return typeof s === 'string' && (QUOTE_STATUSES as readonly string[]).includes(s);
}
