import { Field } from '../../components/ui.tsx';
import type { ImportPreview, ValueOptions } from './import-api.ts';

const DATE_FORMATS = [
  ['auto', 'Detect (YYYY-MM-DD, Excel dates, unambiguous days)'],
  ['ymd', 'YYYY-MM-DD'],
  ['dmy', 'DD/MM/YYYY (day first)'],
  ['mdy', 'MM/DD/YYYY (month first)'],
] as const;

/** The reading options each kind's fields need: amounts for prices, dates for invoices. */
const KIND_OPTIONS: Record<string, { amounts: boolean; dates: boolean }> = {
  clients: { amounts: false, dates: false },
  items: { amounts: true, dates: false },
  invoices: { amounts: true, dates: true },
};

/**
 * The mapping step: for each field, the column that fills it (prefilled with the suggestion), required fields
 * marked, and the options that say how dates and amounts read. `fieldError` gives the server's message for a field.
 */
export function ImportMappingForm({
  preview,
  mapping,
  values,
  fieldError,
  onMapping,
  onValues,
}: {
  preview: ImportPreview;
  mapping: Record<string, string>;
  values: ValueOptions;
  fieldError: (field: string) => string | undefined;
  onMapping: (mapping: Record<string, string>) => void;
  onValues: (values: ValueOptions) => void;
}) {
  const firstRow = preview.sampleRows[0]?.values ?? [];
  const options = KIND_OPTIONS[preview.kind] ?? { amounts: true, dates: true };
  // A name the header repeats maps to its first column, as the server reads it.
  const columns = [...new Set(preview.headers.filter(Boolean))];
  const separatorWord = preview.decimalSeparator === ',' ? 'comma' : 'dot';
  return (
    <>
      <p className="muted small">
        Fields marked “required” need a column. Columns no field reads are left out of the import.
      </p>
      <div className="grid-2 import-mapping">
        {preview.fields.map((field) => {
          const column = mapping[field.key] ?? '';
          const index = preview.headers.indexOf(column);
          const example = index >= 0 ? firstRow[index] : undefined;
          const missing =
            field.required && !column
              ? `Choose the column that holds the ${field.label.toLowerCase()}`
              : undefined;
          return (
            <Field
              key={field.key}
              label={field.required ? `${field.label} (required)` : field.label}
              error={fieldError(`map.${field.key}`) ?? missing}
              hint={
                example
                  ? `First row: ${example.length > 60 ? `${example.slice(0, 60)}…` : example}`
                  : undefined
              }
            >
              {(props) => (
                <select
                  {...props}
                  value={column}
                  onChange={(event) => onMapping({ ...mapping, [field.key]: event.target.value })}
                >
                  <option value="">{field.required ? 'Choose a column' : 'Leave out'}</option>
                  {columns.map((header) => (
                    <option key={header} value={header}>
                      {header}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          );
        })}
      </div>
      {(options.amounts || options.dates) && (
        <fieldset className="import-value-options">
          <legend>How values read</legend>
          <div className="grid-2">
            {options.dates && (
              <Field label="Date format" error={fieldError('dateFormat')}>
                {(props) => (
                  <select
                    {...props}
                    value={values.dateFormat}
                    onChange={(event) => onValues({ ...values, dateFormat: event.target.value })}
                  >
                    {DATE_FORMATS.map(([id, words]) => (
                      <option key={id} value={id}>
                        {words}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {options.amounts && (
              <Field label="Decimal separator" error={fieldError('decimalSeparator')}>
                {(props) => (
                  <select
                    {...props}
                    value={values.decimalSeparator}
                    onChange={(event) => onValues({ ...values, decimalSeparator: event.target.value })}
                  >
                    <option value="auto">Detect ({separatorWord} for this file)</option>
                    <option value=".">Dot: 1234.50</option>
                    <option value=",">Comma: 1234,50</option>
                  </select>
                )}
              </Field>
            )}
          </div>
          {options.amounts && (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={values.amountsInMinorUnits ?? preview.amountsInMinorUnits}
                onChange={(event) => onValues({ ...values, amountsInMinorUnits: event.target.checked })}
              />
              Amounts are in cents (1050 means 10.50)
            </label>
          )}
        </fieldset>
      )}
    </>
  );
}
