/**
 * The languages documents, emails and the portal are written in, and which one a client reads. Pure: the message
 * files live in src/i18n; this decides only which of them applies.
 */
export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'it', 'pt'] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for pickers. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  nl: 'Nederlands',
  it: 'Italiano',
  pt: 'Português',
};

export function isSupportedLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** The supported language of a BCP 47 tag: 'de-AT' -> 'de', 'pt_BR' -> 'pt', 'ja-JP' or '' -> null. */
export function languageOfLocale(locale: string | null | undefined): Language | null {
  const primary = (locale ?? '').trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return isSupportedLanguage(primary) ? primary : null;
}

/**
 * The first supported language of an Accept-Language header, the most wanted first: 'fr-CH, de;q=0.9' -> 'fr',
 * 'ja, de;q=0.5' -> 'de'; null when it names none of them (or there is no header).
 */
export function acceptedLanguage(header: string | undefined): Language | null {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...parameters] = part.split(';').map((piece) => piece.trim());
      const quality = parameters.find((parameter) => parameter.startsWith('q='));
      return { tag, index, weight: quality ? Number(quality.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag !== '' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) {
    const language = languageOfLocale(entry.tag);
    if (language) return language;
  }
  return null;
}

/** The client's own setting, else the organisation's locale's language, else English. */
export function resolveLanguage(
  clientLanguage: string | null | undefined,
  organisationLocale: string,
): Language {
  return languageOfLocale(clientLanguage) ?? languageOfLocale(organisationLocale) ?? DEFAULT_LANGUAGE;
}

/** The region each language is formatted for when the organisation's own region speaks another language. */
const HOME_REGION: Record<Language, string> = {
  en: 'GB',
  de: 'DE',
  fr: 'FR',
  es: 'ES',
  nl: 'NL',
  it: 'IT',
  pt: 'PT',
};

/** Regions where a language other than the home region's is also written (kept when the organisation is there). */
const REGION_LANGUAGES: Record<string, readonly Language[]> = {
  AT: ['de'],
  CH: ['de', 'fr', 'it'],
  LI: ['de'],
  LU: ['fr', 'de'],
  BE: ['nl', 'fr', 'de'],
  CA: ['en', 'fr'],
  US: ['en', 'es'],
  GB: ['en'],
  IE: ['en'],
  AU: ['en'],
  NZ: ['en'],
  DE: ['de'],
  FR: ['fr'],
  ES: ['es'],
  MX: ['es'],
  AR: ['es'],
  NL: ['nl'],
  IT: ['it'],
  PT: ['pt'],
  BR: ['pt'],
};

function regionOf(locale: string): string | null {
  try {
    return new Intl.Locale(locale).region ?? null;
  } catch {
    return null;
  }
}

/**
 * The locale dates and money are formatted in for a document in `language`: the organisation's locale when it is
 * already that language; the language with the organisation's region when that region writes it (org de-AT,
 * client de -> de-AT; org en-CA, client fr -> fr-CA); else the language's home region (org en-US, client fr -> fr-FR).
 */
export function documentLocale(language: Language, organisationLocale: string): string {
  if (languageOfLocale(organisationLocale) === language) return organisationLocale;
  const region = regionOf(organisationLocale);
  if (region && REGION_LANGUAGES[region]?.includes(language)) return `${language}-${region}`;
  return `${language}-${HOME_REGION[language]}`;
}

/** Who reads a document or email: the language of its words and the locale of its dates and figures. */
export interface Reader {
  language: Language;
  locale: string;
}

/** The reader of a client's documents: see resolveLanguage and documentLocale. */
export function clientReader(clientLanguage: string | null | undefined, organisationLocale: string): Reader {
  const language = resolveLanguage(clientLanguage, organisationLocale);
  return { language, locale: documentLocale(language, organisationLocale || 'en-US') };
}
