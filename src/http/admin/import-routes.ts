import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IMPORT_ENCODINGS } from '../../domain/imports/decode.ts';
import { IMPORT_FIELDS, IMPORT_KINDS, type ImportKind } from '../../domain/imports/fields.ts';
import { IMPORT_PRESETS } from '../../domain/imports/presets.ts';
import { IMPORT_DATE_FORMATS, IMPORT_DECIMAL_SEPARATORS } from '../../domain/imports/values.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { importClients } from '../../services/imports/import-clients.ts';
import type { ImportFileOptions } from '../../services/imports/import-file.ts';
import { importInvoices } from '../../services/imports/import-invoices.ts';
import { importItems } from '../../services/imports/import-items.ts';
import { listImports } from '../../services/imports/list-imports.ts';
import { previewImport } from '../../services/imports/preview-import.ts';
import type { ImportRequest, ImportResult } from '../../services/imports/run-import.ts';
import { actionContext } from '../plugins/staff-auth.ts';
import { booleanQuery, problemSchema, shortText, withResponses } from '../schemas.ts';

/** Room for 50,000 rows of a wide export; the file is read whole (one transaction, all or nothing). */
export const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const FILE_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/octet-stream',
  'application/vnd.ms-excel',
];

class UnsupportedFileType extends Error {
  readonly statusCode = 415;
  constructor(type: string) {
    super(`Send the CSV file's bytes as the body, with Content-Type text/csv (got ${type || 'none'})`);
  }
}

const tags = ['imports'];

const fileOptions = {
  encoding: z.enum(IMPORT_ENCODINGS).optional().meta({
    description:
      'auto (default): UTF-8 with or without BOM, UTF-16 with BOM; other encodings only when named',
  }),
  delimiter: z
    .enum(['auto', 'comma', 'semicolon', 'tab', 'pipe'])
    .optional()
    .meta({ description: 'auto (default): the one that splits the header into the most columns' }),
  preset: z
    .enum(['auto', 'none', ...IMPORT_PRESETS])
    .optional()
    .meta({ description: 'auto (default): recognised from the header' }),
};

const readOptions = {
  dateFormat: z.enum(IMPORT_DATE_FORMATS).optional().meta({
    description: 'auto (default): YYYY-MM-DD, Excel serials, and DD/MM vs MM/DD only when unambiguous',
  }),
  decimalSeparator: z
    .enum(IMPORT_DECIMAL_SEPARATORS)
    .optional()
    .meta({ description: 'auto (default): a comma in semicolon-separated files, a dot otherwise' }),
  amountsInMinorUnits: booleanQuery.optional().meta({
    description: 'Amounts are whole cents (default: as the preset says; InvoiceShelf/Crater: true)',
  }),
};

const DELIMITER_CHARS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;

/** `map.<field>=<column>` for each field of the kind: the column that fills it ('' leaves the field out). */
function mappingQuery(kind: ImportKind) {
  return Object.fromEntries(
    IMPORT_FIELDS[kind].map((field) => [
      `map.${field.key}`,
      shortText()
        .optional()
        .meta({ description: `Column for: ${field.label}${field.required ? ' (required)' : ''}` }),
    ]),
  );
}

function splitQuery(query: Record<string, unknown>) {
  const options: ImportFileOptions = {};
  const mapping: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('map.')) mapping[key.slice(4)] = value as string | undefined;
  }
  const q = query as Record<string, never>;
  if (q.encoding) options.encoding = q.encoding;
  if (q.delimiter) {
    options.delimiter =
      q.delimiter === 'auto' ? 'auto' : DELIMITER_CHARS[q.delimiter as keyof typeof DELIMITER_CHARS];
  }
  if (q.preset) options.preset = q.preset;
  if (q.dateFormat) options.dateFormat = q.dateFormat;
  if (q.decimalSeparator) options.decimalSeparator = q.decimalSeparator;
  if (q.amountsInMinorUnits !== undefined) options.amountsInMinorUnits = q.amountsInMinorUnits;
  return { options, mapping };
}

const rowProblemSchema = z
  .object({
    line: z.number(),
    column: z.string().nullable(),
    field: z.string().nullable(),
    label: z.string().nullable(),
    reason: z.string(),
  })
  .meta({ id: 'ImportRowProblem' });

const importProblemSchema = problemSchema
  .extend({
    badRows: z.number().optional(),
    rows: z.array(rowProblemSchema).optional(),
  })
  .meta({
    id: 'ImportProblem',
    description: 'A bad mapping or file (errors), or bad rows (rows): nothing was imported',
  });

const IMPORTERS: Partial<
  Record<
    ImportKind,
    (deps: ServiceDeps, ...rest: [ReturnType<typeof actionContext>, ImportRequest]) => Promise<ImportResult>
  >
> = {
  clients: importClients,
  items: importItems,
  invoices: importInvoices,
};

const SUMMARIES: Record<ImportKind, string> = {
  clients: 'Import clients (one a row, with a contact when named)',
  items: 'Import catalogue items',
  invoices:
    'Import historical invoices with their lines and payments (rows with the same number are one invoice)',
};

/**
 * CSV imports (admin): a preview for the mapping step, then the import itself, with `dryRun=true` to check every row
 * first. The file is the raw request body; options and the mapping travel in the query string. The CSV body parser
 * is registered inside this plugin only. See docs/imports.md.
 */
export const importRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.addContentTypeParser(
    FILE_TYPES,
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser('*', (request, _payload, done) =>
    done(new UnsupportedFileType(request.headers['content-type'] ?? ''), undefined),
  );

  function fileOf(request: { body: unknown; headers: { 'content-type'?: string } }): Buffer {
    if (!Buffer.isBuffer(request.body)) throw new UnsupportedFileType(request.headers['content-type'] ?? '');
    return request.body;
  }

  app.get(
    '/imports',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: 'The imports that wrote records, newest first (admin)',
        response: withResponses({ 200: z.any() }),
      },
    },
    async () => listImports(deps.db),
  );

  for (const kind of IMPORT_KINDS) {
    app.post(
      `/imports/${kind}/preview`,
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: `Read a ${kind} file for the mapping step: encoding, delimiter, header, preset, suggested mapping, first rows (admin)`,
          consumes: FILE_TYPES,
          querystring: z.strictObject({ ...fileOptions, ...readOptions, ...mappingQuery(kind) }),
          response: { ...withResponses({ 200: z.any() }), 422: importProblemSchema },
        },
      },
      async (request) => {
        const { options, mapping } = splitQuery(request.query);
        return previewImport(kind, fileOf(request), options, mapping);
      },
    );

    const importer = IMPORTERS[kind];
    if (!importer) continue;
    app.post(
      `/imports/${kind}`,
      {
        config: { access: 'admin' },
        schema: {
          tags,
          summary: `${SUMMARIES[kind]}; all or nothing, dryRun=true checks every row and writes nothing (admin)`,
          consumes: FILE_TYPES,
          querystring: z.strictObject({
            dryRun: booleanQuery.optional().meta({ description: 'true: check every row, write nothing' }),
            ...fileOptions,
            ...readOptions,
            ...mappingQuery(kind),
          }),
          response: { ...withResponses({ 200: z.any() }), 422: importProblemSchema },
        },
      },
      async (request) => {
        const { dryRun, ...query } = request.query as Record<string, unknown> & { dryRun?: boolean };
        const { options, mapping } = splitQuery(query);
        return importer(deps, actionContext(request), {
          file: fileOf(request),
          options,
          mapping,
          dryRun: dryRun ?? false,
        });
      },
    );
  }
};
