import { ChoiceSelect } from '../components/ChoiceSelect.tsx';
import { Field } from '../components/ui.tsx';
import { EAS_SCHEMES } from './eas-schemes.ts';

export interface ElectronicAddress {
  id: string;
  scheme: string;
}

/**
 * An electronic address (Peppol participant) as its scheme and id, of the organisation or of a client; `path` is
 * where the API names it (`electronicAddress`, `einvoicing.electronicAddress`), for the errors beside the fields.
 */
export function ElectronicAddressFields({
  value,
  onChange,
  path,
  fieldError,
  schemeLabel,
  idHint,
  readOnly,
}: {
  value: ElectronicAddress;
  onChange: (value: ElectronicAddress) => void;
  path: string;
  fieldError: (path: string) => string | undefined;
  schemeLabel: string;
  idHint?: string;
  readOnly?: boolean;
}) {
  return (
    <>
      <Field label={schemeLabel} error={fieldError(`${path}.scheme`)}>
        {(props) => (
          <ChoiceSelect
            {...props}
            disabled={readOnly}
            choices={EAS_SCHEMES}
            value={value.scheme}
            onChange={(scheme) => onChange({ ...value, scheme })}
          />
        )}
      </Field>
      <Field label="Electronic address" hint={idHint} error={fieldError(`${path}.id`)}>
        {(props) => (
          <input
            {...props}
            readOnly={readOnly}
            value={value.id}
            onChange={(event) => onChange({ ...value, id: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}
