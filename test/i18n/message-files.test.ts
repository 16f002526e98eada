import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../src/domain/language.ts';
import { messageFileUrl, NAMESPACES, translator } from '../../src/i18n/messages.ts';

/** Every key of a message file, nested keys joined with dots. */
function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key));
}

function read(language: string, namespace: (typeof NAMESPACES)[number]) {
  return JSON.parse(readFileSync(messageFileUrl(language as never, namespace), 'utf8')) as unknown;
}

/** The {{placeholders}} of a message, sorted. */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]!).sort();
}

describe('message files', () => {
  for (const namespace of NAMESPACES) {
    const english = read('en', namespace);
    const englishKeys = keysOf(english).sort();
    for (const language of SUPPORTED_LANGUAGES.filter((code) => code !== 'en')) {
      it(`${language}/${namespace}.json has exactly the keys of English, with the same placeholders`, () => {
        const translated = read(language, namespace);
        // A translator sees here which keys are missing or left over.
        expect(keysOf(translated).sort()).toEqual(englishKeys);
        const messageAt = (root: unknown, key: string) =>
          String(key.split('.').reduce((node: any, part) => node[part], root));
        for (const key of englishKeys) {
          expect(placeholders(messageAt(translated, key)), `${language} ${key}`).toEqual(
            placeholders(messageAt(english, key)),
          );
          expect(messageAt(translated, key).trim(), `${language} ${key}`).not.toBe('');
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
