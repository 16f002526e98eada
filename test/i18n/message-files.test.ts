import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../src/domain/language.ts';
import { NAMESPACES, translator } from '../../src/i18n/messages.ts';

/**
 * The message files translators edit, for the server (documents, emails, problems) and the portal: every language
 * has exactly the English keys, and each message keeps the English one's placeholders ({{amount}}) and markup (<a>),
 * so a translation can neither drop a figure nor break a link.
 */
const locales = new URL('../../src/i18n/locales/', import.meta.url);

/** Every language has these; staff screens are English only for now. */
const TRANSLATED_NAMESPACES = [...NAMESPACES, 'portal'] as const;
const ENGLISH_ONLY_NAMESPACES = ['staff'];

function read(language: string, namespace: string): unknown {
  return JSON.parse(readFileSync(new URL(`${language}/${namespace}.json`, locales), 'utf8'));
}

/** "invoice.payNowWith" -> its text, for every message of a file. */
function flatten(value: unknown, prefix = ''): Map<string, string> {
  if (typeof value !== 'object' || value === null) return new Map([[prefix, String(value)]]);
  return new Map(
    Object.entries(value).flatMap(([key, inner]) => [...flatten(inner, prefix ? `${prefix}.${key}` : key)]),
  );
}

/** The {{placeholders}} and <tags> of a message, sorted. */
function slots(message: string): string[] {
  return [...message.matchAll(/\{\{\s*(\w+)\s*\}\}|<\/?(\w+)>/g)].map((match) => match[0]).sort();
}

describe('message files', () => {
  it('exist for every supported language and namespace, and for no other', () => {
    const languages = readdirSync(locales).sort();
    expect(languages).toEqual([...SUPPORTED_LANGUAGES].sort());
    for (const language of languages) {
      const expected =
        language === 'en' ? [...TRANSLATED_NAMESPACES, ...ENGLISH_ONLY_NAMESPACES] : TRANSLATED_NAMESPACES;
      const files = readdirSync(new URL(`${language}/`, locales)).sort();
      expect(files, language).toEqual(expected.map((namespace) => `${namespace}.json`).sort());
    }
  });

  for (const namespace of TRANSLATED_NAMESPACES) {
    const english = flatten(read('en', namespace));
    for (const language of SUPPORTED_LANGUAGES.filter((code) => code !== 'en')) {
      it(`${language}/${namespace}.json has exactly the keys of English, with the same placeholders and tags`, () => {
        const translated = flatten(read(language, namespace));
        // A translator sees here which keys are missing or left over.
        expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
        for (const [key, message] of english) {
          const theirs = translated.get(key) ?? '';
          expect(slots(theirs), `${language} ${key}`).toEqual(slots(message));
          expect(theirs.trim(), `${language} ${key}`).not.toBe('');
        }
      });
    }
  }

  it('formats messages per language without switching a shared language', () => {
    const german = translator('de', 'documents');
    const french = translator('fr', 'documents');
    expect(german('title.invoice')).toBe('Rechnung');
    expect(french('title.invoice')).toBe('Facture');
    expect(german('title.invoice')).toBe('Rechnung');
    expect(german('page.numberOf', { page: 1, count: 2 })).toBe('Seite 1 von 2');
    expect(translator('en', 'emails')('invoice.subject', { number: 'INV-1', business: 'A & B' })).toBe(
      'Invoice INV-1 from A & B',
    );
  });

  it('pluralises units by the exact quantity', () => {
    const german = translator('de', 'documents');
    expect(german('unit.HUR', { count: 1 })).toBe('Stunde');
    expect(german('unit.HUR', { count: 2 })).toBe('Stunden');
  });
});
