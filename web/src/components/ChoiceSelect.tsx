import type { SelectHTMLAttributes } from 'react';

/** A select of fixed choices, each a [value, label] pair. */
export function ChoiceSelect({
  choices,
  value,
  onChange,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  choices: readonly (readonly [string, string])[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      {choices.map(([code, label]) => (
        <option key={code} value={code}>
          {label}
        </option>
      ))}
    </select>
  );
}
