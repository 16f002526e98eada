import { acceptedLanguage, clientReader, type Language, resolveLanguage } from '../../domain/language.ts';
import type { ServiceDeps } from '../context.ts';
import { getSettings } from '../settings/get-settings.ts';

/**
 * The language the portal says what went wrong in: a signed-in contact's client's (as its documents and the portal
 * pages speak), else the first of the browser's languages (Accept-Language) that Remit speaks, else the
 * organisation's.
 */
export async function portalProblemLanguage(
  deps: Pick<ServiceDeps, 'db'>,
  reader: { clientId: string | null; acceptLanguage: string | undefined },
): Promise<Language> {
  const settings = await getSettings(deps.db);
  if (reader.clientId) {
    const client = await deps.db
      .selectFrom('clients')
      .select('language')
      .where('id', '=', reader.clientId)
      .executeTakeFirst();
    return clientReader(client?.language, settings.locale).language;
  }
  return acceptedLanguage(reader.acceptLanguage) ?? resolveLanguage(null, settings.locale);
}
