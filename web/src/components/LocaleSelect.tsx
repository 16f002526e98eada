import { useMemo } from 'react';

/** Locales offered for formatting amounts and dates: the languages Remit's users invoice in, per country. */
const LOCALES = [
  'en-US',
  'en-GB',
  'en-CA',
  'en-AU',
  'en-NZ',
  'en-IE',
  'en-IN',
  'en-ZA',
  'en-SG',
  'de-DE',
  'de-AT',
  'de-CH',
  'fr-FR',
  'fr-BE',
  'fr-CA',
  'fr-CH',
  'nl-NL',
  'nl-BE',
  'es-ES',
  'es-MX',
  'es-AR',
  'es-CO',
  'it-IT',
  'it-CH',
  'pt-PT',
  'pt-BR',
  'pl-PL',
  'sv-SE',
  'da-DK',
  'fi-FI',
  'nb-NO',
  'cs-CZ',
  'sk-SK',
  'ro-RO',
  'hu-HU',
  'el-GR',
  'bg-BG',
  'hr-HR',
  'sl-SI',
  'et-EE',
  'lv-LV',
  'lt-LT',
  'tr-TR',
  'ja-JP',
  'zh-CN',
  'zh-TW',
  'ko-KR',
  'he-IL',
  'ar-AE',
];

/** Each offered locale named in `displayLocale` ("German (Switzerland)"), sorted by name. */
export function localeOptions(displayLocale: string): { code: string; name: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([displayLocale], { type: 'language', languageDisplay: 'standard' });
  } catch {
    names = null;
  }
  const collator = new Intl.Collator(displayLocale);
  return LOCALES.map((code) => ({ code, name: names?.of(code) ?? code })).sort((a, b) =>
    collator.compare(a.name, b.name),
  );
}

/** A locale picker ("English (United Kingdom) — en-GB"); a locale set before, outside the list, stays shown. */
export function LocaleSelect({
  value,
  onChange,
  displayLocale,
  ...props
}: {
  value: string;
  onChange: (locale: string) => void;
  displayLocale: string;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  disabled?: boolean;
}) {
  const options = useMemo(() => localeOptions(displayLocale), [displayLocale]);
  return (
    <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
      {!options.some((option) => option.code === value) && <option value={value}>{value || 'Choose'}</option>}
      {options.map((option) => (
        <option key={option.code} value={option.code}>
          {option.name} — {option.code}
        </option>
      ))}
    </select>
  );
}
