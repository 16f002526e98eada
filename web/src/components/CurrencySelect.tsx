import cc from 'currency-codes';
import { useMemo } from 'react';

/** Codes that are not money a business invoices in: precious metals, SDR, bond-market units, test and "no currency". */
const NOT_INVOICE_CURRENCIES = new Set([
  'XAG',
  'XAU',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XDR',
  'XPD',
  'XPT',
  'XSU',
  'XTS',
  'XUA',
  'XXX',
]);

/** Every ISO 4217 currency of the table the money rules use, named in `locale` ("Euro (EUR)"), sorted by name. */
export function currencyOptions(locale: string): { code: string; name: string }[] {
  const names = displayNames(locale);
  const collator = new Intl.Collator(locale);
  return cc
    .codes()
    .filter((code) => !NOT_INVOICE_CURRENCIES.has(code))
    .map((code) => ({ code, name: names?.of(code) ?? cc.code(code)?.currency ?? code }))
    .sort((a, b) => collator.compare(a.name, b.name));
}

function displayNames(locale: string): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([locale], { type: 'currency' });
  } catch {
    return null;
  }
}

/**
 * A currency picker over ISO 4217, by name. With `emptyLabel` it also offers no currency (""), e.g. "Business
 * default". A code outside the list (kept from before) stays shown so that opening a record changes nothing.
 */
export function CurrencySelect({
  value,
  onChange,
  locale,
  emptyLabel,
  ...props
}: {
  value: string;
  onChange: (code: string) => void;
  locale: string;
  emptyLabel?: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
}) {
  const options = useMemo(() => currencyOptions(locale), [locale]);
  const known = options.some((option) => option.code === value);
  return (
    <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {emptyLabel === undefined && !value && <option value="">Choose a currency</option>}
      {!known && value && <option value={value}>{value}</option>}
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name} ({option.code})
        </option>
      ))}
    </select>
  );
}
