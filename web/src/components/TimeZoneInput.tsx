import { useId, useMemo } from 'react';

/** The IANA time zone this browser runs in ("Europe/Paris"); UTC when it cannot tell. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** UTC first, then every IANA zone the browser knows, e.g. "America/New_York". */
function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/**
 * A time zone field searchable by any part of its name ("Paris" finds Europe/Paris): an input with the IANA zones
 * as suggestions, the browser's own zone first. The value is the zone's id, as the API stores it.
 */
export function TimeZoneInput({
  value,
  onChange,
  ...props
}: {
  value: string;
  onChange: (zone: string) => void;
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  readOnly?: boolean;
}) {
  const listId = useId();
  const own = browserTimeZone();
  const zones = useMemo(() => [own, ...timeZones().filter((zone) => zone !== own)], [own]);
  return (
    <>
      <input
        {...props}
        list={listId}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value.trim())}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone}>
            {zone === own ? 'Your browser’s time zone' : undefined}
          </option>
        ))}
      </datalist>
    </>
  );
}
