import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CsvCell, CsvTable } from '../services/exports/csv-table.ts';
import { contentDisposition } from './admin/invoice-pdf-routes.ts';
import { booleanQuery } from './schemas.ts';

const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t' } as const;

/** How the file is written: the options a spreadsheet may need. */
export const csvOptionsQuery = {
  bom: booleanQuery.optional().meta({
    description: 'true: start the file with a UTF-8 byte order mark, so that Excel reads accents right',
  }),
  delimiter: z
    .enum(['comma', 'semicolon', 'tab'], { message: 'Use comma, semicolon or tab' })
    .optional()
    .meta({ description: 'comma (default); semicolon for spreadsheets set to a decimal comma; tab' }),
};

export interface CsvOptions {
  bom?: boolean;
  delimiter?: keyof typeof DELIMITERS;
}

/**
 * Streams the table as RFC 4180 CSV (UTF-8, CRLF line ends, fields quoted when they must be) written by
 * csv-stringify, a batch at a time: memory stays flat however many rows there are. The first batch is read before
 * the answer starts, so a request that fails at once still gets its problem+json; a failure later can only cut the
 * download short, which the client sees as an incomplete transfer (no chunked terminator).
 */
export async function sendCsv(reply: FastifyReply, table: CsvTable, options: CsvOptions = {}) {
  const batches = table.batches[Symbol.asyncIterator]();
  const first = await batches.next();
  async function* rows(): AsyncGenerator<CsvCell[]> {
    if (first.done) return;
    yield* first.value;
    for (let next = await batches.next(); !next.done; next = await batches.next()) yield* next.value;
  }
  const csv = pipeline(
    Readable.from(rows()),
    stringify({
      header: true,
      columns: [...table.columns],
      bom: options.bom ?? false,
      delimiter: DELIMITERS[options.delimiter ?? 'comma'],
      record_delimiter: 'windows',
      quoted_match: /^\s|\s$/,
    }),
    // A failed batch destroys the stream, which ends the response early; the error is logged by the reply.
    (error) => error && reply.log.error({ err: error }, 'CSV export failed part way'),
  );
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', contentDisposition(table.filename))
    .header('cache-control', 'private, no-store')
    .send(csv);
}
