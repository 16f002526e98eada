/**
 * PDF benchmark: `npm run bench:pdf`.
 *
 * Median time to produce the PDF of a 10-line invoice with Remit's renderer, against two baselines measured in
 * the same run on the same machine:
 *   (a) headless Chromium (Debian's /usr/bin/chromium through playwright-core, browser and page kept warm)
 *       printing an equivalent HTML invoice with page.pdf(): how many invoicing products make their PDFs;
 *   (b) a bare pdfkit document drawing exactly the same text runs (strings, fonts, sizes) at fixed points, with no
 *       layout at all: the floor of what pdfkit costs for this content.
 * The contenders run in interleaved rounds; the CPU time of this process is printed too, since wall times on a
 * loaded machine mostly measure the wait for a core.
 * Targets: at least 20x faster than (a); within 1.5x of (b).
 *
 * Environment: BENCH_PDF_BROWSER_ITERATIONS (Chromium runs, default 40; 5 runs of each pdfkit contender per Chromium run),
 * BENCH_PDF_ITERATIONS (pdfkit runs when Chromium is skipped, default 200),
 * BENCH_PDF_SKIP_BROWSER=1 to leave out Chromium. Figures also go to test-artifacts/bench-pdf.json.
 *
 * The same invoice is also rendered with a 600×200 business logo, opaque (RGB PNG) and with transparency (RGBA
 * PNG), to show what a logo adds per document.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import PDFDocument from 'pdfkit';
import { type DrawnText, PdfkitInvoiceRenderer } from '../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { formatCalendarDate, formatMoney } from '../src/domain/locale-format.ts';
import type { DocumentPdfInput } from '../src/ports.ts';
import { invoicePresentation } from '../src/services/invoices/invoice-presentation.ts';
import { type InvoiceView, toInvoiceView } from '../src/services/invoices/invoice-view.ts';
import type { InvoiceRecord } from '../src/services/invoices/load-invoice.ts';
import { makePng, makeRgbaPng } from '../test/pdf/pdf-tools.ts';

const ITERATIONS = Number(process.env.BENCH_PDF_ITERATIONS ?? 200);
/** Chromium runs (rounds); each round also runs each pdfkit contender 5 times. */
const BROWSER_ITERATIONS = Number(process.env.BENCH_PDF_BROWSER_ITERATIONS ?? 40);
const RESULTS_FILE = new URL('../test-artifacts/bench-pdf.json', import.meta.url);

/** A 10-line invoice as stored, turned into the view by the totals engine like every real render. */
export function sampleInput(): DocumentPdfInput & { document: InvoiceView } {
  const now = new Date('2026-11-25T10:00:00Z');
  const record: InvoiceRecord = {
    invoice: {
      id: '3f1c2b4a-0000-4000-8000-000000000001',
      number: 'INV-2026-0042',
      status: 'sent',
      client_id: '3f1c2b4a-0000-4000-8000-000000000002',
      project_id: null,
      currency: 'USD',
      issue_date: '2026-11-25',
      due_date: '2026-12-25',
      payment_terms: 'net_30',
      discount_kind: 'percent',
      discount_value: '5',
      taxes: [{ taxRateId: null, name: 'Sales tax', rate: '8.875', inclusive: false, compound: false }],
      notes: 'Thank you for your business.',
      terms: 'Payment due within 30 days.',
      tax_rounding: 'per_document',
      invoice_discount_mode: 'before_tax',
      total_minor: 0n,
      amount_paid_minor: 0n,
      sent_at: now,
      voided_at: null,
      void_reason: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    } as InvoiceRecord['invoice'],
    lines: Array.from({ length: 10 }, (_, index) => ({
      id: `line-${index}`,
      invoice_id: '3f1c2b4a-0000-4000-8000-000000000001',
      position: index,
      description: `Consulting services, work package ${index + 1}: analysis, implementation and review`,
      quantity: String(index + 1),
      unit_price: `${120 + index * 15}.50`,
      discount_kind: null,
      discount_value: null,
      taxes: [],
      unit: null,
      item_id: null,
      item_code: '',
    })),
    client: {
      id: '3f1c2b4a-0000-4000-8000-000000000002',
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
    },
    project: null,
    timeZone: 'UTC',
  };
  const invoice = toInvoiceView(record, now);
  return {
    document: invoice,
    presentation: invoicePresentation(invoice, { language: 'en', locale: 'en-US' }, {}),
    locale: 'en-US',
    business: {
      name: 'Northwind Studio LLC',
      addressLines: ['500 Market Street', '94105 San Francisco, CA', 'United States'],
      email: 'billing@northwind.example',
      phone: '+1 415 555 0100',
      website: 'northwind.example',
      taxId: 'US 12-3456789',
    },
    client: {
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      addressLines: ['12 Byron Road', 'London', 'United Kingdom'],
      email: 'ada@engines.example',
      taxId: '',
    },
    branding: {
      accentColor: '#1f4e79',
      paymentTermsText: 'Late payments accrue 1.5% interest per month.',
      paymentInstructions: 'ACH routing 021000021, account 1234567890',
      footer: 'Northwind Studio LLC · northwind.example',
    },
    logo: null,
  };
}

/** A 600×200 logo: a gradient band with stripes; with `transparent`, the alpha fades from left to right. */
function sampleLogoInput(transparent: boolean): DocumentPdfInput & { document: InvoiceView } {
  const colour = (x: number, y: number): [number, number, number] =>
    (x + y) % 40 < 24 ? [31, 78, Math.round((x * 255) / 599)] : [255, Math.round((y * 255) / 199), 255];
  const image = transparent
    ? makeRgbaPng(600, 200, (x, y) => [...colour(x, y), Math.round((x * 255) / 599)])
    : makePng(600, 200, colour);
  return { ...sampleInput(), logo: { image, mimeType: 'image/png', width: 600, height: 200 } };
}

/** The texts the invoice shows, in reading order: the same words for all three contenders. */
export function invoiceTexts(input: DocumentPdfInput & { document: InvoiceView }) {
  const { document: invoice, locale } = input;
  const money = (amount: string) => formatMoney(amount, invoice.currency, locale, 2);
  return {
    header: [
      input.business.name,
      ...input.business.addressLines,
      input.business.email,
      input.business.phone,
      'INVOICE',
      `Invoice number ${invoice.number}`,
      `Issue date ${formatCalendarDate(invoice.issueDate, locale)}`,
      `Due date ${formatCalendarDate(invoice.dueDate, locale)}`,
      'BILL TO',
      input.client.company,
      input.client.name,
      ...input.client.addressLines,
    ],
    rows: invoice.lines.map((line) => [
      line.description,
      line.quantity,
      money(line.unitPrice),
      money(line.amount),
    ]),
    totals: [
      ['Subtotal', money(invoice.totals.subtotal)],
      ['Discount (5%)', money(`-${invoice.totals.invoiceDiscount}`)],
      ...invoice.totals.taxes.map((tax) => [`${tax.name} ${tax.rate}%`, money(tax.amount)]),
      ['Total', money(invoice.totals.total)],
      ['Amount paid', money(invoice.totals.amountPaid)],
      ['Balance due', money(invoice.totals.balanceDue)],
    ],
    trailer: [
      invoice.notes,
      invoice.terms,
      input.branding.paymentInstructions,
      input.branding.footer,
      'Page 1 of 1',
    ],
  };
}

/**
 * Baseline (b): pdfkit drawing exactly the text runs Remit's document draws (same strings, fonts and sizes), each at
 * a fixed point: no measuring, wrapping, pagination, shapes or images. What is left is pdfkit's own cost.
 */
export function barePdfkit(renderer: PdfkitInvoiceRenderer, runs: DrawnText[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  for (const [key, font] of Object.entries(renderer.fonts().fonts)) {
    doc.registerFont(key, font as unknown as Buffer);
  }
  runs.forEach((run, index) => {
    const x = 40 + Math.floor(index / 70) * 180;
    const y = 40 + (index % 70) * 11;
    doc.font(run.font).fontSize(run.size).text(run.text, x, y, { lineBreak: false });
  });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** Baseline (a)'s input: an ordinary HTML invoice template with the same content. */
function invoiceHtml(texts: ReturnType<typeof invoiceTexts>): string {
  const rows = texts.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${i ? ' class="n"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  const totals = texts.totals
    .map(
      ([label, amount]) => `<tr><td>${escapeHtml(label!)}</td><td class="n">${escapeHtml(amount!)}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font-family: 'DejaVu Sans', sans-serif; font-size: 9pt; color: #1d2330; margin: 0; }
    h1 { color: #1f4e79; text-align: right; } table { width: 100%; border-collapse: collapse; }
    th { background: #1f4e79; color: #fff; text-align: left; padding: 4pt; } td { padding: 4pt; border-bottom: 1px solid #dfe3e8; }
    .n { text-align: right; } .totals { width: 45%; margin-left: auto; } footer { color: #6b7280; font-size: 7.5pt; }
  </style></head><body>
    <h1>INVOICE</h1>${texts.header.map((text) => `<div>${escapeHtml(text)}</div>`).join('')}
    <table><thead><tr><th>Description</th><th class="n">Qty</th><th class="n">Unit price</th><th class="n">Amount</th></tr></thead>
    <tbody>${rows}</tbody></table><table class="totals">${totals}</table>
    ${texts.trailer.map((text) => `<p>${escapeHtml(text)}</p>`).join('')}
  </body></html>`;
}

interface Contender {
  label: string;
  /** Runs per round: the cheap contenders run several times for each Chromium run. */
  perRound: number;
  work: () => Promise<unknown>;
  times: number[];
  /** CPU time of this process per run (user + system): unaffected by other processes competing for the cores. */
  cpuTimes: number[];
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

/**
 * Runs the contenders in rounds (A×5, B×5, C×1, A×5, ...), so a change in the machine's load during the run touches
 * all of them alike, which measuring one after the other would not.
 */
async function measureInRounds(rounds: number, contenders: Contender[]): Promise<void> {
  for (const contender of contenders) for (let i = 0; i < 5; i++) await contender.work(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      for (let i = 0; i < contender.perRound; i++) {
        const cpu = process.cpuUsage();
        const started = performance.now();
        await contender.work();
        contender.times.push(performance.now() - started);
        const used = process.cpuUsage(cpu);
        contender.cpuTimes.push((used.user + used.system) / 1000);
      }
    }
  }
  for (const contender of contenders) {
    process.stderr.write(
      `${contender.label}: median ${median(contender.times).toFixed(2)} ms over ${contender.times.length} runs\n`,
    );
  }
}

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

async function main() {
  const renderer = new PdfkitInvoiceRenderer();
  renderer.fonts(); // parsed once per process, as in the server
  const input = sampleInput();
  const texts = invoiceTexts(input);
  const html = invoiceHtml(texts);
  const runs = await renderer.drawnText(input);
  const skipBrowser = process.env.BENCH_PDF_SKIP_BROWSER === '1';
  const browser = skipBrowser ? null : await launchChromium();
  try {
    const page = browser ? await browser.newPage() : null;
    const ours: Contender = {
      label: 'Remit renderer',
      perRound: 5,
      work: () => renderer.renderDocument(input),
      times: [],
      cpuTimes: [],
    };
    const withLogo = (label: string, transparent: boolean): Contender => {
      const logoInput = sampleLogoInput(transparent);
      return { label, perRound: 5, work: () => renderer.renderDocument(logoInput), times: [], cpuTimes: [] };
    };
    const rgbLogo = withLogo('Remit renderer, RGB logo', false);
    const rgbaLogo = withLogo('Remit renderer, RGBA logo', true);
    const bare: Contender = {
      label: '(b) bare pdfkit',
      perRound: 5,
      work: () => barePdfkit(renderer, runs),
      times: [],
      cpuTimes: [],
    };
    const chromium: Contender = {
      label: '(a) headless Chromium page.pdf()',
      perRound: 1,
      work: async () => {
        await page!.setContent(html);
        return page!.pdf({ format: 'A4', printBackground: true });
      },
      times: [],
      cpuTimes: [],
    };
    const rounds = skipBrowser ? Math.ceil(ITERATIONS / 5) : BROWSER_ITERATIONS;
    const pdfkitOnly = [ours, rgbLogo, rgbaLogo, bare];
    await measureInRounds(rounds, page ? [...pdfkitOnly, chromium] : pdfkitOnly);

    const oursMs = median(ours.times);
    const bareMs = median(bare.times);
    const browserMs = page ? median(chromium.times) : null;
    const vsBrowser = browserMs === null ? null : browserMs / oursMs;
    const vsBare = oursMs / bareMs;
    const oursCpuMs = median(ours.cpuTimes);
    const bareCpuMs = median(bare.cpuTimes);
    const logoCpuMs = (contender: Contender) => {
      const added = median(contender.cpuTimes) - oursCpuMs;
      return `${median(contender.cpuTimes).toFixed(2)} ms (${added >= 0 ? '+' : ''}${added.toFixed(2)})`;
    };
    const lines = [
      `PDF of a 10-line invoice (median ms per document, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version})`,
      `  Remit renderer (pdfkit, layout, embedded DejaVu subset): ${oursMs.toFixed(2)} ms`,
      `  (a) headless Chromium, warm page, page.pdf():            ${browserMs === null ? 'skipped' : `${browserMs.toFixed(2)} ms`}`,
      `  (b) bare pdfkit, same text and fonts, no layout:          ${bareMs.toFixed(2)} ms`,
      `  ratio (a)/Remit: ${vsBrowser === null ? 'n/a' : `${vsBrowser.toFixed(1)}x faster than Chromium`} (target >= 20x)`,
      `  ratio Remit/(b): ${vsBare.toFixed(2)}x the bare pdfkit time (target <= 1.5x)`,
      `  CPU time of this process (median ms; Chromium works in other processes): Remit ${oursCpuMs.toFixed(2)}, ` +
        `(b) ${bareCpuMs.toFixed(2)}, ratio ${(oursCpuMs / bareCpuMs).toFixed(2)}x`,
      `  with a 600x200 logo, CPU median: RGB PNG ${logoCpuMs(rgbLogo)}, RGBA PNG ${logoCpuMs(rgbaLogo)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await mkdir(new URL('.', RESULTS_FILE), { recursive: true });
    await writeFile(
      RESULTS_FILE,
      `${JSON.stringify({ oursMs, chromiumMs: browserMs, barePdfkitMs: bareMs, vsChromium: vsBrowser, vsBare, oursCpuMs, bareCpuMs, rgbLogoCpuMs: median(rgbLogo.cpuTimes), rgbaLogoCpuMs: median(rgbaLogo.cpuTimes) }, null, 2)}\n`,
    );
  } finally {
    await browser?.close();
  }
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main();
