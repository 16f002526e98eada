import { changedFields } from '../../domain/audit.ts';
import { ValidationError } from '../../domain/errors.ts';
import { checkTaxKind, INCLUSIVE_AND_COMPOUND } from '../../domain/tax.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { validateTaxRate } from './tax-rate-input.ts';
import { checkTaxRateVat, type TaxRateVatInput } from './tax-rate-vat.ts';
import { toTaxRateView } from './tax-rate-view.ts';

export interface TaxRatePatch extends TaxRateVatInput {
  name?: string;
  rate?: string;
  inclusive?: boolean;
  compound?: boolean;
  isDefault?: boolean;
  archived?: boolean;
}

/**
 * Invoices keep a snapshot of each tax they use, so changing a rate here only affects invoices created
 * (or lines added) afterwards; an archived rate is no longer offered but old invoices keep it.
 *
 * The rate must come out of the change inclusive or compound, not both. One stored both by an older version is
 * fixed by the same change (or archived as it is: an archived rate is not used).
 */
export async function updateTaxRate(
  deps: ServiceDeps,
  id: string,
  patch: TaxRatePatch,
  context: ActionContext = systemContext,
) {
  const name = patch.name?.trim();
  if (name === '') throw new ValidationError('name', 'A tax rate needs a name, e.g. VAT or GST');
  const rate = patch.rate === undefined ? undefined : validateTaxRate(patch.rate, 'rate');
  const columns = {
    name,
    rate,
    inclusive: patch.inclusive,
    compound: patch.compound,
    is_default: patch.archived ? false : patch.isDefault,
    archived_at: patch.archived === undefined ? undefined : patch.archived ? deps.clock.now() : null,
  };
  const changes = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  return deps.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('tax_rates')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new NotFoundError('Tax rate');
    const after = {
      inclusive: patch.inclusive ?? current.inclusive,
      compound: patch.compound ?? current.compound,
      archived: patch.archived ?? current.archived_at !== null,
    };
    const flagsSent = patch.inclusive !== undefined || patch.compound !== undefined;
    if (flagsSent || !after.archived) {
      // Name the flag this change turned on; for a rate stored both, the flag to turn off.
      const field =
        patch.compound === true ? 'compound' : patch.inclusive === true ? 'inclusive' : 'compound';
      checkTaxKind(
        after,
        field,
        flagsSent
          ? INCLUSIVE_AND_COMPOUND
          : `${INCLUSIVE_AND_COMPOUND}. This rate was saved as both: set inclusive or compound to false with this change, or archive it`,
      );
    }
    const vatSent =
      patch.vatCategory !== undefined ||
      patch.exemptionReason !== undefined ||
      patch.vatexCode !== undefined ||
      patch.rate !== undefined ||
      patch.compound !== undefined;
    if (vatSent) {
      // The rate and its VAT category are checked together, whichever of them the change names.
      const vat = checkTaxRateVat({
        rate: rate ?? current.rate,
        compound: after.compound,
        vatCategory: patch.vatCategory === undefined ? current.vat_category : patch.vatCategory,
        exemptionReason: patch.exemptionReason ?? current.exemption_reason,
        vatexCode: patch.vatexCode === undefined ? current.vatex_code : patch.vatexCode,
      });
      Object.assign(changes, {
        vat_category: vat.vatCategory,
        exemption_reason: vat.exemptionReason,
        vatex_code: vat.vatexCode,
      });
    }
    if (!Object.keys(changes).length) return toTaxRateView(current);
    const row = await trx
      .updateTable('tax_rates')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toTaxRateView(row);
    const audited = changedFields(toTaxRateView(current), view);
    if (audited) {
      const archivedNow = !audited.before.archived && audited.after.archived;
      const restored = audited.before.archived === true && audited.after.archived === false;
      await recordAuditEntry(trx, context, deps.clock.now(), {
        action: archivedNow ? 'tax_rate.archived' : restored ? 'tax_rate.restored' : 'tax_rate.updated',
        entityType: 'tax_rate',
        entityId: id,
        ...audited,
      });
    }
    return view;
  });
}
