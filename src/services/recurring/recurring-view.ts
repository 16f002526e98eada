import type { Db, Trx } from '../../db/client.ts';
import type { RecurringProfileRow, SettingsRow } from '../../db/schema.ts';
import { upcomingDates } from '../../domain/recurrence.ts';
import type { DiscountInput } from '../../domain/totals.ts';
import { normalizeDecimalText } from '../decimal-text.ts';
import { documentTotals } from '../documents/document-totals.ts';
import { type TaxView, type TotalsView, totalsView } from '../documents/document-view.ts';
import { NotFoundError } from '../errors.ts';
import { getSettings } from '../settings/get-settings.ts';
import { scheduleOf } from './recurring-profile.ts';

export interface RecurringProfileView {
  id: string;
  name: string;
  status: 'active' | 'paused' | 'finished';
  client: { id: string; name: string; company: string };
  project: { id: string; name: string } | null;
  currency: string;
  paymentTerms: string;
  lines: {
    description: string;
    quantity: string;
    unitPrice: string;
    unit: string | null;
    itemId: string | null;
    discount: DiscountInput | null;
    taxes: TaxView[];
  }[];
  discount: DiscountInput | null;
  taxes: TaxView[];
  notes: string;
  terms: string;
  /** The figures each generated invoice will carry (totals engine, current rounding settings). */
  totals: TotalsView;
  frequency: RecurringProfileRow['frequency'];
  interval: number;
  dayOfMonth: number | 'last' | null;
  startDate: string;
  endAfterCount: number | null;
  endDate: string | null;
  autoSend: boolean;
  nextRunDate: string | null;
  generatedCount: number;
  /** The next (up to) 12 period dates: the issue dates of the next invoices. */
  upcomingDates: string[];
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileNames {
  client_name: string;
  client_company: string;
  project_name: string | null;
}

const discountView = (discount: DiscountInput | null): DiscountInput | null =>
  discount && { kind: discount.kind, value: normalizeDecimalText(discount.value) };

const taxView = (tax: TaxView): TaxView => ({ ...tax, rate: normalizeDecimalText(tax.rate) });

export function toRecurringProfileView(
  row: RecurringProfileRow & ProfileNames,
  settings: SettingsRow,
): RecurringProfileView {
  const schedule = scheduleOf(row);
  const totals = documentTotals({
    currency: row.currency,
    discount: row.discount,
    taxes: row.taxes,
    taxRounding: settings.tax_rounding,
    invoiceDiscountMode: settings.invoice_discount_mode,
    amountPaid: 0n,
    lines: row.lines,
  });
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    client: { id: row.client_id, name: row.client_name, company: row.client_company },
    project:
      row.project_id && row.project_name !== null ? { id: row.project_id, name: row.project_name } : null,
    currency: row.currency,
    paymentTerms: row.payment_terms,
    lines: row.lines.map((line) => ({
      description: line.description,
      quantity: normalizeDecimalText(line.quantity),
      unitPrice: normalizeDecimalText(line.unitPrice),
      // Profiles saved before units existed (migration 015) have neither key.
      unit: line.unit ?? null,
      itemId: line.itemId ?? null,
      discount: discountView(line.discount),
      taxes: line.taxes.map(taxView),
    })),
    discount: discountView(row.discount),
    taxes: row.taxes.map(taxView),
    notes: row.notes,
    terms: row.terms,
    totals: totalsView(totals),
    frequency: row.frequency,
    interval: row.interval,
    dayOfMonth: schedule.dayOfMonth,
    startDate: row.start_date,
    endAfterCount: row.end_after_count,
    endDate: row.end_date,
    autoSend: row.auto_send,
    nextRunDate: row.next_run_date,
    generatedCount: row.generated_count,
    upcomingDates:
      row.status === 'finished' ? [] : upcomingDates(schedule, row.next_run_date, row.generated_count),
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Profiles with their client's and project's names, for views. */
export function selectProfiles(db: Db | Trx) {
  return db
    .selectFrom('recurring_profiles')
    .innerJoin('clients', 'clients.id', 'recurring_profiles.client_id')
    .leftJoin('projects', 'projects.id', 'recurring_profiles.project_id')
    .selectAll('recurring_profiles')
    .select([
      'clients.name as client_name',
      'clients.company as client_company',
      'projects.name as project_name',
    ]);
}

export async function loadProfileView(db: Db | Trx, id: string): Promise<RecurringProfileView> {
  const row = await selectProfiles(db).where('recurring_profiles.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Recurring profile');
  return toRecurringProfileView(row, await getSettings(db));
}
