import { ValidationError } from '../../domain/errors.ts';
import { checkTaxKind } from '../../domain/tax.ts';

const RATE_PATTERN = /^(\d{1,3})(?:\.(\d{1,6}))?$/;

/** A tax rate is a percentage from 0 to 100 with at most 6 decimals (e.g. "9.975"); returns its canonical text. */
export function validateTaxRate(rate: string, field: string): string {
  const match = RATE_PATTERN.exec(rate.trim());
  const whole = Number(match?.[1]);
  const fraction = (match?.[2] ?? '').replace(/0+$/, '');
  if (!match || whole > 100 || (whole === 100 && fraction !== '')) {
    throw new ValidationError(
      field,
      'A tax rate is a percentage from 0 to 100 with at most 6 decimals, e.g. "9.975"',
    );
  }
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * A saved rate taken as a tax of an invoice or profile. Rates are checked when saved, but an older version let a
 * rate be both inclusive and compound: such a rate is refused here, naming `field` and the rate to fix.
 */
export function checkSavedRateUsable(
  rate: { name: string; inclusive: boolean; compound: boolean },
  field: string,
  role: 'tax rate' | 'default tax rate' = 'tax rate',
): void {
  checkTaxKind(
    rate,
    field,
    `The ${role} "${rate.name}" is both inclusive and compound, which no invoice can use: change it under ` +
      'Settings, Tax rates (or archive it)',
  );
}
