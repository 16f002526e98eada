/**
 * The web app's words: one i18next instance for the staff app and the portal, reading the message files in
 * src/i18n/locales/<language>/<namespace>.json (the files translators edit, shared with the server). Each file is
 * its own chunk, loaded when a language is first needed, so the app never carries all the languages.
 */
import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';

/** The languages the portal speaks; staff screens are English for now. */
export const PORTAL_LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'it', 'pt'] as const;

const catalogs = import.meta.glob<{ default: Record<string, unknown> }>(
  '../../src/i18n/locales/*/{portal,staff}.json',
);

const messageFiles: BackendModule = {
  type: 'backend',
  callbackApi: true,
  init() {},
  read(language, namespace, callback) {
    const load = catalogs[`../../src/i18n/locales/${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`No ${namespace} messages in ${language}`), false);
      return;
    }
    load().then(
      (file) => callback(null, file.default),
      (error: Error) => callback(error, false),
    );
  },
};

i18next
  .use(messageFiles)
  .use(initReactI18next)
  .init({
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...PORTAL_LANGUAGES],
    ns: ['portal'],
    defaultNS: 'portal',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
  });

/** The portal's language for a language tag ("de-AT" -> "de"); English when the portal does not speak it. */
export function portalLanguage(tag: string | null | undefined): string {
  const language = (tag ?? '').toLowerCase().split('-')[0] ?? '';
  return (PORTAL_LANGUAGES as readonly string[]).includes(language) ? language : 'en';
}

export { i18next };
