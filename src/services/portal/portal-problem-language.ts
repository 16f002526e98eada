import { acceptedLanguage, clientReader, documentLocale, type Reader } from '../../domain/language.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

/**
 * Who the portal says what went wrong to: a signed-in contact reads its client's language (as its documents and the
 * portal pages speak), else the first of the browser's languages (Accept-Language) that Remit speaks, else the
 * organisation's; dates are written as documents in that language write them.
 */
export async function portalProblemReader(
  deps: Pick<ServiceDeps, 'db'>,
  reader: { clientId: string | null; acceptLanguage: string | undefined },
): Promise<Reader> {
  const settings = await getSettings(deps.db);
  if (reader.clientId) {
    const client = await deps.db
      .selectFrom('clients')
      .select('language')
      .where('id', '=', reader.clientId)
      .executeTakeFirst();
    return clientReader(client?.language, settings.locale);
  }
  const asked = acceptedLanguage(reader.acceptLanguage);
  if (asked) return { language: asked, locale: documentLocale(asked, settings.locale) };
  return clientReader(null, settings.locale);
}
