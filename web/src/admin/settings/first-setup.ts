import { browserTimeZone } from '../../components/TimeZoneInput.tsx';
import type { Settings } from '../../types.ts';

/** The business details the setup checklist asks for (a name, an email, an address line or city) are still empty. */
export function businessDetailsMissing(settings: Settings): boolean {
  return !(settings.businessName && settings.email && (settings.address.line1 || settings.address.city));
}

/**
 * The time zone to fill in for an organisation being set up: the browser's, while the stored one is still the
 * initial UTC and the business details were never saved. Null once either changed, or where the browser runs on UTC.
 */
export function suggestedTimeZone(settings: Settings): string | null {
  const own = browserTimeZone();
  return settings.timeZone === 'UTC' && own !== 'UTC' && businessDetailsMissing(settings) ? own : null;
}
