import type { Trx } from '../../db/client.ts';
import type { SettingsRow, StoredTax } from '../../db/schema.ts';
import { isCurrency } from '../../domain/currency.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { DiscountInput } from '../../domain/totals.ts';
import { checkSavedRateUsable, validateTaxRate } from '../taxes/tax-rate-input.ts';
import type { ReferencedTaxRate } from './document-references.ts';

/** A tax on a line or on the whole document: a saved rate by id, or one written out. */
export type TaxReference =
  | { taxRateId: string }
  | { name: string; rate: string; inclusive?: boolean; compound?: boolean };

export interface LineInput {
  description: string;
  quantity: string;
  unitPrice: string;
  /** UN/ECE Rec 20 code (domain/units.ts); null or absent: no unit. */
  unit?: string | null;
  /** The catalogue item the line was filled from (the line keeps its own copy). */
  itemId?: string | null;
  discount?: DiscountInput | null;
  taxes?: TaxReference[];
}

/** The body every commercial document shares; on update, fields left out keep their value. */
export interface DocumentBodyInput {
  clientId?: string;
  projectId?: string | null;
  currency?: string;
  issueDate?: string;
  lines?: LineInput[];
  discount?: DiscountInput | null;
  /** Taxes applied to every line. Omitted on create: the organisation's default taxes. */
  taxes?: TaxReference[];
  notes?: string;
  terms?: string;
}

export const MAX_LINES = 1000;

/** The saved rates and items a body input names (lines and document taxes alike). */
export function referencedIds(input: DocumentBodyInput): { taxRateIds: string[]; itemIds: string[] } {
  const taxRateIds = new Set<string>();
  const itemIds = new Set<string>();
  const addTaxes = (taxes: DocumentBodyInput['taxes']) => {
    for (const tax of taxes ?? []) if ('taxRateId' in tax) taxRateIds.add(tax.taxRateId);
  };
  addTaxes(input.taxes);
  for (const line of input.lines ?? []) {
    addTaxes(line.taxes);
    if (line.itemId) itemIds.add(line.itemId);
  }
  return { taxRateIds: [...taxRateIds], itemIds: [...itemIds] };
}

/**
 * Turns tax references into snapshots, so a rate edited later does not change this document. `savedRates` holds
 * the active saved rates the references name, by id (see document-references.ts).
 */
export function taxSnapshots(
  references: TaxReference[],
  savedRates: ReadonlyMap<string, ReferencedTaxRate>,
  field: string,
): StoredTax[] {
  return references.map((ref, index) => {
    if ('taxRateId' in ref) {
      const rate = savedRates.get(ref.taxRateId);
      if (!rate) throw new ValidationError(`${field}.${index}.taxRateId`, 'No active tax rate has this id');
      checkSavedRateUsable(rate, `${field}.${index}.taxRateId`);
      return {
        taxRateId: rate.id,
        name: rate.name,
        rate: validateTaxRate(rate.rate, `${field}.${index}.rate`),
        inclusive: rate.inclusive,
        compound: rate.compound,
      };
    }
    if (!ref.name.trim()) throw new ValidationError(`${field}.${index}.name`, 'A tax needs a name');
    return {
      taxRateId: null,
      name: ref.name.trim(),
      rate: validateTaxRate(ref.rate, `${field}.${index}.rate`),
      inclusive: ref.inclusive ?? false,
      compound: ref.compound ?? false,
    };
  });
}

/** The organisation's default taxes (active rates marked default, in the order they apply) as snapshots. */
export function defaultTaxSnapshots(defaults: ReferencedTaxRate[]): StoredTax[] {
  for (const rate of defaults) checkSavedRateUsable(rate, 'taxes', 'default tax rate');
  return defaults.map((rate) => ({
    taxRateId: rate.id,
    name: rate.name,
    rate: validateTaxRate(rate.rate, 'taxes'),
    inclusive: rate.inclusive,
    compound: rate.compound,
  }));
}

/** Checks that the client exists (and is active, for a new or changed client) and owns the project, if any. */
export async function checkClientAndProject(
  trx: Trx,
  clientId: string,
  projectId: string | null,
  options: { allowArchived: boolean },
) {
  const client = await trx.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  const project = projectId
    ? await trx.selectFrom('projects').select('client_id').where('id', '=', projectId).executeTakeFirst()
    : undefined;
  return checkClientAndProjectRows(
    client ? { ...client, archived: client.archived_at !== null } : null,
    projectId,
    project ? { clientId: project.client_id } : null,
    options,
  );
}

/** The same checks on rows already read (document-references.ts); answers the client. */
export function checkClientAndProjectRows<Client extends { id: string; archived: boolean }>(
  client: Client | null,
  projectId: string | null,
  project: { clientId: string } | null,
  options: { allowArchived: boolean },
): Client {
  if (!client) throw new ValidationError('clientId', 'No client has this id');
  if (client.archived && !options.allowArchived) {
    throw new ValidationError(
      'clientId',
      'This client is archived; restore it before making it a new document',
    );
  }
  if (projectId) {
    if (!project) throw new ValidationError('projectId', 'No project has this id');
    if (project.clientId !== client.id) {
      throw new ValidationError('projectId', 'This project belongs to another client');
    }
  }
  return client;
}

export function resolveCurrency(
  requested: string | undefined,
  clientCurrency: string | null,
  settings: SettingsRow,
) {
  const currency = requested ?? clientCurrency ?? settings.default_currency;
  if (!isCurrency(currency))
    throw new ValidationError('currency', `"${currency}" is not an ISO 4217 currency code`);
  return currency;
}

export function checkLineCount(lines: LineInput[], noun = 'An invoice'): void {
  if (lines.length > MAX_LINES) throw new ValidationError('lines', `${noun} has at most ${MAX_LINES} lines`);
}
