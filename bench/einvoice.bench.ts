/**
 * E-invoice benchmark: `npm run bench:einvoice`.
 *
 * For the 10-line invoice of bench/pdf.bench.ts (with 19 % VAT, category S), in interleaved rounds on one thread:
 *   - UBL: the EN 16931 model built from the document (totals engine included) and written as UBL XML;
 *   - PDF: the plain invoice PDF with Remit's renderer;
 *   - Factur-X: the CII XML built the same way and the PDF rendered as PDF/A-3b with it embedded.
 * Prints the medians, UBL files per second, how many UBL files take the time of one PDF, and Factur-X ÷ plain PDF
 * (target: at most 1.5x). BENCH_EINVOICE_ROUNDS sets the rounds (default 300); figures also go to
 * test-artifacts/bench-einvoice.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { PdfkitInvoiceRenderer } from '../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { buildEInvoice } from '../src/domain/einvoice/build-model.ts';
import { toCii } from '../src/domain/einvoice/cii.ts';
import type { EInvoiceInput, EInvoiceTaxInput } from '../src/domain/einvoice/input.ts';
import type { EInvoiceProfile } from '../src/domain/einvoice/profiles.ts';
import { toUbl } from '../src/domain/einvoice/ubl.ts';
import { sampleInput } from './pdf.bench.ts';

const ROUNDS = Number(process.env.BENCH_EINVOICE_ROUNDS ?? 300);
const RESULTS_FILE = new URL('../test-artifacts/bench-einvoice.json', import.meta.url);

const VAT19: EInvoiceTaxInput = {
  name: 'VAT 19 %',
  rate: '19',
  inclusive: false,
  compound: false,
  vat: { category: 'S' },
};

/** The PDF benchmark's invoice (same lines, discount and parties) as the e-invoice builder takes it. */
function einvoiceInput(pdf: ReturnType<typeof sampleInput>): EInvoiceInput {
  const invoice = pdf.document;
  return {
    document: {
      kind: 'invoice',
      number: invoice.number ?? 'INV-2026-0042',
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      currency: 'EUR',
      lines: invoice.lines.map((line) => ({
        name: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        unitCode: 'HUR',
        taxes: [VAT19],
      })),
      taxes: [],
      discount: { kind: 'percent', value: '5' },
      settings: { taxRounding: 'per_document', invoiceDiscountMode: 'before_tax' },
      paymentTerms: 'Payment due within 30 days.',
    },
    seller: {
      name: 'Northwind Studio GmbH',
      vatId: 'DE123456789',
      address: { lines: ['Hauptstraße 1'], city: 'Berlin', postalCode: '10115', country: 'DE' },
    },
    buyer: {
      name: 'Analytical Engines Ltd',
      vatId: 'DE987654321',
      address: { lines: ['Marktplatz 5'], city: 'München', postalCode: '80331', country: 'DE' },
    },
    paymentMeans: { code: '58', iban: 'DE89370400440532013000' },
  };
}

function model(input: EInvoiceInput, profile: EInvoiceProfile) {
  const result = buildEInvoice(input, profile);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join(' '));
  return result.invoice;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(work: () => unknown | Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main() {
  const renderer = new PdfkitInvoiceRenderer();
  const pdfInput = sampleInput();
  const input = einvoiceInput(pdfInput);
  const ubl = () => toUbl(model(input, 'en16931'), 'en16931');
  const plain = () => renderer.renderDocument(pdfInput);
  const facturx = () =>
    renderer.renderDocument({ ...pdfInput, facturx: { xml: toCii(model(input, 'facturx'), 'facturx') } });

  // Warm-up: fonts parsed, code compiled, text measured once.
  for (let index = 0; index < 20; index++) {
    ubl();
    await plain();
    await facturx();
  }
  const times = { ubl: [] as number[], pdf: [] as number[], facturx: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    times.ubl.push(await timed(ubl));
    times.pdf.push(await timed(plain));
    times.facturx.push(await timed(facturx));
  }
  const ublMs = median(times.ubl);
  const pdfMs = median(times.pdf);
  const facturxMs = median(times.facturx);
  const results = {
    rounds: ROUNDS,
    ublMs,
    ublPerSecond: Math.round(1000 / ublMs),
    pdfMs,
    pdfPerSecond: Math.round(1000 / pdfMs),
    ublPerPdf: pdfMs / ublMs,
    facturxMs,
    facturxVsPdf: facturxMs / pdfMs,
    ublBytes: Buffer.byteLength(ubl()),
    pdfBytes: (await plain()).length,
    facturxBytes: (await facturx()).length,
  };
  const report = [
    `E-invoice benchmark, 10-line invoice, ${ROUNDS} interleaved rounds (median):`,
    `  UBL (model + XML):  ${ublMs.toFixed(3)} ms, ${results.ublPerSecond} per second, ${results.ublBytes} bytes`,
    `  PDF (plain):        ${pdfMs.toFixed(3)} ms, ${results.pdfPerSecond} per second, ${results.pdfBytes} bytes`,
    `  UBL files in the time of one PDF: ${results.ublPerPdf.toFixed(1)}`,
    `  Factur-X (CII + PDF/A-3b): ${facturxMs.toFixed(3)} ms, ${results.facturxBytes} bytes; ` +
      `${results.facturxVsPdf.toFixed(2)}x the plain PDF (target <= 1.5x)`,
  ];
  process.stdout.write(`${report.join('\n')}\n`);
  await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

await main();
