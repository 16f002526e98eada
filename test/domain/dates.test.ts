import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  assertValidDate,
  canonicalTimeZone,
  compareDates,
  daysBetween,
  dueDateFor,
  formatPaymentTerms,
  isValidDate,
  isValidTimeZone,
  type PaymentTerms,
  parsePaymentTerms,
  paymentTermsInWords,
  todayIn,
} from '../../src/domain/dates.ts';
import { ValidationError } from '../../src/domain/errors.ts';

function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

/** Dates between 1900 and 2200 as YYYY-MM-DD, produced through Date (a test oracle, not used by the code). */
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('isValidDate', () => {
  it.each([
    '2026-01-01',
    '2026-01-31',
    '2026-02-28',
    '2028-02-29',
    '2000-02-29',
    '2026-04-30',
    '2026-12-31',
    '0001-01-01',
    '9999-12-31',
  ])('accepts %s', (s) => {
    expect(isValidDate(s)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '1900-02-29',
    '2100-02-29',
    '2026-02-30',
    '2026-04-31',
    '2026-06-31',
    '2026-09-31',
    '2026-11-31',
    '2026-01-32',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-1-05',
    '2026-01-5',
    '26-01-05',
    '20260105',
    '2026/01/05',
    ' 2026-01-05',
    '2026-01-05 ',
    '2026-01-05T00:00:00Z',
    '+02026-01-05',
    '２０２６-01-05',
    '',
  ])('rejects %j', (s) => {
    expect(isValidDate(s)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isValidDate(undefined as unknown as string)).toBe(false);
    expect(isValidDate(20260105 as unknown as string)).toBe(false);
  });

  it('agrees with the calendar for every day of 1999-2030 and nothing else (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1999, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const real = new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10) === s;
          expect(isValidDate(s)).toBe(real);
        },
      ),
    );
  });

  it('assertValidDate names the field', () => {
    expect(assertValidDate('2026-11-25', 'issueDate')).toBe('2026-11-25');
    const err = validationErrorOf(() => assertValidDate('2026-11-31', 'issueDate'));
    expect(err.field).toBe('issueDate');
    expect(validationErrorOf(() => assertValidDate(null, 'dueDate')).field).toBe('dueDate');
  });
});

describe('addDays', () => {
  it('crosses month ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-04-30', 1)).toBe('2026-05-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('handles leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2028-01-01', 366)).toBe('2029-01-01');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
  });

  it('crosses year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('is unaffected by daylight-saving changes', () => {
    // US clocks spring forward on 2026-03-08 and fall back on 2026-11-01; Europe on 2026-03-29 and 2026-10-25.
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
    expect(addDays('2026-03-29', -1)).toBe('2026-03-28');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('adds zero', () => {
    expect(addDays('2026-11-25', 0)).toBe('2026-11-25');
  });

  it('works at the ends of the range and refuses to leave it', () => {
    expect(addDays('0001-01-02', -1)).toBe('0001-01-01');
    expect(addDays('9999-12-30', 1)).toBe('9999-12-31');
    expect(() => addDays('0001-01-01', -1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
  });

  it('rejects bad input', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', Number.NaN)).toThrow(RangeError);
    expect(() => addDays('2026-02-01', Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('addDays(addDays(d, n), -n) = d (property)', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
        expect(addDays(addDays(d, n), -n)).toBe(d);
      }),
    );
  });

  it('agrees with UTC calendar arithmetic (property)', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        const expected = new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(d, n)).toBe(expected);
        expect(daysBetween(d, expected)).toBe(n);
        expect(Math.sign(compareDates(expected, d))).toBe(Math.sign(n));
      }),
    );
  });

  it('adding in steps equals adding at once (property)', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: -5000, max: 5000 }),
        (d, a, b) => {
          expect(addDays(addDays(d, a), b)).toBe(addDays(d, a + b));
        },
      ),
    );
  });
});

describe('compareDates and daysBetween', () => {
  it('orders dates', () => {
    expect(compareDates('2026-11-25', '2026-11-26')).toBe(-1);
    expect(compareDates('2026-11-26', '2026-11-25')).toBe(1);
    expect(compareDates('2026-11-25', '2026-11-25')).toBe(0);
    expect(compareDates('2026-12-01', '2026-11-30')).toBe(1);
    expect(compareDates('2025-12-31', '2026-01-01')).toBe(-1);
    expect(['2026-03-01', '2025-12-31', '2026-02-28'].sort(compareDates)).toEqual([
      '2025-12-31',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('refuses malformed dates rather than comparing text', () => {
    expect(() => compareDates('2026-9-01', '2026-10-01')).toThrow(RangeError);
    expect(() => compareDates('2026-10-01', 'tomorrow')).toThrow(RangeError);
  });

  it('counts days', () => {
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
  });
});

describe('time zones', () => {
  // 2026-11-24T12:30Z is the 25th in New Zealand (UTC+13 in summer) and still the 24th in California (UTC-8).
  const instant = new Date('2026-11-24T12:30:00Z');

  it('gives the local date where it differs from the UTC date', () => {
    expect(todayIn('UTC', instant)).toBe('2026-11-24');
    expect(todayIn('Pacific/Auckland', instant)).toBe('2026-11-25');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-11-24');
    expect(todayIn('America/Los_Angeles', new Date('2026-11-25T07:59:59Z'))).toBe('2026-11-24');
    expect(todayIn('America/Los_Angeles', new Date('2026-11-25T08:00:00Z'))).toBe('2026-11-25');
    expect(todayIn('Pacific/Auckland', new Date('2026-11-24T10:59:59Z'))).toBe('2026-11-24');
    expect(todayIn('Pacific/Auckland', new Date('2026-11-24T11:00:00Z'))).toBe('2026-11-25');
  });

  it('can be two calendar days apart across the date line', () => {
    const t = new Date('2026-06-15T10:30:00Z');
    expect(todayIn('Pacific/Kiritimati', t)).toBe('2026-06-16'); // UTC+14
    expect(todayIn('Pacific/Pago_Pago', t)).toBe('2026-06-14'); // UTC-11
  });

  it('follows daylight-saving changes (New York springs forward on 2026-03-08)', () => {
    // Before the change midnight is 05:00Z (EST, UTC-5); after it, 04:00Z (EDT, UTC-4).
    expect(todayIn('America/New_York', new Date('2026-03-08T04:59:59Z'))).toBe('2026-03-07');
    expect(todayIn('America/New_York', new Date('2026-03-08T05:00:00Z'))).toBe('2026-03-08');
    expect(todayIn('America/New_York', new Date('2026-03-09T03:59:59Z'))).toBe('2026-03-08');
    expect(todayIn('America/New_York', new Date('2026-03-09T04:00:00Z'))).toBe('2026-03-09');
  });

  it('handles half-hour and quarter-hour offsets', () => {
    const t = new Date('2026-11-24T18:20:00Z');
    expect(todayIn('Asia/Kolkata', t)).toBe('2026-11-24'); // 23:50
    expect(todayIn('Asia/Kathmandu', t)).toBe('2026-11-25'); // 00:05
  });

  it('rejects unknown zones and bad instants', () => {
    expect(validationErrorOf(() => todayIn('Mars/Olympus_Mons', instant)).field).toBe('timeZone');
    expect(() => todayIn('UTC', new Date(Number.NaN))).toThrow(RangeError);
  });

  it('validates zone names', () => {
    for (const tz of [
      'UTC',
      'Europe/Paris',
      'America/Argentina/Buenos_Aires',
      'Pacific/Auckland',
      'Etc/GMT+5',
    ]) {
      expect(isValidTimeZone(tz)).toBe(true);
    }
    for (const tz of ['', 'Mars/Olympus_Mons', 'Europe/Pariss', '+01:00', '-05:00', 'UTC ', 'x'.repeat(65)]) {
      expect(isValidTimeZone(tz)).toBe(false);
    }
    expect(isValidTimeZone(undefined as unknown as string)).toBe(false);
  });

  it('canonicalises zone names', () => {
    expect(canonicalTimeZone('europe/paris')).toBe('Europe/Paris');
    expect(canonicalTimeZone('Pacific/Auckland')).toBe('Pacific/Auckland');
    expect(validationErrorOf(() => canonicalTimeZone('Nowhere/Land', 'org.timeZone')).field).toBe(
      'org.timeZone',
    );
  });
});

describe('payment terms', () => {
  it.each<[string, PaymentTerms]>([
    ['due_on_receipt', { kind: 'due_on_receipt' }],
    ['fixed_date', { kind: 'fixed_date' }],
    ['net_0', { kind: 'net', days: 0 }],
    ['net_7', { kind: 'net', days: 7 }],
    ['net_15', { kind: 'net', days: 15 }],
    ['net_30', { kind: 'net', days: 30 }],
    ['net_365', { kind: 'net', days: 365 }],
    ['eom', { kind: 'end_of_month', monthsAfter: 0 }],
    ['eom_next', { kind: 'end_of_month', monthsAfter: 1 }],
  ])('parses and formats %s', (s, terms) => {
    expect(parsePaymentTerms(s)).toEqual(terms);
    expect(formatPaymentTerms(terms)).toBe(s);
  });

  it.each([
    '',
    'net',
    'net_',
    'net_366',
    'net_1000',
    'net_-1',
    'net_030',
    'net_1.5',
    'net_30 ',
    'NET_30',
    'net30',
    'net_1e2',
    'Due_on_receipt',
    'fixed',
    'EOM',
    'eom_',
    'eom_30',
    'eom_next_month',
  ])('rejects %j naming the field', (s) => {
    expect(validationErrorOf(() => parsePaymentTerms(s)).field).toBe('paymentTerms');
    expect(validationErrorOf(() => parsePaymentTerms(s, 'client.defaultTerms')).field).toBe(
      'client.defaultTerms',
    );
  });

  it('round-trips every net term (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), (days) => {
        const terms: PaymentTerms = { kind: 'net', days };
        expect(parsePaymentTerms(formatPaymentTerms(terms))).toEqual(terms);
      }),
    );
  });

  it('refuses to format out-of-range net days', () => {
    expect(() => formatPaymentTerms({ kind: 'net', days: 366 })).toThrow(ValidationError);
    expect(() => formatPaymentTerms({ kind: 'net', days: 2.5 })).toThrow(ValidationError);
  });
});

describe('dueDateFor', () => {
  it('due on receipt is the issue date', () => {
    expect(dueDateFor('2026-11-25', { kind: 'due_on_receipt' })).toBe('2026-11-25');
  });

  it('net N adds calendar days, across month and year ends', () => {
    expect(dueDateFor('2026-01-15', { kind: 'net', days: 30 })).toBe('2026-02-14');
    expect(dueDateFor('2026-01-31', { kind: 'net', days: 30 })).toBe('2026-03-02');
    expect(dueDateFor('2028-01-31', { kind: 'net', days: 30 })).toBe('2028-03-01');
    expect(dueDateFor('2026-12-15', { kind: 'net', days: 30 })).toBe('2027-01-14');
    expect(dueDateFor('2026-11-25', { kind: 'net', days: 0 })).toBe('2026-11-25');
    expect(dueDateFor('2026-11-25', { kind: 'net', days: 365 })).toBe('2027-11-25');
  });

  it.each([
    ['2026-01-15', '2026-01-31'],
    ['2026-02-01', '2026-02-28'],
    ['2028-02-10', '2028-02-29'],
    ['2100-02-10', '2100-02-28'],
    ['2000-02-10', '2000-02-29'],
    ['2026-04-30', '2026-04-30'],
    ['2026-06-01', '2026-06-30'],
    ['2026-12-31', '2026-12-31'],
  ])('end of month: issued %s is due %s', (issued, due) => {
    expect(dueDateFor(issued, { kind: 'end_of_month', monthsAfter: 0 })).toBe(due);
  });

  it.each([
    ['2026-01-31', '2026-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2026-02-28', '2026-03-31'],
    ['2026-03-31', '2026-04-30'],
    ['2026-12-01', '2027-01-31'],
    ['2026-12-31', '2027-01-31'],
  ])('end of next month: issued %s is due %s', (issued, due) => {
    expect(dueDateFor(issued, { kind: 'end_of_month', monthsAfter: 1 })).toBe(due);
  });

  it('end of month is the last day of the issue month or the next, never before the issue date (property)', () => {
    fc.assert(
      fc.property(isoDate, fc.constantFrom<0 | 1>(0, 1), (issued, monthsAfter) => {
        const due = dueDateFor(issued, { kind: 'end_of_month', monthsAfter });
        expect(compareDates(due, issued)).toBeGreaterThanOrEqual(0);
        const next = addDays(due, 1);
        expect(next.slice(8)).toBe('01');
        const months =
          (Number(due.slice(0, 4)) - Number(issued.slice(0, 4))) * 12 +
          Number(due.slice(5, 7)) -
          Number(issued.slice(5, 7));
        expect(months).toBe(monthsAfter);
      }),
    );
  });

  it('end of next month past the year 9999 is refused on the issue date', () => {
    expect(
      validationErrorOf(() => dueDateFor('9999-12-15', { kind: 'end_of_month', monthsAfter: 1 })).field,
    ).toBe('issueDate');
    expect(dueDateFor('9999-12-15', { kind: 'end_of_month', monthsAfter: 0 })).toBe('9999-12-31');
  });

  it('puts terms in words for documents', () => {
    expect(paymentTermsInWords('eom')).toBe('Due end of month');
    expect(paymentTermsInWords('eom_next')).toBe('Due end of next month');
    expect(paymentTermsInWords('net_30')).toBe('Net 30 days');
    expect(paymentTermsInWords('due_on_receipt')).toBe('Due on receipt');
    expect(paymentTermsInWords('fixed_date')).toBeNull();
  });

  it('ignores an explicit due date unless terms are fixed', () => {
    expect(dueDateFor('2026-11-25', { kind: 'net', days: 15 }, '2030-01-01')).toBe('2026-12-10');
    expect(dueDateFor('2026-11-25', { kind: 'due_on_receipt' }, '2030-01-01')).toBe('2026-11-25');
    expect(dueDateFor('2026-11-25', { kind: 'end_of_month', monthsAfter: 0 }, '2030-01-01')).toBe(
      '2026-11-30',
    );
  });

  it('fixed date uses the explicit date, which may equal the issue date', () => {
    expect(dueDateFor('2026-11-25', { kind: 'fixed_date' }, '2026-12-24')).toBe('2026-12-24');
    expect(dueDateFor('2026-11-25', { kind: 'fixed_date' }, '2026-11-25')).toBe('2026-11-25');
  });

  it.each([undefined, null, ''])('fixed date without a due date (%j) is refused on dueDate', (explicit) => {
    const err = validationErrorOf(() => dueDateFor('2026-11-25', { kind: 'fixed_date' }, explicit));
    expect(err.field).toBe('dueDate');
    expect(err.message).toContain('required');
  });

  it('fixed date before the issue date or invalid is refused on dueDate', () => {
    const before = validationErrorOf(() => dueDateFor('2026-11-25', { kind: 'fixed_date' }, '2026-11-24'));
    expect(before.field).toBe('dueDate');
    expect(before.message).toContain('before the issue date');
    expect(
      validationErrorOf(() => dueDateFor('2026-11-25', { kind: 'fixed_date' }, '2026-11-31')).field,
    ).toBe('dueDate');
  });

  it('refuses a bad issue date or net days', () => {
    expect(validationErrorOf(() => dueDateFor('2026-02-29', { kind: 'due_on_receipt' })).field).toBe(
      'issueDate',
    );
    expect(validationErrorOf(() => dueDateFor('2026-11-25', { kind: 'net', days: 400 })).field).toBe(
      'paymentTerms',
    );
    expect(validationErrorOf(() => dueDateFor('2026-11-25', { kind: 'net', days: -1 })).field).toBe(
      'paymentTerms',
    );
  });
});
