/**
 * Countries as ISO 3166-1 alpha-2 codes, named through Intl.DisplayNames (no country list of our own to maintain).
 * E-invoices need the code (BT-40, BT-55); people typed free text ("Germany", "Deutschland", "UK"), so
 * `countryCodeFromText` reads such text back to a code, or null when it cannot tell. Pure: server and web app.
 */

/** Region codes ICU names that are not ISO 3166-1 countries (reserved, groupings, pseudo-locales). */
const NOT_COUNTRIES = new Set(['AC', 'CP', 'DG', 'EA', 'EU', 'EZ', 'IC', 'QO', 'TA', 'UN', 'XA', 'XB', 'ZZ']);

/** Languages whose country names are recognised in free text (the ones Remit's users write addresses in). */
const NAME_LOCALES = [
  'en',
  'de',
  'fr',
  'nl',
  'es',
  'it',
  'pt',
  'pl',
  'sv',
  'da',
  'fi',
  'nb',
  'cs',
  'ro',
  'hu',
];

/** Common spellings ICU does not give (old or informal names, alpha-3 codes, the Greek VAT prefix EL). */
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'czech republic': 'CZ',
  turkey: 'TR',
  'russian federation': 'RU',
  'south korea': 'KR',
  'republic of korea': 'KR',
  'ivory coast': 'CI',
  swaziland: 'SZ',
  macedonia: 'MK',
  burma: 'MM',
  vatican: 'VA',
  el: 'GR',
  deu: 'DE',
  fra: 'FR',
  bel: 'BE',
  nld: 'NL',
  aut: 'AT',
  che: 'CH',
  esp: 'ES',
  ita: 'IT',
  prt: 'PT',
  pol: 'PL',
  swe: 'SE',
  dnk: 'DK',
  fin: 'FI',
  nor: 'NO',
  irl: 'IE',
  lux: 'LU',
  gbr: 'GB',
  can: 'CA',
  aus: 'AU',
};

let codes: string[] | null = null;
let byName: Map<string, string> | null = null;

/** Every ISO 3166-1 alpha-2 code ICU knows a name for (deprecated codes such as UK or YU left out). */
export function countryCodes(): readonly string[] {
  if (codes) return codes;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const found: string[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code) || !names.of(code)) continue;
      // A deprecated code canonicalises to its successor (BU -> MM, UK -> GB): keep only current ones.
      if (new Intl.Locale(`und-${code}`).region !== code) continue;
      found.push(code);
    }
  }
  codes = found;
  return codes;
}

export function isCountryCode(value: unknown): value is string {
  return typeof value === 'string' && countryCodes().includes(value);
}

/** "Côte d’Ivoire" -> "cote d ivoire": case, accents, punctuation and a leading "the" do not matter. */
function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '');
}

function nameIndex(): Map<string, string> {
  if (byName) return byName;
  const index = new Map<string, string>();
  const add = (name: string | undefined, code: string) => {
    const key = name ? normalise(name) : '';
    if (key && !index.has(key)) index.set(key, code);
  };
  for (const code of countryCodes()) add(code, code);
  for (const locale of NAME_LOCALES) {
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
      for (const code of countryCodes()) add(names.of(code), code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) add(alias, code);
  byName = index;
  return index;
}

/** The ISO code of a country typed as text ("Deutschland", "The Netherlands", "uk", "BE"), or null. */
export function countryCodeFromText(text: string | null | undefined): string | null {
  const key = normalise(text ?? '');
  return key ? (nameIndex().get(key) ?? null) : null;
}

/** The country's name in `locale` ("DE" -> "Germany", "Allemagne"); the code itself when ICU has no name. */
export function countryName(code: string, locale = 'en'): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Every country with its name in `locale`, sorted by name for a picker. */
export function countryOptions(locale = 'en'): { code: string; name: string }[] {
  const collator = new Intl.Collator(locale);
  return countryCodes()
    .map((code) => ({ code, name: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
