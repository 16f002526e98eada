import type { Trx } from '../../db/client.ts';
import type { PortalTemplateKind } from '../../domain/email-templates.ts';
import { clientReader } from '../../domain/language.ts';
import { loadEmailBrand } from '../email/email-brand.ts';
import { loadEmailTemplates } from '../email-templates/email-template-book.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { PortalAccountEmailInput } from './portal-emails.ts';

/**
 * What a portal account email to a contact is written with: the organisation's branding and time zone, the
 * language and name of the contact's client, and the admin's template for that kind in that language.
 */
export async function loadPortalEmailSetting(
  trx: Trx,
  appUrl: string,
  contactId: string,
  kind: PortalTemplateKind,
): Promise<Omit<PortalAccountEmailInput, 'url' | 'expiresAt'>> {
  const settings = await getSettings(trx);
  const client = await trx
    .selectFrom('contacts')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .select(['clients.name', 'clients.company', 'clients.language'])
    .where('contacts.id', '=', contactId)
    .executeTakeFirstOrThrow();
  const reader = clientReader(client.language, settings.locale);
  return {
    brand: await loadEmailBrand(trx, appUrl, settings),
    reader,
    timeZone: settings.time_zone,
    clientName: client.company || client.name,
    template: (await loadEmailTemplates(trx))(kind, reader.language),
  };
}
