import type { Db, Trx } from '../../db/client.ts';
import type { SettingsRow } from '../../db/schema.ts';
import { brandingLogoPath } from '../settings/get-branding.ts';
import { type EmailBrand, emailBrand } from './email-layout.ts';

/**
 * The absolute URL of the logo on the app's public address, or null when there is none. A URL rather than an
 * inline attachment: common mail clients show both, and a URL keeps every queued email small.
 */
export async function emailLogoUrl(db: Db | Trx, appUrl: string): Promise<string | null> {
  const path = await brandingLogoPath(db);
  return path ? `${appUrl}${path}` : null;
}

/** The branding of an email from the settings and the stored logo. */
export async function loadEmailBrand(
  db: Db | Trx,
  appUrl: string,
  settings: SettingsRow,
): Promise<EmailBrand> {
  return emailBrand(settings, await emailLogoUrl(db, appUrl));
}
