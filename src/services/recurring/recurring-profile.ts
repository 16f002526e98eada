import type { Trx } from '../../db/client.ts';
import type { InvoiceRow, RecurringProfileRow, SettingsRow } from '../../db/schema.ts';
import { parsePaymentTerms } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Schedule, ScheduleInput } from '../../domain/recurrence.ts';
import type { DiscountInput } from '../../domain/totals.ts';
import type { LineInput, TaxReference } from '../documents/document-input.ts';
import { NotFoundError } from '../errors.ts';
import { type CurrentInvoice, type PreparedInvoice, prepareInvoice } from '../invoices/prepare-invoice.ts';

/** What staff may set on a recurring profile; on update, fields left out keep their value. */
export interface RecurringProfileInput {
  name?: string;
  clientId?: string;
  projectId?: string | null;
  currency?: string;
  /** 'due_on_receipt', 'net_N', 'eom' or 'eom_next': each invoice's due date follows from its own issue date. */
  paymentTerms?: string;
  lines?: LineInput[];
  discount?: DiscountInput | null;
  taxes?: TaxReference[];
  notes?: string;
  terms?: string;
  frequency?: string;
  interval?: number;
  dayOfMonth?: number | 'last' | null;
  startDate?: string;
  endAfterCount?: number | null;
  endDate?: string | null;
  autoSend?: boolean;
}

export const SCHEDULE_FIELDS = [
  'frequency',
  'interval',
  'dayOfMonth',
  'startDate',
  'endAfterCount',
  'endDate',
] as const;

/** Schedule fields whose change moves the schedule's dates: an edit to them takes effect from today. */
export const ANCHOR_FIELDS = ['frequency', 'interval', 'dayOfMonth', 'startDate'] as const;

/** Whether an edit changes the schedule's anchor (any of ANCHOR_FIELDS given). */
export const changesAnchor = (input: RecurringProfileInput) =>
  ANCHOR_FIELDS.some((field) => input[field] !== undefined);

/** The schedule stored on a profile row. */
export function scheduleOf(row: RecurringProfileRow): Schedule {
  return {
    frequency: row.frequency,
    interval: row.interval,
    dayOfMonth: row.on_last_day ? 'last' : row.day_of_month,
    startDate: row.start_date,
    endAfterCount: row.end_after_count,
    endDate: row.end_date,
  };
}

/** The stored schedule as input, with the fields of `input` that change it laid over it. */
export function mergedScheduleInput(
  row: RecurringProfileRow | null,
  input: RecurringProfileInput,
): ScheduleInput {
  const current = row ? scheduleOf(row) : null;
  const frequency = input.frequency ?? current?.frequency;
  const startDate = input.startDate ?? current?.startDate;
  if (frequency === undefined)
    throw new ValidationError('frequency', 'A recurring profile needs a frequency');
  if (startDate === undefined)
    throw new ValidationError('startDate', 'A recurring profile needs a start date');
  // A day of the month only means something for monthly and quarterly: switching away from them drops it.
  const keepsDay = frequency === 'monthly' || frequency === 'quarterly';
  return {
    frequency,
    interval: input.interval ?? current?.interval ?? 1,
    dayOfMonth:
      input.dayOfMonth !== undefined ? input.dayOfMonth : keepsDay ? (current?.dayOfMonth ?? null) : null,
    startDate,
    // An end is either a count or a date: giving one replaces the other.
    endAfterCount:
      input.endAfterCount !== undefined
        ? input.endAfterCount
        : input.endDate != null
          ? null
          : (current?.endAfterCount ?? null),
    endDate:
      input.endDate !== undefined
        ? input.endDate
        : input.endAfterCount != null
          ? null
          : (current?.endDate ?? null),
  };
}

export function scheduleColumns(schedule: Schedule) {
  return {
    frequency: schedule.frequency,
    interval: schedule.interval,
    day_of_month: schedule.dayOfMonth === 'last' ? null : schedule.dayOfMonth,
    on_last_day: schedule.dayOfMonth === 'last',
    start_date: schedule.startDate,
    end_after_count: schedule.endAfterCount,
    end_date: schedule.endDate,
  };
}

/**
 * A profile seen as the invoice it produces, issued on `issueDate`, so the invoice rules (client and project checks,
 * currency, tax snapshots, payment terms, totals) are the ones of prepareInvoice and nothing is written twice.
 * Only the columns prepareInvoice reads are filled: a template has no number, status or payments.
 */
export function profileAsInvoice(
  row: RecurringProfileRow,
  settings: SettingsRow,
  issueDate: string,
): CurrentInvoice {
  const template = {
    client_id: row.client_id,
    project_id: row.project_id,
    currency: row.currency,
    issue_date: issueDate,
    payment_terms: row.payment_terms,
    due_date: issueDate,
    taxes: row.taxes,
    discount_kind: row.discount?.kind ?? null,
    discount_value: row.discount?.value ?? null,
    notes: row.notes,
    terms: row.terms,
    amount_paid_minor: 0n,
    // Invoices take the rounding rules in force when they are created, as new drafts do.
    tax_rounding: settings.tax_rounding,
    invoice_discount_mode: settings.invoice_discount_mode,
  } satisfies Partial<InvoiceRow>;
  return { row: template as InvoiceRow, lines: row.lines };
}

/** Payment terms of a profile: a fixed due date cannot repeat, so only terms relative to the issue date. */
export function checkRecurringTerms(paymentTerms: string | undefined): void {
  if (paymentTerms === undefined) return;
  if (parsePaymentTerms(paymentTerms, 'paymentTerms').kind === 'fixed_date') {
    throw new ValidationError(
      'paymentTerms',
      'A recurring invoice needs terms relative to its issue date ("due_on_receipt", "net_N", "eom" or "eom_next"), not a fixed date',
    );
  }
}

/**
 * Validates the invoice part of a profile with the invoice rules, issued on `issueDate` (the first period), without
 * writing anything. Returns the prepared invoice: tax references resolved to snapshots, totals computed.
 */
export async function prepareProfileInvoice(
  trx: Trx,
  input: RecurringProfileInput,
  current: RecurringProfileRow | null,
  settings: SettingsRow,
  issueDate: string,
  now: Date,
): Promise<PreparedInvoice> {
  checkRecurringTerms(input.paymentTerms);
  if (input.lines !== undefined && input.lines.length === 0) {
    throw new ValidationError('lines', 'A recurring invoice needs at least one line');
  }
  if (!current && input.lines === undefined) {
    throw new ValidationError('lines', 'A recurring invoice needs at least one line');
  }
  return prepareInvoice(
    trx,
    {
      clientId: input.clientId,
      projectId: input.projectId,
      currency: input.currency,
      issueDate,
      paymentTerms: input.paymentTerms,
      dueDate: null,
      lines: input.lines,
      discount: input.discount,
      taxes: input.taxes,
      notes: input.notes,
      terms: input.terms,
    },
    current ? profileAsInvoice(current, settings, issueDate) : null,
    settings,
    now,
  );
}

/** Column values of the invoice part of a profile. */
export function templateColumns(prepared: PreparedInvoice) {
  return {
    client_id: prepared.clientId,
    project_id: prepared.projectId,
    currency: prepared.currency,
    payment_terms: prepared.paymentTerms,
    discount: JSON.stringify(prepared.discount),
    taxes: JSON.stringify(prepared.taxes),
    lines: JSON.stringify(prepared.lines),
    notes: prepared.notes,
    terms: prepared.terms,
  };
}

/** Reads a profile; `lock` takes its row lock (only in a transaction). */
export async function loadProfile(trx: Trx, id: string, options: { lock?: boolean } = {}) {
  let query = trx.selectFrom('recurring_profiles').selectAll().where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new NotFoundError('Recurring profile');
  return row;
}

/** The last period this profile has handled (generated, skipped or missed), or null. */
export async function lastHandledPeriod(trx: Trx, profileId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('recurring_periods')
    .select((eb) => eb.fn.max('period_date').as('last'))
    .where('profile_id', '=', profileId)
    .executeTakeFirst();
  return (row?.last as string | null | undefined) ?? null;
}
