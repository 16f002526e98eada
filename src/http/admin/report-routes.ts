import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ReportPdfDocument } from '../../ports.ts';
import type { CsvTable } from '../../services/exports/csv-table.ts';
import { getAgingReport } from '../../services/reports/get-aging-report.ts';
import { getPaymentsReport } from '../../services/reports/get-payments-report.ts';
import { getRevenueReport } from '../../services/reports/get-revenue-report.ts';
import { getTaxReport } from '../../services/reports/get-tax-report.ts';
import {
  agingPdf,
  paymentsPdf,
  type ReportPdfDeps,
  renderReportPdf,
  revenuePdf,
  taxPdf,
} from '../../services/reports/report-pdf.ts';
import { sendCsv } from '../csv-download.ts';
import { withResponses } from '../schemas.ts';
import { sendPdf } from './invoice-pdf-routes.ts';
import { agingCsv, paymentsCsv, revenueCsv, taxCsv } from './report-csv.ts';
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
  ' With format=csv the same figures come as an RFC 4180 CSV download (bom=1 adds a UTF-8 byte order mark);' +
  ' with format=pdf as a PDF with the organisation’s branding, one table per currency.';

/** A report's figures as a file: the CSV streamed by the shared helper, or the branded PDF. */
type Download = { format?: 'json' | 'csv' | 'pdf'; bom?: '0' | '1' };

/** Reports for staff of either role (admin and finance): read-only figures, per currency. */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: ReportPdfDeps }> = async (app, { deps }) => {
  const download = <T>(
    reply: FastifyReply,
    { format, bom }: Download,
    name: string,
    report: T,
    as: { csv: (report: T, filename: string) => CsvTable; pdf: (report: T) => ReportPdfDocument },
  ) => {
    if (format === 'csv') return sendCsv(reply, as.csv(report, `${name}.csv`), { bom: bom === '1' });
    if (format === 'pdf') return sendPdf(reply, () => renderReportPdf(deps, name, as.pdf(report)));
    return report;
  };

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
      return download(reply, { format, bom }, `aging-${report.asOf}`, report, {
        csv: agingCsv,
        pdf: agingPdf,
      });
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
      return download(reply, { format, bom }, name, report, { csv: taxCsv, pdf: taxPdf });
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
      return download(reply, { format, bom }, name, report, { csv: revenueCsv, pdf: revenuePdf });
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
      return download(reply, { format, bom }, name, report, { csv: paymentsCsv, pdf: paymentsPdf });
    },
  );
};
