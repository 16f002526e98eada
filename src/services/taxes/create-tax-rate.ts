import { ValidationError } from '../../domain/errors.ts';
import { checkTaxKind } from '../../domain/tax.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { validateTaxRate } from './tax-rate-input.ts';
import { checkTaxRateVat, type TaxRateVatInput } from './tax-rate-vat.ts';
import { toTaxRateView } from './tax-rate-view.ts';

export interface TaxRateInput extends TaxRateVatInput {
  name: string;
  rate: string;
  inclusive?: boolean;
  compound?: boolean;
  isDefault?: boolean;
}

export async function createTaxRate(
  deps: ServiceDeps,
  input: TaxRateInput,
  context: ActionContext = systemContext,
) {
  const name = input.name.trim();
  if (!name) throw new ValidationError('name', 'A tax rate needs a name, e.g. VAT or GST');
  const rate = validateTaxRate(input.rate, 'rate');
  const inclusive = input.inclusive ?? false;
  const compound = input.compound ?? false;
  checkTaxKind({ inclusive, compound }, 'compound');
  const vat = checkTaxRateVat({
    rate,
    compound,
    vatCategory: input.vatCategory ?? null,
    exemptionReason: input.exemptionReason ?? '',
    vatexCode: input.vatexCode ?? null,
  });
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tax_rates')
      .values({
        name,
        rate,
        inclusive,
        compound,
        is_default: input.isDefault ?? false,
        vat_category: vat.vatCategory,
        exemption_reason: vat.exemptionReason,
        vatex_code: vat.vatexCode,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toTaxRateView(row);
    const { id: _id, ...after } = view;
    await recordAuditEntry(trx, context, now, {
      action: 'tax_rate.created',
      entityType: 'tax_rate',
      entityId: row.id,
      before: null,
      after,
    });
    return view;
  });
}
