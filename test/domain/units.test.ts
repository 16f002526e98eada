import { describe, expect, it } from 'vitest';
import {
  DEFAULT_UNIT,
  findUnit,
  isUnitCode,
  quantityWithUnit,
  UNIT_CODES,
  UNITS,
  unitWords,
} from '../../src/domain/units.ts';

describe('units of measure', () => {
  it('lists each UN/ECE Recommendation 20 code once, with a singular and a plural name', () => {
    expect(new Set(UNIT_CODES).size).toBe(UNITS.length);
    for (const unit of UNITS) {
      expect(unit.code).toMatch(/^[A-Z0-9]{2,3}$/);
      expect(unit.label.length).toBeGreaterThan(0);
      expect(unit.plural).not.toBe(unit.label);
    }
    expect(DEFAULT_UNIT).toBe('C62');
    expect(findUnit('HUR')).toEqual({ code: 'HUR', label: 'hour', plural: 'hours' });
    expect(findUnit('MTK')?.label).toBe('square metre');
  });

  it('knows only its own codes (case matters, as in e-invoices)', () => {
    expect(isUnitCode('HUR')).toBe(true);
    expect(isUnitCode('hur')).toBe(false);
    expect(isUnitCode('HOUR')).toBe(false);
    expect(isUnitCode('')).toBe(false);
    expect(isUnitCode(null)).toBe(false);
    expect(findUnit(null)).toBeNull();
    expect(findUnit('XYZ')).toBeNull();
  });

  it('says a quantity with its unit words: singular for one, plural otherwise, nothing for a plain count', () => {
    expect(unitWords('HUR', '3')).toBe('hours');
    expect(unitWords('HUR', '1')).toBe('hour');
    expect(unitWords('HUR', '1.000')).toBe('hour');
    expect(unitWords('HUR', '-1')).toBe('hour');
    expect(unitWords('HUR', '1.5')).toBe('hours');
    expect(unitWords('HUR', '0')).toBe('hours');
    expect(unitWords('HUR', '11')).toBe('hours');
    expect(unitWords('C62', '3')).toBe('');
    expect(unitWords(null, '3')).toBe('');
    expect(quantityWithUnit('2,5', '2.5', 'DAY')).toBe('2,5 days');
    expect(quantityWithUnit('1', '1', 'KWH')).toBe('1 kilowatt hour');
    expect(quantityWithUnit('12', '12', 'C62')).toBe('12');
    expect(quantityWithUnit('12', '12', undefined)).toBe('12');
  });
});
