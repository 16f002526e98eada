import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ServiceDeps } from '../../services/context.ts';
import { getAgingReport } from '../../services/reports/get-aging-report.ts';
import { getPaymentsReport } from '../../services/reports/get-payments-report.ts';
import { getRevenueReport } from '../../services/reports/get-revenue-report.ts';
import { getTaxReport } from '../../services/reports/get-tax-report.ts';
import { withResponses } from '../schemas.ts';
import { agingCsv, paymentsCsv, revenueCsv, sendCsv, taxCsv } from './report-csv.ts';
import {
  agingQuery,
  agingReportSchema,
  paymentsQuery,
  paymentsReportSchema,
  revenueQuery,
  revenueReportSchema,
  taxQuery,
  taxReportSchema,
} from './report-schemas.ts';

const CSV_NOTE =
  ' With format=csv the same figures come as an RFC 4180 CSV download (bom=1 adds a UTF-8 byte order mark).';

/** Reports for staff of either role (admin and finance): read-only figures, per currency. */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps }> = async (app, { deps }) => {
  app.get(
    '/reports/aging',
    {
      schema: {
        tags: ['reports'],
        summary: 'Receivables aging: open balances per client in buckets of days past due, as of a date',
        description:
          'Buckets current, 1-30, 31-60, 61-90 and 90+ days past due, per client and currency (never added across ' +
          'currencies). With clientId, that client only, with its open invoices.' +
          CSV_NOTE,
        querystring: agingQuery,
        response: withResponses({ 200: agingReportSchema }),
      },
    },
    async (request, reply) => {
      const { format, bom, ...query } = request.query;
      const report = await getAgingReport(deps, query);
      if (format === 'csv') return sendCsv(reply, `aging-${report.asOf}`, agingCsv(report), bom === '1');
      return report;
    },
  );

  app.get(
    '/reports/tax',
    {
      schema: {
        tags: ['reports'],
        summary: 'Taxable amount and tax per tax and period, on an invoice or a cash basis',
        description:
          'Invoice basis: issued invoices by issue date less issued credit notes. Cash basis: payments by the day ' +
          'paid, less refunds and credit refunded, each carrying its document taxes in proportion.' +
          CSV_NOTE,
        querystring: taxQuery,
        response: withResponses({ 200: taxReportSchema }),
      },
    },
    async (request, reply) => {
      const { format, bom, ...query } = request.query;
      const report = await getTaxReport(deps, query);
      const name = `tax-${report.basis}-${report.from}-${report.to}`;
      if (format === 'csv') return sendCsv(reply, name, taxCsv(report), bom === '1');
      return report;
    },
  );

  app.get(
    '/reports/revenue',
    {
      schema: {
        tags: ['reports'],
        summary: 'Invoiced, collected and outstanding per month, client or project',
        description:
          'Invoiced: invoices issued in the range less credit notes. Collected: payments less refunds. ' +
          'Outstanding: what is still due on the invoices issued in the range.' +
          CSV_NOTE,
        querystring: revenueQuery,
        response: withResponses({ 200: revenueReportSchema }),
      },
    },
    async (request, reply) => {
      const { format, bom, ...query } = request.query;
      const report = await getRevenueReport(deps, query);
      const name = `revenue-${report.groupBy}-${report.from}-${report.to}`;
      if (format === 'csv') return sendCsv(reply, name, revenueCsv(report), bom === '1');
      return report;
    },
  );

  app.get(
    '/reports/payments',
    {
      schema: {
        tags: ['reports'],
        summary: 'Payments received per period, method and gateway',
        description: `Succeeded payments by the day paid, refunds by the day given back.${CSV_NOTE}`,
        querystring: paymentsQuery,
        response: withResponses({ 200: paymentsReportSchema }),
      },
    },
    async (request, reply) => {
      const { format, bom, ...query } = request.query;
      const report = await getPaymentsReport(deps, query);
      const name = `payments-${report.from}-${report.to}`;
      if (format === 'csv') return sendCsv(reply, name, paymentsCsv(report), bom === '1');
      return report;
    },
  );
};
