import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import type { CsvTable } from '../../services/exports/csv-table.ts';
import { exportClients } from '../../services/exports/export-clients.ts';
import { exportContacts } from '../../services/exports/export-contacts.ts';
import { exportCreditNotes } from '../../services/exports/export-credit-notes.ts';
import { exportInvoiceLines } from '../../services/exports/export-invoice-lines.ts';
import { exportInvoices } from '../../services/exports/export-invoices.ts';
import { exportItems } from '../../services/exports/export-items.ts';
import { exportPayments } from '../../services/exports/export-payments.ts';
import { exportQuotes } from '../../services/exports/export-quotes.ts';
import { PAYMENT_METHODS } from '../../services/payments/payment-view.ts';
import { type CsvOptions, csvOptionsQuery, sendCsv } from '../csv-download.ts';
import { booleanQuery, dateString, errorResponses, uuid } from '../schemas.ts';
import {
  clientListFilters,
  creditNoteListFilters,
  invoiceListFilters,
  itemListFilters,
  quoteListFilters,
} from './list-filters.ts';

const tags = ['exports'];
const csvResponse = { ...errorResponses, 200: z.any().meta({ description: 'text/csv (RFC 4180, UTF-8)' }) };

const paymentFilters = {
  from: dateString.optional().meta({ description: 'Paid on or after this day' }),
  to: dateString.optional().meta({ description: 'Paid on or before this day' }),
  clientId: uuid.optional(),
  invoiceId: uuid.optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  includeDeleted: booleanQuery.optional().meta({ description: 'true: deleted payments too' }),
};

/**
 * CSV downloads of the staff lists under /api/v1/exports, with the same filters as the lists (the invoice list's
 * filter for invoices and their lines, the client list's for clients and their contacts), streamed.
 */
export const exportRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  /** One CSV download: the list's filters plus the file's options; the service gets the filters, the writer the rest. */
  function exportRoute<Filters extends z.ZodRawShape>(
    name: string,
    summary: string,
    filters: Filters,
    table: (filter: z.output<z.ZodObject<Filters>>) => CsvTable,
  ) {
    const querystring = z.strictObject({ ...filters, ...csvOptionsQuery });
    app.get(
      `/exports/${name}.csv`,
      { schema: { tags, summary, querystring, produces: ['text/csv'], response: csvResponse } },
      async (request, reply) => {
        const { bom, delimiter, ...filter } = request.query as CsvOptions & Record<string, unknown>;
        return sendCsv(reply, table(filter as z.output<z.ZodObject<Filters>>), { bom, delimiter });
      },
    );
  }

  exportRoute(
    'invoices',
    'Invoices of the list filter, with their totals, as CSV',
    invoiceListFilters,
    (filter) => exportInvoices(deps, filter),
  );
  exportRoute(
    'invoice-lines',
    "Lines of the invoices of the list filter, with each line's amounts, as CSV",
    invoiceListFilters,
    (filter) => exportInvoiceLines(deps, filter),
  );
  exportRoute('quotes', 'Quotes of the list filter as CSV', quoteListFilters, (filter) =>
    exportQuotes(deps, filter),
  );
  exportRoute('credit-notes', 'Credit notes of the list filter as CSV', creditNoteListFilters, (filter) =>
    exportCreditNotes(deps, filter),
  );
  exportRoute('clients', 'Clients of the list filter as CSV', clientListFilters, (filter) =>
    exportClients(deps, filter),
  );
  exportRoute('contacts', 'Contacts of the clients of the list filter as CSV', clientListFilters, (filter) =>
    exportContacts(deps, filter),
  );
  exportRoute('items', 'Catalogue items of the list filter as CSV', itemListFilters, (filter) =>
    exportItems(deps, filter),
  );
  exportRoute('payments', 'Payments by the day paid, as CSV', paymentFilters, (filter) =>
    exportPayments(deps, filter),
  );
};
