import { describe, expect, it } from 'vitest';
import {
  countryCodeFromText,
  countryCodes,
  countryName,
  countryOptions,
  isCountryCode,
} from '../../src/domain/country.ts';

describe('countries', () => {
  it('lists current ISO 3166-1 codes only (no deprecated, reserved or grouping codes)', () => {
    const codes = countryCodes();
    for (const code of ['DE', 'FR', 'BE', 'GB', 'US', 'JP', 'CW', 'RS']) expect(codes).toContain(code);
    for (const code of ['UK', 'YU', 'AN', 'EU', 'UN', 'ZZ', 'XA', 'IC', 'EA'])
      expect(codes).not.toContain(code);
    expect(codes.length).toBeGreaterThan(240);
    expect(isCountryCode('DE')).toBe(true);
    expect(isCountryCode('UK')).toBe(false);
  });

  it.each([
    ['Germany', 'DE'],
    ['Deutschland', 'DE'],
    ['allemagne', 'DE'],
    [' The Netherlands ', 'NL'],
    ['Nederland', 'NL'],
    ['Holland', 'NL'],
    ['België', 'BE'],
    ['Belgique', 'BE'],
    ['UK', 'GB'],
    ['England', 'GB'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['Côte d’Ivoire', 'CI'],
    ['Österreich', 'AT'],
    ['Czech Republic', 'CZ'],
    ['fr', 'FR'],
    ['DEU', 'DE'],
  ])('reads %j as %s', (text, code) => {
    expect(countryCodeFromText(text)).toBe(code);
  });

  it('gives null for what it cannot read, so the caller keeps the text and flags it', () => {
    expect(countryCodeFromText('Narnia')).toBeNull();
    expect(countryCodeFromText('')).toBeNull();
    expect(countryCodeFromText(null)).toBeNull();
  });

  it('names countries in the reader’s language and sorts the picker by name', () => {
    expect(countryName('DE', 'en')).toBe('Germany');
    expect(countryName('DE', 'fr')).toBe('Allemagne');
    const options = countryOptions('de');
    const names = options.map((o) => o.name);
    expect(names.indexOf('Ägypten')).toBeLessThan(names.indexOf('Albanien'));
    expect(options.find((o) => o.code === 'BE')?.name).toBe('Belgien');
  });
});
