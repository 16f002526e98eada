import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from '../../../src/domain/language.ts';

/**
 * The language a client's documents and emails are written in ("Deutsch — de"); the empty choice is the
 * organisation's own (`emptyLabel`; without it there is no empty choice).
 */
export function LanguageSelect({
  value,
  onChange,
  emptyLabel,
  ...props
}: {
  value: string;
  onChange: (language: string) => void;
  emptyLabel?: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
}) {
  return (
    <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
      {SUPPORTED_LANGUAGES.map((code) => (
        <option key={code} value={code}>
          {LANGUAGE_NAMES[code]} — {code}
        </option>
      ))}
    </select>
  );
}
