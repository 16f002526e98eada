/**
 * Report PDF benchmark: `npm run bench:report-pdf`.
 *
 * Median CPU time to render the aging report as a PDF with 40 and 400 client rows (one and several pages), against
 * the 10-line invoice PDF of bench/pdf.bench.ts measured in the same run, interleaved, on the same fonts: what a
 * report download costs next to the PDF users fetch most (a 40-row aging table prints about 300 cells, the invoice
 * about 60 text runs).
 * Environment: BENCH_REPORT_PDF_ITERATIONS (rounds, default 60).
 */
import { PdfkitInvoiceRenderer } from '../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { PdfkitReportRenderer } from '../src/adapters/pdf/pdfkit-report-renderer.ts';
import type { ReportPdfInput } from '../src/ports.ts';
import type { AgingReport } from '../src/services/reports/get-aging-report.ts';
import { agingPdf } from '../src/services/reports/report-pdf.ts';
import { sampleInput } from './pdf.bench.ts';

const ROUNDS = Number(process.env.BENCH_REPORT_PDF_ITERATIONS ?? 60);

function agingOf(clients: number): AgingReport {
  const buckets = { current: '1200.00', '1-30': '340.50', '31-60': '0.00', '61-90': '75.25', '90+': '9.99' };
  return {
    asOf: '2026-11-25',
    timeZone: 'UTC',
    buckets: ['current', '1-30', '31-60', '61-90', '90+'],
    clients: Array.from({ length: clients }, (_, index) => ({
      clientId: `client-${index}`,
      clientName: `Client number ${index} with a longer trading name GmbH`,
      currency: 'EUR',
      buckets,
      total: '1625.74',
      invoiceCount: 3,
    })),
    totals: [{ currency: 'EUR', buckets, total: (1625.74 * clients).toFixed(2), invoiceCount: clients * 3 }],
  };
}

function cpuMs(work: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage();
  return work().then(() => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const invoices = new PdfkitInvoiceRenderer();
  const reports = new PdfkitReportRenderer(() => invoices.fonts());
  const invoice = sampleInput();
  const brand = {
    locale: invoice.locale,
    business: invoice.business,
    branding: invoice.branding,
    logo: null,
  };
  const small: ReportPdfInput = { ...brand, report: agingPdf(agingOf(40)) };
  const large: ReportPdfInput = { ...brand, report: agingPdf(agingOf(400)) };
  const times = { invoice: [] as number[], small: [] as number[], large: [] as number[] };
  for (let round = 0; round < 5; round++) {
    await invoices.renderDocument(invoice);
    await reports.renderReport(small);
  }
  for (let round = 0; round < ROUNDS; round++) {
    times.invoice.push(await cpuMs(() => invoices.renderDocument(invoice)));
    times.small.push(await cpuMs(() => reports.renderReport(small)));
    times.large.push(await cpuMs(() => reports.renderReport(large)));
  }
  const [invoiceMs, smallMs, largeMs] = [median(times.invoice), median(times.small), median(times.large)];
  process.stdout.write(
    [
      `Report PDFs, median CPU ms over ${ROUNDS} interleaved rounds (load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}):`,
      `  baseline: 10-line invoice PDF        ${invoiceMs.toFixed(2)} ms`,
      `  aging, 40 clients (1 page)           ${smallMs.toFixed(2)} ms  ratio ${(smallMs / invoiceMs).toFixed(2)}x`,
      `  aging, 400 clients (several pages)   ${largeMs.toFixed(2)} ms  ratio ${(largeMs / invoiceMs).toFixed(2)}x`,
      '',
    ].join('\n'),
  );
}

await main();
