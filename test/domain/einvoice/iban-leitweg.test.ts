import { describe, expect, it } from 'vitest';
import { peppolAddressProblem } from '../../../src/domain/einvoice/eas.ts';
import { ibanProblem, isValidIban, normalizeIban } from '../../../src/domain/einvoice/iban.ts';
import {
  isValidLeitwegId,
  leitwegCheckDigits,
  looksLikeLeitwegId,
} from '../../../src/domain/einvoice/leitweg-id.ts';

describe('IBAN', () => {
  it('accepts real IBANs written with spaces or in lower case', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('be68539007547034')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(normalizeIban('de89 3704 0044 0532 0130 00')).toBe('DE89370400440532013000');
  });
  it('names what is wrong: a changed digit, a length wrong for the country, not an IBAN at all', () => {
    expect(ibanProblem('DE89370400440532013001')).toBe('checksum');
    expect(ibanProblem('DE8937040044053201300')).toBe('length');
    expect(ibanProblem('12345678')).toBe('format');
  });
});

describe('Leitweg-ID', () => {
  it('computes and checks the two check digits (ISO 7064 MOD 97-10)', () => {
    expect(leitwegCheckDigits('04011000', '1234512345')).toBe('06');
    expect(isValidLeitwegId('04011000-1234512345-06')).toBe(true);
    expect(isValidLeitwegId('04011000-12345-03')).toBe(true);
    expect(isValidLeitwegId('04011000-1234512345-07')).toBe(false);
    expect(isValidLeitwegId('991-01234-44')).toBe(false);
  });
  it('recognises the shape of a Leitweg-ID among other buyer references', () => {
    expect(looksLikeLeitwegId('04011000-1234512345-06')).toBe(true);
    expect(looksLikeLeitwegId('PO-4711')).toBe(false);
  });
});

describe('Peppol electronic addresses', () => {
  it('refuses e-mail and ids with wrong check digits', () => {
    expect(peppolAddressProblem('EM', 'a@b.example')).toMatch(/not used on the Peppol network/);
    expect(peppolAddressProblem('0088', '5790000435968')).toBeNull();
    expect(peppolAddressProblem('0088', '5790000435969')).toMatch(/not a valid GLN/);
    expect(peppolAddressProblem('0208', '0453834195')).toBeNull();
    expect(peppolAddressProblem('0208', '0453834196')).toMatch(/Belgian enterprise number/);
  });
});
