/**
 * The words clients read (documents, emails, the problems the API answers with), from message files a translator
 * can edit: src/i18n/locales/<language>/<namespace>.json. One i18next instance per process holds every catalogue; each
 * language has its own clone, so concurrent requests in different languages never switch a shared language.
 * A key missing from a language falls back to English.
 */
import { readFileSync } from 'node:fs';
import i18next, { type i18n, type Resource } from 'i18next';
import { DEFAULT_LANGUAGE, type Language, SUPPORTED_LANGUAGES } from '../domain/language.ts';

export const NAMESPACES = ['documents', 'emails', 'problems'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** A message in one language and namespace: `t('figures.total')`, `t('page.numberOf', { page: 1, count: 2 })`. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Where a language's message file is (build/ mirrors src/, and the build copies these files). */
export function messageFileUrl(language: Language, namespace: Namespace): URL {
  return new URL(`./locales/${language}/${namespace}.json`, import.meta.url);
}

let resources: Resource | null = null;

function readResources(): Resource {
  if (!resources) {
    const read: Resource = {};
    for (const language of SUPPORTED_LANGUAGES) {
      read[language] = {};
      for (const namespace of NAMESPACES) {
        read[language][namespace] = JSON.parse(readFileSync(messageFileUrl(language, namespace), 'utf8'));
      }
    }
    resources = read;
  }
  return resources;
}

/** A namespace's English messages as the file holds them (English is the source every language translates). */
export function englishMessages(namespace: Namespace): Readonly<Record<string, unknown>> {
  const messages = readResources()[DEFAULT_LANGUAGE]?.[namespace];
  return typeof messages === 'object' && messages !== null ? messages : {};
}

let root: i18n | null = null;
const clones = new Map<Language, i18n>();
const translators = new Map<string, Translate>();

function rootInstance(): i18n {
  if (!root) {
    root = i18next.createInstance();
    void root.init({
      resources: readResources(),
      lng: DEFAULT_LANGUAGE,
      fallbackLng: DEFAULT_LANGUAGE,
      supportedLngs: [...SUPPORTED_LANGUAGES],
      ns: [...NAMESPACES],
      defaultNS: 'documents',
      initAsync: false,
      // Emails escape every value themselves; PDFs print text as it is.
      interpolation: { escapeValue: false },
      returnNull: false,
      returnEmptyString: false,
    });
  }
  return root;
}

/** The messages of one namespace in one language (made once per process). */
export function translator(language: Language, namespace: Namespace): Translate {
  const key = `${language}|${namespace}`;
  let translate = translators.get(key);
  if (!translate) {
    let clone = clones.get(language);
    if (!clone) {
      clone = rootInstance().cloneInstance({ lng: language, initAsync: false });
      clones.set(language, clone);
    }
    const fixed = clone.getFixedT(language, namespace);
    translate = (messageKey, values) => String(fixed(messageKey, values ?? {}));
    translators.set(key, translate);
  }
  return translate;
}
