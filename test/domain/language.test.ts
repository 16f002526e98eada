import { describe, expect, it } from 'vitest';
import {
  clientReader,
  documentLocale,
  languageOfLocale,
  resolveLanguage,
} from '../../src/domain/language.ts';

describe("a client's language", () => {
  it('reads the language of a locale, falling back from a region to its language', () => {
    expect(languageOfLocale('de-AT')).toBe('de');
    expect(languageOfLocale('pt_BR')).toBe('pt');
    expect(languageOfLocale('FR')).toBe('fr');
    expect(languageOfLocale('ja-JP')).toBeNull();
    expect(languageOfLocale('')).toBeNull();
    expect(languageOfLocale(null)).toBeNull();
  });

  it("is the client's setting, else the organisation's locale's, else English", () => {
    expect(resolveLanguage('fr', 'de-DE')).toBe('fr');
    expect(resolveLanguage(null, 'de-AT')).toBe('de');
    expect(resolveLanguage(null, 'ja-JP')).toBe('en');
    expect(resolveLanguage('xx', 'nl-NL')).toBe('nl');
  });

  it("formats in the organisation's region when that region writes the language", () => {
    expect(documentLocale('de', 'de-AT')).toBe('de-AT');
    expect(documentLocale('de', 'en-US')).toBe('de-DE');
    expect(documentLocale('fr', 'en-US')).toBe('fr-FR');
    expect(documentLocale('fr', 'en-CA')).toBe('fr-CA');
    expect(documentLocale('fr', 'de-CH')).toBe('fr-CH');
    expect(documentLocale('en', 'en-US')).toBe('en-US');
    expect(documentLocale('en', 'de-DE')).toBe('en-GB');
    expect(clientReader(null, 'de-AT')).toEqual({ language: 'de', locale: 'de-AT' });
    expect(clientReader('it', 'en-US')).toEqual({ language: 'it', locale: 'it-IT' });
  });
});
