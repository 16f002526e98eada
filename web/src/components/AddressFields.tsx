import type { EditableAddress } from '../format.ts';
import { AddressCountrySelect } from './CountrySelect.tsx';
import { Field } from './ui.tsx';

const ADDRESS_LINES = [
  ['line1', 'Street address'],
  ['line2', 'Address line 2'],
  ['city', 'City'],
  ['region', 'Region / state'],
  ['postalCode', 'Postal code'],
  ['country', 'Country'],
] as const;

/** The fields of a postal address, each with the error the form has for `address.<field>`. */
export function AddressFields({
  address,
  onChange,
  fieldError,
  locale,
  readOnly,
}: {
  address: EditableAddress;
  onChange: (key: keyof EditableAddress, value: string) => void;
  fieldError: (path: string) => string | undefined;
  locale: string;
  readOnly?: boolean;
}) {
  return (
    <div className="grid-2">
      {ADDRESS_LINES.map(([key, label]) => (
        <Field key={key} label={label} error={fieldError(`address.${key}`)}>
          {(props) =>
            key === 'country' ? (
              <AddressCountrySelect
                {...props}
                disabled={readOnly}
                locale={locale}
                value={address.country}
                onChange={(country) => onChange('country', country)}
              />
            ) : (
              <input
                {...props}
                readOnly={readOnly}
                value={address[key]}
                onChange={(event) => onChange(key, event.target.value)}
              />
            )
          }
        </Field>
      ))}
    </div>
  );
}
