import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The portal's message files: every language has exactly the English keys, and each message keeps the English
 * one's placeholders ({{amount}}) and markup (<a>), so a translation can neither drop a figure nor break a link.
 */
const locales = fileURLToPath(new URL('../../src/i18n/locales/', import.meta.url));
const PORTAL_LANGUAGES = ['en', 'de', 'fr', 'es', 'nl', 'it', 'pt'];

type Messages = { [key: string]: string | Messages };

function read(language: string): Messages {
  return JSON.parse(readFileSync(path.join(locales, language, 'portal.json'), 'utf8'));
}

/** "invoice.payNowWith" -> its text, for every leaf. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') flat.set(`${prefix}${key}`, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) flat.set(inner, text);
  }
  return flat;
}

const slots = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<\/?(\w+)>/g)].map((m) => m[0]).sort();

const english = flatten(read('en'));

describe('portal message files', () => {
  it('exist for every portal language and no other', () => {
    const withPortal = readdirSync(locales).filter((language) =>
      readdirSync(path.join(locales, language)).includes('portal.json'),
    );
    expect(withPortal.sort()).toEqual([...PORTAL_LANGUAGES].sort());
  });

  it.each(PORTAL_LANGUAGES.filter((language) => language !== 'en'))(
    '%s has exactly the English keys',
    (language) => {
      expect([...flatten(read(language)).keys()].sort()).toEqual([...english.keys()].sort());
    },
  );

  it.each(PORTAL_LANGUAGES.filter((language) => language !== 'en'))(
    '%s keeps every placeholder and tag, and translates every message',
    (language) => {
      const translated = flatten(read(language));
      for (const [key, text] of english) {
        const theirs = translated.get(key) ?? '';
        expect(slots(theirs), `${language} ${key}`).toEqual(slots(text));
        expect(theirs.trim(), `${language} ${key}`).not.toBe('');
      }
    },
  );
});
