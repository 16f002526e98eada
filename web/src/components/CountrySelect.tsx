import { useMemo } from 'react';
import { countryCodeFromText, countryName, countryOptions } from '../../../src/domain/country.ts';

type SelectProps = {
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
};

/** A country picker: ISO 3166-1 codes named in the user's language by Intl.DisplayNames, sorted by name. */
export function CountrySelect({
  value,
  onChange,
  locale,
  ...props
}: SelectProps & {
  value: string | null;
  onChange: (code: string | null) => void;
  locale: string;
}) {
  const options = useMemo(() => countryOptions(locale), [locale]);
  return (
    <select {...props} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
      <option value="">Choose a country</option>
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name} ({option.code})
        </option>
      ))}
    </select>
  );
}

/**
 * The country line of an address, picked from the list: the address keeps the country's name (printed on
 * documents, read back to its code by the API). Text typed before there was a picker stays selectable until
 * changed, so opening an old address changes nothing.
 */
export function AddressCountrySelect({
  value,
  onChange,
  locale,
  ...props
}: SelectProps & { value: string; onChange: (country: string) => void; locale: string }) {
  const options = useMemo(() => countryOptions(locale), [locale]);
  const code = countryCodeFromText(value);
  return (
    <select
      {...props}
      value={code ?? value}
      onChange={(event) => onChange(event.target.value ? addressCountryName(event.target.value, locale) : '')}
    >
      <option value="">Choose a country</option>
      {!code && value && <option value={value}>{value} (not recognised)</option>}
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name}
        </option>
      ))}
    </select>
  );
}

/** The name in `locale` when the API reads it back to the same code, else the English one (which it always does). */
function addressCountryName(code: string, locale: string): string {
  const name = countryName(code, locale);
  return countryCodeFromText(name) === code ? name : countryName(code, 'en');
}
