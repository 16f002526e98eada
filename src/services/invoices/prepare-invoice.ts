import type { Trx } from '../../db/client.ts';
import type { InvoiceRow, SettingsRow, StoredTax } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { DiscountInput, InvoiceTotals } from '../../domain/totals.ts';
import { isUnitCode, UNIT_CODE_MESSAGE } from '../../domain/units.ts';
import { checkLineItems } from '../items/line-items.ts';
import {
  checkClientAndProject,
  checkLineCount,
  defaultTaxes,
  type InvoiceInput,
  resolveCurrency,
  resolveDates,
  resolveTaxes,
} from './invoice-input.ts';
import { discountOf, invoiceTotals } from './invoice-totals.ts';

export interface PreparedLine {
  description: string;
  quantity: string;
  unitPrice: string;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  /** Unit code, or null/absent for none (lines saved before units existed have no key). */
  unit?: string | null;
  itemId?: string | null;
}

export interface PreparedInvoice {
  clientId: string;
  projectId: string | null;
  currency: string;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  notes: string;
  terms: string;
  lines: PreparedLine[];
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  totals: InvoiceTotals;
}

export interface CurrentInvoice {
  row: InvoiceRow;
  lines: PreparedLine[];
}

/**
 * Validates an invoice input against the database and runs the totals engine, without writing anything: every
 * error surfaces before the first write, so a bad request leaves nothing behind. `current` is the stored
 * invoice on update (fields left out keep their value), null on create.
 */
export async function prepareInvoice(
  trx: Trx,
  input: InvoiceInput,
  current: CurrentInvoice | null,
  settings: SettingsRow,
  now: Date,
): Promise<PreparedInvoice> {
  const row = current?.row;
  const clientId = input.clientId ?? row?.client_id;
  if (!clientId) throw new ValidationError('clientId', 'An invoice needs a client');
  const clientChanged = row !== undefined && clientId !== row.client_id;
  const projectId =
    input.projectId !== undefined ? input.projectId : clientChanged ? null : (row?.project_id ?? null);
  // A draft already made out to a client that was archived since can still be finished.
  const client = await checkClientAndProject(trx, clientId, projectId, {
    allowArchived: row !== undefined && !clientChanged,
  });

  const currency =
    row && input.currency === undefined
      ? row.currency
      : resolveCurrency(input.currency, client.currency, settings);
  const dates = resolveDates(
    input,
    row ? { issueDate: row.issue_date, paymentTerms: row.payment_terms, dueDate: row.due_date } : null,
    settings,
    now,
  );

  if (input.lines) {
    checkLineCount(input.lines);
    await checkLineItems(trx, input.lines);
  }
  const lines: PreparedLine[] = input.lines
    ? await Promise.all(
        input.lines.map(async (line, index) => {
          const description = line.description.trim();
          if (!description)
            throw new ValidationError(`lines.${index}.description`, 'Describe what this line bills');
          if (line.unit != null && !isUnitCode(line.unit))
            throw new ValidationError(`lines.${index}.unit`, UNIT_CODE_MESSAGE);
          return {
            description,
            quantity: line.quantity,
            unitPrice: line.unitPrice,
            unit: line.unit ?? null,
            itemId: line.itemId ?? null,
            discount: line.discount ?? null,
            taxes: await resolveTaxes(trx, line.taxes ?? [], `lines.${index}.taxes`),
          };
        }),
      )
    : (current?.lines ?? []);

  const taxes =
    input.taxes !== undefined
      ? await resolveTaxes(trx, input.taxes, 'taxes')
      : row
        ? row.taxes
        : await defaultTaxes(trx);
  const discount =
    input.discount !== undefined
      ? input.discount
      : row
        ? discountOf(row.discount_kind, row.discount_value)
        : null;
  // Rounding rules are copied from the settings when the invoice is created and kept with it afterwards.
  const taxRounding = row?.tax_rounding ?? settings.tax_rounding;
  const invoiceDiscountMode = row?.invoice_discount_mode ?? settings.invoice_discount_mode;

  const totals = invoiceTotals({
    currency,
    discount,
    taxes,
    taxRounding,
    invoiceDiscountMode,
    amountPaid: row?.amount_paid_minor ?? 0n,
    lines,
  });

  return {
    clientId,
    projectId,
    currency,
    ...dates,
    discount,
    taxes,
    notes: input.notes ?? row?.notes ?? settings.default_notes,
    terms: input.terms ?? row?.terms ?? settings.default_terms,
    lines,
    taxRounding,
    invoiceDiscountMode,
    totals,
  };
}

/** Column values of a prepared invoice (lines are written separately). */
export function invoiceColumns(prepared: PreparedInvoice) {
  return {
    client_id: prepared.clientId,
    project_id: prepared.projectId,
    currency: prepared.currency,
    issue_date: prepared.issueDate,
    due_date: prepared.dueDate,
    payment_terms: prepared.paymentTerms,
    discount_kind: prepared.discount?.kind ?? null,
    discount_value: prepared.discount?.value ?? null,
    taxes: JSON.stringify(prepared.taxes),
    notes: prepared.notes,
    terms: prepared.terms,
    tax_rounding: prepared.taxRounding,
    invoice_discount_mode: prepared.invoiceDiscountMode,
    total_minor: prepared.totals.total,
  };
}

/** Writes the invoice's lines; `replace` first removes the lines it had (an update, not a new invoice). */
export async function writeLines(
  trx: Trx,
  invoiceId: string,
  lines: PreparedLine[],
  options: { replace: boolean },
): Promise<void> {
  if (options.replace) await trx.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute();
  if (lines.length === 0) return;
  await trx
    .insertInto('invoice_lines')
    .values(
      lines.map((line, position) => ({
        invoice_id: invoiceId,
        position,
        description: line.description,
        quantity: line.quantity,
        unit_price: line.unitPrice,
        discount_kind: line.discount?.kind ?? null,
        discount_value: line.discount?.value ?? null,
        taxes: JSON.stringify(line.taxes),
        unit: line.unit ?? null,
        item_id: line.itemId ?? null,
      })),
    )
    .execute();
}
