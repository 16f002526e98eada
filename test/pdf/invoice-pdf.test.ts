import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { currencyExponent } from '../../src/domain/currency.ts';
import { formatCalendarDate, formatMoney } from '../../src/domain/locale-format.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  foldSpaces,
  pdfImages,
  pdfPageCount,
  pdfText,
  qpdfCheck,
  renderFirstPage,
  sampleLogo,
} from './pdf-tools.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await mkdir(path.resolve('test-artifacts'), { recursive: true });
});

afterAll(async () => {
  await t.close();
});

async function configure(settings: Record<string, unknown>) {
  const response = await t.call('PATCH', '/api/v1/settings', settings);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

async function createClient(body: Record<string, unknown>): Promise<string> {
  const response = await t.call('POST', '/api/v1/clients', body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

/** Creates an invoice, issues it unless `draft`, and returns its API view (the totals engine's figures). */
async function createInvoice(body: Record<string, unknown>, options: { draft?: boolean } = {}) {
  const created = await t.call('POST', '/api/v1/invoices', { issueDate: '2026-11-25', ...body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  if (options.draft) return created.body;
  const sent = await t.call('POST', `/api/v1/invoices/${created.body.id}/mark-sent`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body;
}

async function downloadPdf(id: string, token: string | null = t.adminToken) {
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${id}/pdf`,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
}

/** Every amount of the view, formatted as the PDF must show it. */
function expectedFigures(view: any, locale: string): string[] {
  const exponent = currencyExponent(view.currency);
  const money = (amount: string) => foldSpaces(formatMoney(amount, view.currency, locale, exponent));
  const totals = view.totals;
  const figures = [totals.subtotal, totals.total, totals.amountPaid, totals.balanceDue].map(money);
  for (const tax of totals.taxes) figures.push(money(tax.amount));
  if (!/^0(\.0+)?$/.test(totals.invoiceDiscount)) {
    figures.push(money(`-${totals.invoiceDiscount}`));
  }
  for (const line of view.lines) figures.push(money(line.amountAfterDiscount), money(line.unitPrice));
  return figures;
}

function normalized(text: string): string {
  return foldSpaces(text.normalize('NFKC'));
}

describe('invoice PDF', () => {
  it('shows the number, names, dates and every figure in USD for en-US, and passes qpdf --check', async () => {
    await configure({
      businessName: 'Northwind Studio LLC',
      address: {
        line1: '500 Market Street',
        city: 'San Francisco',
        region: 'CA',
        postalCode: '94105',
        country: 'USA',
      },
      email: 'billing@northwind.example',
      locale: 'en-US',
      defaultCurrency: 'USD',
      paymentInstructions: 'Bank: First Example Bank, ACH routing 021000021, account 1234567890',
      paymentTermsText: 'Late payments accrue 1.5% interest per month.',
      footer: 'Northwind Studio LLC · Thank you for your business',
    });
    const clientId = await createClient({
      name: 'Ada Lovelace',
      company: 'Analytical Engines Ltd',
      email: 'ada@engines.example',
      address: { line1: '12 Byron Road' },
    });
    const view = await createInvoice({
      clientId,
      currency: 'USD',
      lines: [
        {
          description: 'Website redesign: discovery, wireframes, visual design and build',
          quantity: '1',
          unitPrice: '1200.00',
        },
        {
          description: 'Hosting (12 months)',
          quantity: '12',
          unitPrice: '25.50',
          discount: { kind: 'percent', value: '10' },
        },
      ],
      discount: { kind: 'fixed', value: '50' },
      taxes: [{ name: 'Sales tax', rate: '8.875' }],
      notes: 'Thanks for choosing Northwind.',
    });
    const pdf = await downloadPdf(view.id);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`filename="${view.number}.pdf"`);
    expect(await qpdfCheck(pdf.bytes)).toMatch(/No syntax or stream encoding errors found/);

    const text = await pdfText(pdf.bytes);
    expect(text).toContain(view.number);
    for (const name of [
      'Northwind Studio LLC',
      'Analytical Engines Ltd',
      'Ada Lovelace',
      'Hosting (12 months)',
      'Sales tax 8.875%',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('Nov 25, 2026');
    expect(text).toContain(formatCalendarDate(view.dueDate, 'en-US'));
    expect(text).toContain('$1,506.00'); // subtotal: 1200.00 + 12 × 25.50
    expect(text).toContain('$1,200.00');
    expect(text).toContain('-$30.60'); // 10 % off the hosting line
    for (const figure of expectedFigures(view, 'en-US')) expect(text).toContain(figure);
    expect(text).toContain('ACH routing 021000021');
    expect(text).toContain('Late payments accrue');
    expect(text).toContain('Page 1 of 1');
  });

  it('formats EUR for de-DE with the locale separators and symbol placement', async () => {
    await configure({ locale: 'de-DE', defaultCurrency: 'EUR', businessName: 'Müller & Söhne GmbH' });
    const clientId = await createClient({ name: 'Jürgen Weiß', address: { city: 'München' } });
    const view = await createInvoice({
      clientId,
      currency: 'EUR',
      lines: [
        { description: 'Beratung', quantity: '10', unitPrice: '95.50' },
        { description: 'Schulung vor Ort', quantity: '1.5', unitPrice: '1200' },
      ],
      taxes: [{ name: 'MwSt.', rate: '19' }],
    });
    const text = await pdfText((await downloadPdf(view.id)).bytes);
    expect(text).toContain('Müller & Söhne GmbH');
    expect(text).toContain('Jürgen Weiß');
    expect(text).toContain('25.11.2026');
    expect(text).toContain('2.755,00 €'); // 955.00 + 1800.00
    expect(text).toContain('1,5'); // quantity with a decimal comma
    expect(text).toContain('MwSt. 19 %');
    for (const figure of expectedFigures(view, 'de-DE')) expect(text).toContain(figure);
  });

  it('prints JPY without decimals for ja-JP and en-US', async () => {
    const clientId = await createClient({ name: 'Kyoto Trading' });
    for (const locale of ['ja-JP', 'en-US']) {
      await configure({ locale, defaultCurrency: 'JPY' });
      const view = await createInvoice({
        clientId,
        currency: 'JPY',
        lines: [{ description: 'Translation', quantity: '3', unitPrice: '12500' }],
        taxes: [{ name: 'Consumption tax', rate: '10' }],
      });
      expect(view.totals.total).toBe('41250');
      const text = normalized(await pdfText((await downloadPdf(view.id)).bytes));
      expect(text).toContain(view.number);
      for (const figure of expectedFigures(view, locale)) expect(text).toContain(figure.normalize('NFKC'));
      expect(text).toContain('¥41,250');
      expect(text).not.toMatch(/41,250\.0/);
    }
  });

  it('prints KWD with three decimals', async () => {
    await configure({ locale: 'en-US', defaultCurrency: 'KWD' });
    const clientId = await createClient({ name: 'Gulf Logistics' });
    const view = await createInvoice({
      clientId,
      currency: 'KWD',
      lines: [
        { description: 'Freight', quantity: '2.5', unitPrice: '100.125' },
        { description: 'Handling', quantity: '1', unitPrice: '0.005' },
      ],
    });
    const text = await pdfText((await downloadPdf(view.id)).bytes);
    expect(view.totals.subtotal).toBe('250.318');
    expect(text).toContain('KWD 250.318');
    expect(text).toContain('KWD 100.125');
    expect(text).toContain('KWD 0.005');
    for (const figure of expectedFigures(view, 'en-US')) expect(text).toContain(figure);
  });

  it('embeds Greek and Cyrillic text with DejaVu', async () => {
    await configure({ locale: 'en-US', defaultCurrency: 'EUR' });
    const clientId = await createClient({ name: 'Αθηνά Παπαδοπούλου', company: 'Ελληνικά Έργα Α.Ε.' });
    const view = await createInvoice({
      clientId,
      currency: 'EUR',
      lines: [
        { description: 'Разработка программного обеспечения для склада', quantity: '1', unitPrice: '500' },
        { description: 'Μετάφραση εγγράφων', quantity: '2', unitPrice: '40' },
      ],
    });
    const text = await pdfText((await downloadPdf(view.id)).bytes);
    for (const words of [
      'Αθηνά Παπαδοπούλου',
      'Ελληνικά Έργα Α.Ε.',
      'Разработка программного обеспечения',
      'Μετάφραση εγγράφων',
    ]) {
      expect(text).toContain(words);
    }
  });

  const cjkFont = pdfkitInvoiceRenderer.fonts().cjkSource;
  it.skipIf(!cjkFont)(
    'renders Chinese and Japanese names and descriptions with the CJK fallback font',
    async () => {
      const clientId = await createClient({
        name: '山田太郎',
        company: '北京软件有限公司',
        address: { city: '東京都渋谷区' },
      });
      const view = await createInvoice({
        clientId,
        currency: 'EUR',
        lines: [
          { description: 'ウェブサイト制作とデザイン (Website)', quantity: '1', unitPrice: '800' },
          { description: '软件开发服务，包括测试和部署', quantity: '1', unitPrice: '1200' },
        ],
      });
      const pdf = (await downloadPdf(view.id)).bytes;
      expect(await qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
      await renderFirstPage(pdf, path.resolve('test-artifacts/invoice-cjk.png'), 60);
      const text = (await pdfText(pdf)).replace(/ /g, '');
      for (const words of [
        '山田太郎',
        '北京软件有限公司',
        '東京都渋谷区',
        'ウェブサイト制作とデザイン',
        '软件开发服务，包括测试和部署',
      ]) {
        expect(text).toContain(words);
      }
    },
  );

  it('lays out 500 lines over numbered pages with the table header on each', async () => {
    await configure({ locale: 'en-US', defaultCurrency: 'USD' });
    const clientId = await createClient({ name: 'Bulk Buyer Inc.' });
    const lines = Array.from({ length: 500 }, (_, index) => ({
      description:
        index % 50 === 7
          ? `Item ${index + 1}: ${'a long description that wraps over several lines of the table '.repeat(4)}`
          : `Item ${index + 1} widget`,
      quantity: String((index % 7) + 1),
      unitPrice: `${(index % 13) + 1}.25`,
    }));
    const view = await createInvoice({ clientId, currency: 'USD', lines });
    const started = performance.now();
    const pdf = (await downloadPdf(view.id)).bytes;
    const elapsed = performance.now() - started;
    expect(await qpdfCheck(pdf)).toMatch(/No syntax or stream encoding errors found/);
    const pages = await pdfPageCount(pdf);
    // About 33 single-line rows fit a page; the ten long descriptions take four lines each.
    expect(pages).toBeGreaterThanOrEqual(15);
    expect(pages).toBeLessThanOrEqual(19);
    for (let page = 1; page <= pages; page++) {
      const text = await pdfText(pdf, { first: page, last: page });
      expect(text).toContain(`Page ${page} of ${pages}`);
      if (page < pages) expect(text).toMatch(/DESCRIPTION.*UNIT PRICE.*AMOUNT/);
    }
    const text = await pdfText(pdf);
    for (const index of [1, 250, 500]) expect(text).toContain(`Item ${index} widget`);
    expect(text).toContain(formatMoney(view.totals.total, 'USD', 'en-US', 2));
    expect(elapsed).toBeLessThan(5000);
  });

  it('stamps paid and void invoices and names drafts "draft"', async () => {
    const clientId = await createClient({ name: 'Stamp Client' });
    const draft = await createInvoice(
      { clientId, lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }] },
      { draft: true },
    );
    const draftPdf = await downloadPdf(draft.id);
    expect(draftPdf.headers['content-disposition']).toContain('filename="draft.pdf"');
    expect(await pdfText(draftPdf.bytes)).toContain('Draft');

    const paid = await createInvoice({
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    // Paid in full: the status and the paid-amount cache change together, as the payment service does.
    await t.deps.db
      .updateTable('invoices')
      .set({ status: 'paid', amount_paid_minor: 1000n })
      .where('id', '=', paid.id)
      .execute();
    const paidPdf = (await downloadPdf(paid.id)).bytes;
    await renderFirstPage(paidPdf, path.resolve('test-artifacts/invoice-paid.png'), 60);
    const paidText = await pdfText(paidPdf);
    expect(paidText).toContain('PAID');
    expect(paidText).toMatch(/Balance due \$0\.00/);

    const voided = await createInvoice({
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect(
      (await t.call('POST', `/api/v1/invoices/${voided.id}/void`, { reason: 'Issued twice' })).status,
    ).toBe(200);
    const voidText = await pdfText((await downloadPdf(voided.id)).bytes);
    expect(voidText).toContain('VOID');
    expect(voidText).toContain('Issued twice');
  });

  it('is for staff only and answers 404 for an unknown invoice', async () => {
    const clientId = await createClient({ name: 'Access Client' });
    const view = await createInvoice({
      clientId,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '10' }],
    });
    expect((await downloadPdf(view.id, null)).status).toBe(401);
    expect((await downloadPdf(view.id, t.financeToken)).status).toBe(200);
    const missing = await downloadPdf('00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });

  it('keeps a sample page 1 as a PNG artifact, with the logo drawn', async () => {
    await configure({
      businessName: 'Northwind Studio LLC',
      address: {
        line1: '500 Market Street',
        line2: 'Suite 210',
        city: 'San Francisco',
        region: 'CA',
        postalCode: '94105',
        country: 'United States',
      },
      email: 'billing@northwind.example',
      phone: '+1 415 555 0100',
      website: 'northwind.example',
      taxId: 'US 12-3456789',
      locale: 'en-US',
      defaultCurrency: 'USD',
      accentColor: '#1F4E79',
      paymentTermsText: 'Payment is due within 30 days. Late payments accrue 1.5% interest per month.',
      paymentInstructions:
        'Bank transfer to First Example Bank · ACH routing 021000021 · Account 1234567890 · Reference: the invoice number',
      footer: 'Northwind Studio LLC · 500 Market Street, San Francisco · northwind.example',
    });
    const upload = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/logo',
      headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'image/png' },
      payload: sampleLogo(),
    });
    expect(upload.statusCode, upload.body).toBe(200);
    const clientId = await createClient({
      name: 'Grace Hopper',
      company: 'Compiler Works Inc.',
      email: 'ap@compilerworks.example',
      address: {
        line1: '1 Navy Yard Plaza',
        city: 'Arlington',
        region: 'VA',
        postalCode: '22202',
        country: 'United States',
      },
      taxId: 'US 98-7654321',
    });
    const project = await t.call('POST', '/api/v1/projects', { clientId, name: 'Website relaunch 2026' });
    expect(project.status).toBe(201);
    const view = await createInvoice({
      clientId,
      projectId: project.body.id,
      currency: 'USD',
      lines: [
        { description: 'Discovery workshop and stakeholder interviews', quantity: '1', unitPrice: '1800' },
        {
          description:
            'UX design: wireframes, prototypes and usability testing with five participants, including the written report and recommendations',
          quantity: '32',
          unitPrice: '125',
        },
        {
          description: 'Front-end development (React), accessibility review',
          quantity: '48.5',
          unitPrice: '135',
          discount: { kind: 'percent', value: '5' },
        },
        { description: 'Hosting and monitoring, November', quantity: '1', unitPrice: '89.99' },
      ],
      discount: { kind: 'percent', value: '2' },
      taxes: [{ name: 'Sales tax', rate: '8.625' }],
      notes: 'Thank you for your business. Questions about this invoice: billing@northwind.example.',
    });
    const pdf = (await downloadPdf(view.id)).bytes;
    const images = await pdfImages(pdf);
    expect(images).toEqual([{ width: 240, height: 80 }]);
    const artifact = path.resolve('test-artifacts/invoice-sample.png');
    await mkdir(path.dirname(artifact), { recursive: true });
    await renderFirstPage(pdf, artifact);
    const text = await pdfText(pdf);
    expect(text).toContain('Website relaunch 2026');
    expect(text).toContain('Compiler Works Inc.');
  });
});
