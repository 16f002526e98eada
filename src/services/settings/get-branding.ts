import type { Db, Trx } from '../../db/client.ts';
import { validAccent } from '../../domain/brand-colors.ts';
import { clientReader } from '../../domain/language.ts';
import { getSettings } from './get-settings.ts';

/** Where anyone, signed in or not, gets the logo: the portal's sign-in page and emails show it. */
export const BRANDING_LOGO_PATH = '/api/portal/v1/branding/logo';

/**
 * The public logo's path with its version, or null when there is none. The version makes a replaced logo show past
 * any cache.
 */
export async function brandingLogoPath(db: Db | Trx): Promise<string | null> {
  const logo = await db
    .selectFrom('settings_logo')
    .select('updated_at')
    .where('id', '=', 1)
    .executeTakeFirst();
  return logo ? `${BRANDING_LOGO_PATH}?v=${logo.updated_at.getTime()}` : null;
}

export interface Branding {
  businessName: string;
  /** null when no logo was uploaded. */
  logoUrl: string | null;
  accentColor: string;
  footer: string;
  /** The organisation's language and locale ("de", "de-DE"): the portal's until a client signs in. */
  language: string;
  locale: string;
}

/**
 * The public face of the business for pages shown before sign-in: name, logo, colour and footer. Only what every
 * invoice already shows to its client; nothing private (no address, tax id, bank details).
 */
export async function getBranding(deps: { db: Db }): Promise<Branding> {
  const settings = await getSettings(deps.db);
  return {
    businessName: settings.business_name.trim(),
    logoUrl: await brandingLogoPath(deps.db),
    accentColor: validAccent(settings.accent_color),
    footer: settings.footer.trim(),
    ...clientReader(null, settings.locale),
  };
}
