import type { Trx } from '../../db/client.ts';
import type { SettingsRow, StoredTax } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { DiscountInput, InvoiceTotals } from '../../domain/totals.ts';
import { isUnitCode, UNIT_CODE_MESSAGE } from '../../domain/units.ts';
import { checkItemsFound } from '../items/line-items.ts';
import {
  checkClientAndProjectRows,
  checkLineCount,
  type DocumentBodyInput,
  defaultTaxSnapshots,
  referencedIds,
  resolveCurrency,
  taxSnapshots,
} from './document-input.ts';
import {
  type DocumentReferences,
  type DocumentReferencesRequest,
  loadDocumentReferences,
} from './document-references.ts';
import { discountOf, documentTotals } from './document-totals.ts';
import type { DocumentLineRowCore, DocumentRowCore } from './document-view.ts';

export interface PreparedLine {
  description: string;
  quantity: string;
  unitPrice: string;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  /** Unit code, or null/absent for none (lines saved before units existed have no key). */
  unit?: string | null;
  itemId?: string | null;
  /** The item's code (BT-155) copied when the line was saved from the catalogue; '' or absent: none. */
  itemCode?: string;
}

export interface PreparedBody {
  clientId: string;
  projectId: string | null;
  currency: string;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  notes: string;
  terms: string;
  lines: PreparedLine[];
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  totals: InvoiceTotals;
}

/** A stored document being edited: its row (with its client and project) and its lines as prepared lines. */
export interface CurrentDocument<Row extends DocumentRowCore = DocumentRowCore> {
  row: Row & { client_id: string; project_id: string | null };
  lines: PreparedLine[];
}

/** Stored lines back as prepared lines, e.g. to keep them when an edit leaves the lines out. */
export function preparedLinesOf(lines: DocumentLineRowCore[]): PreparedLine[] {
  return lines.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    unit: line.unit ?? null,
    itemId: line.item_id ?? null,
    itemCode: line.item_code ?? '',
    discount: discountOf(line.discount_kind, line.discount_value),
    taxes: line.taxes,
  }));
}

/** What a document's body refers to (client, project, saved rates, items): the ids to read in one query. */
export function documentReferencesRequest(
  input: DocumentBodyInput,
  current: CurrentDocument | null,
  noun: string,
): DocumentReferencesRequest {
  const row = current?.row;
  const clientId = input.clientId ?? row?.client_id;
  if (!clientId) throw new ValidationError('clientId', `${noun} needs a client`);
  const clientChanged = row !== undefined && clientId !== row.client_id;
  const projectId =
    input.projectId !== undefined ? input.projectId : clientChanged ? null : (row?.project_id ?? null);
  return {
    clientId,
    projectId,
    ...referencedIds(input),
    defaultTaxes: input.taxes === undefined && !row,
  };
}

/**
 * Validates the shared body of a document (client, project, currency, lines, discount, taxes, notes, terms) against
 * the database and runs the totals engine, without writing anything: every error surfaces before the first write.
 * `current` is the stored document on update (fields left out keep their value), null on create. `noun` names the
 * kind in messages ("An invoice", "A quote", "A credit note"). What the body refers to is read in one query, or
 * taken from `options.references` when the caller read it already (with documentReferencesRequest).
 */
export async function prepareDocumentBody(
  trx: Trx,
  input: DocumentBodyInput,
  current: CurrentDocument | null,
  settings: SettingsRow,
  options: {
    noun: string;
    amountSettled?: bigint;
    allowArchivedClient?: boolean;
    references?: DocumentReferences;
  },
): Promise<PreparedBody> {
  const row = current?.row;
  const request = documentReferencesRequest(input, current, options.noun);
  const { clientId, projectId } = request;
  if (input.lines) checkLineCount(input.lines, options.noun);
  const references = options.references ?? (await loadDocumentReferences(trx, request));
  // A draft already made out to a client that was archived since can still be finished; a credit note corrects an
  // invoice already issued, whatever became of its client since.
  const client = checkClientAndProjectRows(references.client, projectId, references.project, {
    allowArchived: options.allowArchivedClient === true || (row !== undefined && clientId === row.client_id),
  });

  const currency =
    row && input.currency === undefined
      ? row.currency
      : resolveCurrency(input.currency, client.currency, settings);

  if (input.lines) checkItemsFound(input.lines, references.itemCodes);
  const lines: PreparedLine[] = input.lines
    ? input.lines.map((line, index) => {
        const description = line.description.trim();
        if (!description)
          throw new ValidationError(`lines.${index}.description`, 'Describe what this line is for');
        if (line.unit != null && !isUnitCode(line.unit))
          throw new ValidationError(`lines.${index}.unit`, UNIT_CODE_MESSAGE);
        return {
          description,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          unit: line.unit ?? null,
          itemId: line.itemId ?? null,
          itemCode: (line.itemId && references.itemCodes.get(line.itemId)) || '',
          discount: line.discount ?? null,
          taxes: taxSnapshots(line.taxes ?? [], references.taxRates, `lines.${index}.taxes`),
        };
      })
    : (current?.lines ?? []);

  const taxes =
    input.taxes !== undefined
      ? taxSnapshots(input.taxes, references.taxRates, 'taxes')
      : row
        ? row.taxes
        : defaultTaxSnapshots(references.defaultTaxRates);
  const discount =
    input.discount !== undefined
      ? input.discount
      : row
        ? discountOf(row.discount_kind, row.discount_value)
        : null;
  // Rounding rules are copied from the settings when the document is created and kept with it afterwards.
  const taxRounding = row?.tax_rounding ?? settings.tax_rounding;
  const invoiceDiscountMode = row?.invoice_discount_mode ?? settings.invoice_discount_mode;

  const totals = documentTotals({
    currency,
    discount,
    taxes,
    taxRounding,
    invoiceDiscountMode,
    amountPaid: options.amountSettled ?? 0n,
    lines,
  });

  return {
    clientId,
    projectId,
    currency,
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

/** Column values of the shared body, the same in every kind's table (lines are written separately). */
export function documentBodyColumns(prepared: PreparedBody) {
  return {
    client_id: prepared.clientId,
    project_id: prepared.projectId,
    currency: prepared.currency,
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

/** Column values of one line at `position`, the same in every kind's line table (plus its document's id). */
export function lineColumns(line: PreparedLine, position: number) {
  return {
    position,
    description: line.description,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount_kind: line.discount?.kind ?? null,
    discount_value: line.discount?.value ?? null,
    taxes: JSON.stringify(line.taxes),
    unit: line.unit ?? null,
    item_id: line.itemId ?? null,
    item_code: line.itemCode ?? '',
  };
}
