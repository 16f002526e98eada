import { api, query } from '../../api.ts';

/**
 * The CSV import API as the import page uses it: the file goes as the raw body (text/csv), the reading options and
 * the mapping in the query string (`map.<field>=<column>`, '' to leave a field out). See docs/imports.md.
 */

/** The kinds this server imports, with the list each one lands in. */
export const IMPORT_KINDS = {
  clients: { label: 'Clients', one: 'client', list: '/app/clients' },
  items: { label: 'Items', one: 'item', list: '/app/items' },
  invoices: { label: 'Invoices', one: 'invoice', list: '/app/invoices' },
} as const;
export type ImportKind = keyof typeof IMPORT_KINDS;

export function isImportKind(kind: string): kind is ImportKind {
  return Object.hasOwn(IMPORT_KINDS, kind);
}

/** Same limit as the server's body limit, so a file too big is refused before it is sent. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportFieldInfo {
  key: string;
  label: string;
  required: boolean;
}

export interface ImportPreview {
  kind: string;
  encoding: string;
  bom: boolean;
  delimiter: string;
  headers: string[];
  rowCount: number;
  preset: { id: string; name: string } | null;
  /** Field key -> column name. */
  mapping: Record<string, string>;
  unmappedColumns: string[];
  missingFields: { field: string; message: string }[];
  fields: ImportFieldInfo[];
  dateFormat: string;
  decimalSeparator: '.' | ',';
  amountsInMinorUnits: boolean;
  sampleRows: { line: number; values: string[] }[];
}

export interface ImportRowProblem {
  line: number;
  column: string | null;
  field: string | null;
  label: string | null;
  reason: string;
}

export type ImportCounts = Partial<Record<string, number>>;

export interface ImportResult {
  importId: string | null;
  dryRun: boolean;
  valid: boolean;
  rowCount: number;
  badRows: number;
  problems: ImportRowProblem[];
  created: ImportCounts;
  matched: ImportCounts;
}

/** How the file reads: each left at `auto` unless the person chooses. */
export interface FileOptions {
  encoding: string;
  delimiter: string;
  preset: string;
}

/** How values read; undefined: as the server detects (shown from the preview). */
export interface ValueOptions {
  dateFormat: string;
  decimalSeparator: string;
  amountsInMinorUnits?: boolean;
}

export const DEFAULT_FILE_OPTIONS: FileOptions = { encoding: 'auto', delimiter: 'auto', preset: 'auto' };
export const DEFAULT_VALUE_OPTIONS: ValueOptions = { dateFormat: 'auto', decimalSeparator: 'auto' };

function fileBody(file: File): Blob {
  // Spreadsheet programs label CSV files in many ways (or not at all): the server reads the bytes as they are.
  return new Blob([file], { type: 'text/csv' });
}

function optionParams(file: FileOptions, values?: ValueOptions) {
  const params: Record<string, string | undefined> = {
    encoding: file.encoding,
    delimiter: file.delimiter,
    preset: file.preset,
  };
  if (values) {
    params.dateFormat = values.dateFormat;
    params.decimalSeparator = values.decimalSeparator;
    if (values.amountsInMinorUnits !== undefined) {
      params.amountsInMinorUnits = String(values.amountsInMinorUnits);
    }
  }
  return params;
}

/** Every field of the kind named: a field without a column is sent empty, so the server leaves it out. */
function mappingParams(fields: ImportFieldInfo[], mapping: Record<string, string>) {
  return Object.fromEntries(fields.map((field) => [`map.${field.key}`, mapping[field.key] ?? '']));
}

/** `query` drops empty values; an empty column must travel, as it means "leave this field out". */
function queryString(params: Record<string, string | undefined>, mapping: Record<string, string>) {
  const search = new URLSearchParams(query(params).slice(1));
  for (const [key, value] of Object.entries(mapping)) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function previewImport(kind: ImportKind, file: File, options: FileOptions) {
  return api.post<ImportPreview>(
    `/imports/${kind}/preview${queryString(optionParams(options), {})}`,
    fileBody(file),
  );
}

export function runImport(
  kind: ImportKind,
  file: File,
  request: {
    options: FileOptions;
    values: ValueOptions;
    fields: ImportFieldInfo[];
    mapping: Record<string, string>;
    dryRun: boolean;
  },
) {
  const params = { ...optionParams(request.options, request.values), dryRun: String(request.dryRun) };
  const search = queryString(params, mappingParams(request.fields, request.mapping));
  return api.post<ImportResult>(`/imports/${kind}${search}`, fileBody(file));
}

/** "3 clients, 2 contacts": what an import creates, in words (kinds it creates none of are left out). */
export function describeCounts(counts: ImportCounts): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n !== undefined && n > 0)
    .map(([what, n]) => `${n} ${n === 1 ? what.replace(/s$/, '') : what}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}
