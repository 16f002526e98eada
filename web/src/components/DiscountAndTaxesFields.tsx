import { Link } from '../router.tsx';
import type { TaxRate } from '../types.ts';
import { type ChargesChange, type ChargesDraft, type DiscountKind, taxOf } from './charges.ts';
import { Field } from './ui.tsx';

/** The discount on the whole document and the taxes applied to every line, for a form's "Discount and taxes" card. */
export function DiscountAndTaxesFields({
  charges,
  onChange,
  rates,
  currency,
  fieldError,
}: {
  charges: ChargesDraft;
  onChange: (change: ChargesChange) => void;
  /** The tax rates one may choose (archived ones left out). */
  rates: TaxRate[];
  currency: string;
  fieldError: (field: string) => string | undefined;
}) {
  return (
    <>
      <div className="grid-2">
        <Field label="Invoice discount" error={fieldError('discount.kind')}>
          {(props) => (
            <select
              {...props}
              value={charges.discountKind}
              onChange={(event) => onChange(() => ({ discountKind: event.target.value as DiscountKind }))}
            >
              <option value="">None</option>
              <option value="percent">Percent</option>
              <option value="fixed">Amount</option>
            </select>
          )}
        </Field>
        {charges.discountKind && (
          <Field
            label={charges.discountKind === 'percent' ? 'Discount %' : `Discount (${currency})`}
            error={fieldError('discount.value') ?? fieldError('discount')}
          >
            {(props) => (
              <input
                {...props}
                inputMode="decimal"
                value={charges.discountValue}
                onChange={(event) => onChange(() => ({ discountValue: event.target.value }))}
              />
            )}
          </Field>
        )}
      </div>
      <fieldset className="checks">
        <legend>Taxes on every line</legend>
        {rates.length === 0 && (
          <p className="muted small">
            No tax rates yet. <Link href="/app/settings/taxes">Add them in settings</Link>.
          </p>
        )}
        {rates.map((rate) => {
          const checked = charges.taxes.some((tax) => tax.taxRateId === rate.id);
          return (
            <label key={rate.id} className="checkbox">
              <input
                type="checkbox"
                checked={checked}
                onChange={() =>
                  onChange((current) => ({
                    taxes: checked
                      ? current.taxes.filter((tax) => tax.taxRateId !== rate.id)
                      : [...current.taxes, taxOf(rate)],
                  }))
                }
              />
              {rate.name} ({rate.rate}%{rate.inclusive ? ', included in prices' : ''}
              {rate.compound ? ', compound' : ''})
            </label>
          );
        })}
        {charges.taxes
          .filter((tax) => !rates.some((rate) => rate.id === tax.taxRateId))
          .map((tax) => (
            <label key={`${tax.name}-${tax.rate}`} className="checkbox">
              <input
                type="checkbox"
                checked
                onChange={() =>
                  onChange((current) => ({ taxes: current.taxes.filter((other) => other !== tax) }))
                }
              />
              {tax.name} ({tax.rate}%)
            </label>
          ))}
        {fieldError('taxes') && <p className="field-error">{fieldError('taxes')}</p>}
      </fieldset>
    </>
  );
}
