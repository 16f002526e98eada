/**
 * The web app's words: one i18next instance for the staff app and the portal, reading the message files in
 * src/i18n/locales/<language>/<namespace>.json (the files translators edit, shared with the server). Each file is
 * its own chunk, loaded when a language is first needed, so the app never carries all the languages.
 */
import i18next, { type BackendModule } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { SUPPORTED_LANGUAGES } from '../../src/domain/language.ts';

const catalogs = import.meta.glob<{ default: Record<string, unknown> }>(
  '../../src/i18n/locales/*/{portal,staff,documents}.json',
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
    // The portal speaks the languages of documents and emails; staff screens are English for now.
    supportedLngs: [...SUPPORTED_LANGUAGES],
    ns: ['portal'],
    defaultNS: 'portal',
    // React escapes what it renders.
    interpolation: { escapeValue: false },
  });

export { i18next };
