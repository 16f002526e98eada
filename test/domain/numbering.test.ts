import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors.ts';
import {
  counterScope,
  DEFAULT_NUMBER_PATTERN,
  formatDocumentNumber,
  validateNumberPattern,
} from '../../src/domain/numbering.ts';

function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('formatDocumentNumber', () => {
  it('fills year and zero-padded sequence', () => {
    expect(formatDocumentNumber('INV-{YYYY}-{SEQ:4}', 7, '2026-11-25')).toBe('INV-2026-0007');
  });

  it('never truncates a sequence longer than its width', () => {
    expect(formatDocumentNumber('INV-{YYYY}-{SEQ:4}', 12345, '2026-11-25')).toBe('INV-2026-12345');
    expect(formatDocumentNumber('{SEQ:1}', 987654321, '2026-11-25')).toBe('987654321');
  });

  it('fills every token', () => {
    expect(formatDocumentNumber('{YY}{MM}{DD}/{SEQ}', 42, '2026-03-09')).toBe('260309/42');
    expect(formatDocumentNumber('#{SEQ:12}', 1, '2026-03-09')).toBe('#000000000001');
    expect(formatDocumentNumber('A.b_c-{YYYY}.{MM}-{SEQ:3}', 5, '2009-12-01')).toBe('A.b_c-2009.12-005');
  });

  it('uses the default pattern', () => {
    expect(formatDocumentNumber(DEFAULT_NUMBER_PATTERN, 1, '2026-01-01')).toBe('INV-2026-0001');
  });

  it('pads years before 1000', () => {
    expect(formatDocumentNumber('{YYYY}-{YY}-{SEQ}', 1, '0999-01-01')).toBe('0999-99-1');
  });

  it('rejects bad input', () => {
    expect(validationErrorOf(() => formatDocumentNumber('INV-{SEQ}', 1, '2026-02-29')).field).toBe(
      'issueDate',
    );
    expect(validationErrorOf(() => formatDocumentNumber('INV', 1, '2026-02-28')).field).toBe(
      'invoiceNumberPattern',
    );
    expect(() => formatDocumentNumber('INV-{SEQ}', 0, '2026-02-28')).toThrow(RangeError);
    expect(() => formatDocumentNumber('INV-{SEQ}', 1.5, '2026-02-28')).toThrow(RangeError);
    expect(() => formatDocumentNumber('INV-{SEQ}', Number.MAX_SAFE_INTEGER + 1, '2026-02-28')).toThrow(
      RangeError,
    );
  });

  it('gives distinct numbers for distinct sequences in one scope (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('INV-{YYYY}-{SEQ:4}', '{SEQ}', '{YY}{MM}{SEQ}', '{SEQ}{DD}', 'X{SEQ:2}{YYYY}'),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (pattern, a, b) => {
          fc.pre(a !== b);
          expect(formatDocumentNumber(pattern, a, '2026-11-25')).not.toBe(
            formatDocumentNumber(pattern, b, '2026-11-25'),
          );
        },
      ),
    );
  });
});

describe('validateNumberPattern', () => {
  it.each([
    'INV-{YYYY}-{SEQ:4}',
    '{SEQ}',
    '{SEQ:1}',
    '{SEQ:12}',
    '{SEQ:04}',
    '{YY}{MM}{DD}{SEQ}',
    'a-b_c/d.e#{SEQ}',
    `${'X'.repeat(55)}{SEQ}`,
  ])('accepts %s', (pattern) => {
    expect(() => validateNumberPattern(pattern)).not.toThrow();
  });

  it.each([
    ['', 'Enter a number pattern'],
    ['INV-{YYYY}', 'must contain {SEQ}'],
    ['INV-SEQ', 'must contain {SEQ}'],
    ['{SEQ}-{SEQ:2}', 'only once'],
    ['{SEQ:0}', 'from 1 to 12'],
    ['{SEQ:13}', 'from 1 to 12'],
    ['{SEQ:}', 'from 1 to 12'],
    ['{SEQ:x}', 'from 1 to 12'],
    ['{SEQ:-1}', 'from 1 to 12'],
    ['{SEQ:100}', 'from 1 to 12'],
    ['{seq}', 'Unknown token {seq}'],
    ['{YEAR}-{SEQ}', 'Unknown token {YEAR}'],
    ['{Y}-{SEQ}', 'Unknown token {Y}'],
    ['{}{SEQ}', 'Unknown token {}'],
    ['INV-{SEQ', 'Unclosed "{"'],
    ['INV}{SEQ}', 'Invalid character "}"'],
    ['INV {SEQ}', 'Invalid character " "'],
    ['FAC-É-{SEQ}', 'Invalid character "É"'],
    ['INV:{SEQ}', 'Invalid character ":"'],
    ['{SEQ}\n', 'Invalid character'],
    [`${'X'.repeat(56)}{SEQ}`, 'at most 60 characters'],
  ])('rejects %j', (pattern, message) => {
    const err = validationErrorOf(() => validateNumberPattern(pattern));
    expect(err.field).toBe('invoiceNumberPattern');
    expect(err.message).toContain(message);
  });

  it('names the given field', () => {
    expect(validationErrorOf(() => validateNumberPattern('nope', 'settings.numberPattern')).field).toBe(
      'settings.numberPattern',
    );
  });
});

describe('counterScope', () => {
  it('restarts each year when the year is shown', () => {
    expect(counterScope('INV-{YYYY}-{SEQ:4}', '2026-11-25')).toBe('2026');
    expect(counterScope('INV-{YY}-{SEQ:4}', '2026-11-25')).toBe('2026');
    expect(counterScope('{SEQ}/{DD}/{YY}', '2026-11-25')).toBe('2026');
  });

  it('restarts each month when year and month are shown', () => {
    expect(counterScope('INV-{YYYY}{MM}-{SEQ}', '2026-11-25')).toBe('2026-11');
    expect(counterScope('{YY}{MM}{DD}-{SEQ}', '2026-01-05')).toBe('2026-01');
  });

  it('never restarts otherwise', () => {
    expect(counterScope('INV-{SEQ:5}', '2026-11-25')).toBe('all');
    expect(counterScope('INV-{MM}-{SEQ}', '2026-11-25')).toBe('all');
    expect(counterScope('INV-{DD}-{SEQ}', '2026-11-25')).toBe('all');
  });

  it('rejects bad input', () => {
    expect(validationErrorOf(() => counterScope('INV', '2026-11-25')).field).toBe('invoiceNumberPattern');
    expect(validationErrorOf(() => counterScope('{SEQ}', '2026-13-01')).field).toBe('issueDate');
  });
});
