/**
 * The pure readers behind imports: encodings, CSV records with their physical lines, dates (Excel serials, day or
 * month first), amounts with either decimal separator, number patterns, and preset recognition.
 */
import { describe, expect, it } from 'vitest';
import { decodeImportFile } from '../../../src/domain/imports/decode.ts';
import { recognisePreset, suggestMapping } from '../../../src/domain/imports/mapping.ts';
import { readCsv } from '../../../src/domain/imports/read-csv.ts';
import { readAmount, readDate } from '../../../src/domain/imports/values.ts';
import { matchDocumentNumber } from '../../../src/domain/numbering.ts';

describe('decodeImportFile', () => {
  it('reads UTF-8 with and without a BOM and UTF-16 with one', () => {
    expect(decodeImportFile(Buffer.from('a,b\n'))).toEqual({ text: 'a,b\n', encoding: 'utf-8', bom: false });
    expect(decodeImportFile(Buffer.from('\ufeffä\n'))).toEqual({ text: 'ä\n', encoding: 'utf-8', bom: true });
    const be = Buffer.from('\ufeffé', 'utf16le').swap16();
    expect(decodeImportFile(be)).toEqual({ text: 'é', encoding: 'utf-16be', bom: true });
  });

  it('refuses Latin-1 naming the line, and UTF-16 without a BOM, unless the encoding is named', () => {
    const latin1 = Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0x4d, 0xfc, 0x0a]);
    expect(() => decodeImportFile(latin1)).toThrow(/line 3 .*windows-1252/);
    expect(decodeImportFile(latin1, 'iso-8859-1').text).toBe('a\nb\nMü\n');
    expect(() => decodeImportFile(Buffer.from('Name,City\n', 'utf16le'))).toThrow(
      /UTF-16 without a byte order mark/,
    );
    expect(decodeImportFile(Buffer.from('Name', 'utf16le'), 'utf-16le').text).toBe('Name');
    expect(() => decodeImportFile(Buffer.alloc(0))).toThrow(/empty/);
  });
});

describe('readCsv', () => {
  it('keeps the physical line of each record across quoted line breaks, CRLF and blank lines', () => {
    const table = readCsv('a;b\r\n1;"x\r\ny\r\nz"\r\n\r\n2;"q"";w"\r\n3;v');
    expect(table.delimiter).toBe(';');
    expect(table.records.map((r) => [r.line, ...r.values])).toEqual([
      [2, '1', 'x\ny\nz'],
      [6, '2', 'q";w'],
      [7, '3', 'v'],
    ]);
  });

  it("takes Excel's sep= line, and refuses unclosed quotes and a column named twice", () => {
    const table = readCsv('sep=|\nName|Price\nA|1,5\n');
    expect(table).toMatchObject({ delimiter: '|', headerLine: 2, headers: ['Name', 'Price'] });
    expect(table.records[0]).toEqual({ line: 3, values: ['A', '1,5'] });
    expect(() => readCsv('a,b\n1,"open\n')).toThrow(/never closed/);
    expect(() => readCsv('Name,name\n1,2\n')).toThrow(/twice/);
    expect(readCsv('a\tb\tc\n1\t2\t3\n').delimiter).toBe('\t');
  });
});

describe('readDate', () => {
  it.each([
    ['2025-03-04', 'auto', '2025-03-04'],
    ['2025/3/4 13:45:00', 'auto', '2025-03-04'],
    ['45658', 'auto', '2025-01-01'],
    ['61', 'auto', '1900-03-01'],
    ['45658.75', 'auto', '2025-01-01'],
    ['15/02/2025', 'auto', '2025-02-15'],
    ['02/15/2025', 'auto', '2025-02-15'],
    ['03/04/2025', 'dmy', '2025-04-03'],
    ['03/04/2025', 'mdy', '2025-03-04'],
    ['03.04.2025', 'dmy', '2025-04-03'],
  ] as const)('%s (%s) is %s', (text, format, expected) => {
    expect(readDate(text, format)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['03/04/2025', 'auto', /dateFormat=dmy or mdy/],
    ['2025-02-30', 'auto', /not a calendar date/],
    ['31/02/2025', 'dmy', /not a calendar date/],
    ['3/4/25', 'dmy', /not a date Remit can read/],
    ['yesterday', 'auto', /not a date/],
  ] as const)('refuses %s (%s)', (text, format, reason) => {
    const result = readDate(text, format);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });
});

describe('readAmount', () => {
  it.each([
    ['1,234.50', '.', undefined, '1234.50'],
    ['1.234,50', ',', undefined, '1234.50'],
    ["1'234.5", '.', undefined, '1234.5'],
    ['€ 12,00', ',', undefined, '12.00'],
    ['$1,000', '.', undefined, '1000'],
    ['(25.00)', '.', undefined, '-25.00'],
    ['-0.00', '.', undefined, '0.00'],
    ['1050', '.', 2, '10.50'],
    ['5', '.', 2, '0.05'],
    ['1050', '.', 0, '1050'],
    ['1 000,5', ',', undefined, '1000.5'],
  ] as const)('%s with %s (minor %s) is %s', (text, separator, minor, expected) => {
    expect(readAmount(text, separator, minor)).toEqual({ ok: true, value: expected });
  });

  it('refuses text, two decimal marks and cents with decimals', () => {
    expect(readAmount('abc', '.').ok).toBe(false);
    expect(readAmount('1.2.3', ',').ok).toBe(true); // dots group thousands when the comma is the decimal mark
    expect(readAmount('1,2,3', ',').ok).toBe(false);
    expect(readAmount('10.50', '.', 2).ok).toBe(false);
  });
});

describe('matchDocumentNumber', () => {
  it('reads the scope and sequence a pattern wrote, and nothing it could not write', () => {
    expect(matchDocumentNumber('INV-{YYYY}-{SEQ:4}', 'INV-2026-0042')).toEqual({
      scope: '2026',
      sequence: 42,
    });
    expect(matchDocumentNumber('INV-{YYYY}-{SEQ:4}', 'INV-2026-12345')).toEqual({
      scope: '2026',
      sequence: 12345,
    });
    expect(matchDocumentNumber('INV-{YYYY}-{SEQ:4}', 'INV-2026-042')).toBeNull();
    expect(matchDocumentNumber('INV-{YYYY}-{SEQ:4}', 'OLD-INV-2026-0042')).toBeNull();
    expect(matchDocumentNumber('{YY}{MM}/{SEQ}', '2611/7')).toEqual({ scope: '2026-11', sequence: 7 });
    expect(matchDocumentNumber('F.{SEQ:3}', 'F.010')).toEqual({ scope: 'all', sequence: 10 });
    expect(matchDocumentNumber('F.{SEQ:3}', 'Fx010')).toBeNull();
  });
});

describe('presets', () => {
  it('recognises Invoice Ninja by its own column names, not by generic ones', () => {
    expect(
      recognisePreset('invoices', ['Invoice Number', 'Client Name', 'Invoice Amount', 'Invoice Balance'])?.id,
    ).toBe('invoice-ninja');
    expect(recognisePreset('items', ['name', 'description', 'price'])).toBeNull();
    expect(recognisePreset('invoices', ['invoice_number', 'invoice_date', 'due_amount', 'total'])?.id).toBe(
      'invoiceshelf',
    );
    const { mapping } = suggestMapping('invoices', [
      'invoice.number',
      'client.name',
      'invoice.amount',
      'invoice.date',
    ]);
    expect(mapping).toEqual({
      number: 'invoice.number',
      clientName: 'client.name',
      total: 'invoice.amount',
      issueDate: 'invoice.date',
    });
  });
});
