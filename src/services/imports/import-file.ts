import { createHash } from 'node:crypto';
import { type DecodedFile, decodeImportFile, type ImportEncoding } from '../../domain/imports/decode.ts';
import { fieldOf, IMPORT_FIELDS, type ImportKind } from '../../domain/imports/fields.ts';
import {
  type ImportMapping,
  missingFields,
  resolveMapping,
  suggestMapping,
  unmappedColumns,
} from '../../domain/imports/mapping.ts';
import type { ImportPreset, ImportPresetId } from '../../domain/imports/presets.ts';
import { type CsvTable, type ImportDelimiter, readCsv } from '../../domain/imports/read-csv.ts';
import { MAX_LISTED_PROBLEMS, type RowProblem } from '../../domain/imports/row-problems.ts';
import {
  decimalSeparatorFor,
  type ImportDateFormat,
  type ImportDecimalSeparator,
  type Read,
  readAmount,
  readBoolean,
  readDate,
} from '../../domain/imports/values.ts';

/** How to read the file; every option has an `auto` that works for most files. */
export interface ImportFileOptions {
  encoding?: ImportEncoding;
  delimiter?: ImportDelimiter | 'auto';
  dateFormat?: ImportDateFormat;
  decimalSeparator?: ImportDecimalSeparator;
  preset?: ImportPresetId | 'auto' | 'none';
  /** Amounts are whole minor units (cents); default: as the preset says (InvoiceShelf/Crater), else no. */
  amountsInMinorUnits?: boolean;
}

/** One row of the file with its values by field. */
export interface ImportRow {
  line: number;
  /** The trimmed value of a field ('' when the field is not mapped or the cell is empty). */
  get(field: string): string;
}

export interface ImportFile {
  kind: ImportKind;
  decoded: Omit<DecodedFile, 'text'>;
  sha256: string;
  table: CsvTable;
  preset: ImportPreset | null;
  mapping: ImportMapping;
  unmappedColumns: string[];
  /** Fields the import needs that the mapping leaves out (empty once the mapping is complete). */
  missingFields: { field: string; message: string }[];
  rows: ImportRow[];
  dateFormat: ImportDateFormat;
  decimalSeparator: '.' | ',';
  amountsInMinorUnits: boolean;
}

/** Decodes, splits and maps a file; errors about the whole file (encoding, quoting, mapping) are thrown. */
export function readImportFile(
  kind: ImportKind,
  bytes: Uint8Array,
  options: ImportFileOptions,
  mappingChanges: Record<string, string | undefined> = {},
  /** false for the mapping step: a mapping that misses required fields is answered, not refused. */
  complete = true,
): ImportFile {
  const { text, ...decoded } = decodeImportFile(bytes, options.encoding);
  const table = readCsv(text, options.delimiter);
  const { preset, mapping: suggested } = suggestMapping(kind, table.headers, options.preset);
  const indexes = resolveMapping(kind, table.headers, suggested, mappingChanges, complete);
  const mapping: ImportMapping = {};
  for (const [key, index] of indexes) mapping[key] = table.headers[index]!;
  const rows = table.records.map(({ line, values }) => ({
    line,
    get: (field: string) => {
      const index = indexes.get(field);
      return index === undefined ? '' : (values[index] ?? '').trim();
    },
  }));
  return {
    kind,
    decoded,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    table,
    preset,
    mapping,
    unmappedColumns: unmappedColumns(table.headers, indexes),
    missingFields: missingFields(kind, indexes),
    rows,
    dateFormat: options.dateFormat ?? 'auto',
    decimalSeparator: decimalSeparatorFor(options.decimalSeparator ?? 'auto', table.delimiter),
    amountsInMinorUnits: options.amountsInMinorUnits ?? preset?.amountsInMinorUnits ?? false,
  };
}

/** The file's suggested mapping and first rows, for the mapping step; nothing is checked against the database. */
export function describeImportFile(file: ImportFile, sampleSize = 10) {
  return {
    kind: file.kind,
    encoding: file.decoded.encoding,
    bom: file.decoded.bom,
    delimiter: file.table.delimiter,
    headers: file.table.headers,
    rowCount: file.rows.length,
    preset: file.preset ? { id: file.preset.id, name: file.preset.name } : null,
    mapping: file.mapping,
    unmappedColumns: file.unmappedColumns,
    missingFields: file.missingFields,
    fields: IMPORT_FIELDS[file.kind].map(({ key, label, required }) => ({
      key,
      label,
      required: !!required,
    })),
    dateFormat: file.dateFormat,
    decimalSeparator: file.decimalSeparator,
    amountsInMinorUnits: file.amountsInMinorUnits,
    sampleRows: file.table.records.slice(0, sampleSize),
  };
}

/**
 * Collects the problems of the rows, each naming its line, column and field, and reads typed values on the way: a
 * reader that fails records the problem and gives undefined, so one pass finds every bad cell of every row.
 */
export class RowProblems {
  private readonly found: RowProblem[] = [];
  private readonly badLines = new Set<number>();

  constructor(private readonly file: ImportFile) {}

  /** In the file's order (checks across rows, such as the number series, come after the rows' own). */
  get list(): RowProblem[] {
    return [...this.found].sort((a, b) => a.line - b.line);
  }

  get badRows(): number {
    return this.badLines.size;
  }

  add(row: { line: number }, field: string | null, reason: string): void {
    this.badLines.add(row.line);
    if (this.found.length >= MAX_LISTED_PROBLEMS) return;
    this.found.push({
      line: row.line,
      column: field ? (this.file.mapping[field] ?? null) : null,
      field,
      label: field ? (fieldOf(this.file.kind, field)?.label ?? null) : null,
      reason,
    });
  }

  private read<T>(row: ImportRow, field: string, reader: (text: string) => Read<T>): T | undefined {
    const text = row.get(field);
    if (text === '') return undefined;
    const result = reader(text);
    if (result.ok) return result.value;
    this.add(row, field, result.reason);
    return undefined;
  }

  date(row: ImportRow, field: string): string | undefined {
    return this.read(row, field, (text) => readDate(text, this.file.dateFormat));
  }

  /** An amount in major units as a decimal string; `exponent` is the currency's, for files in minor units. */
  amount(row: ImportRow, field: string, exponent: number): string | undefined {
    const minor = this.file.amountsInMinorUnits ? exponent : undefined;
    return this.read(row, field, (text) => readAmount(text, this.file.decimalSeparator, minor));
  }

  /** A quantity or rate: a plain decimal, never in minor units. */
  number(row: ImportRow, field: string): string | undefined {
    return this.read(row, field, (text) => readAmount(text.replace(/%$/, ''), this.file.decimalSeparator));
  }

  boolean(row: ImportRow, field: string): boolean | undefined {
    return this.read(row, field, readBoolean);
  }
}
