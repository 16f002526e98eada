import { useMemo } from 'react';
import { countryOptions } from '../../../src/domain/country.ts';

/** A country picker: ISO 3166-1 codes named in the user's language by Intl.DisplayNames, sorted by name. */
export function CountrySelect({
  value,
  onChange,
  locale,
  ...props
}: {
  value: string | null;
  onChange: (code: string | null) => void;
  locale: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
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

/** Electronic address schemes (EAS) people use most; any four-digit code may still be typed through the API. */
export const EAS_SCHEMES: [string, string][] = [
  ['', 'None'],
  ['0208', '0208 Belgian enterprise number'],
  ['9925', '9925 Belgian VAT number'],
  ['9930', '9930 German VAT number'],
  ['0204', '0204 Leitweg-ID (German public bodies)'],
  ['0088', '0088 GLN'],
  ['0009', '0009 French SIRET'],
  ['0002', '0002 French SIREN'],
  ['9957', '9957 French VAT number'],
  ['0106', '0106 Dutch KvK number'],
  ['0190', '0190 Dutch OIN'],
  ['9944', '9944 Dutch VAT number'],
  ['0007', '0007 Swedish organisation number'],
  ['0192', '0192 Norwegian organisation number'],
  ['0184', '0184 Danish CVR'],
  ['0211', '0211 Italian VAT number'],
  ['9920', '9920 Spanish VAT number'],
  ['9914', '9914 Austrian VAT number'],
  ['EM', 'EM email address'],
];
