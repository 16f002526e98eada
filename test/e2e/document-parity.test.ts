import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { renderAnyDocumentPdf } from '../../src/services/documents/render-any-document-pdf.ts';
import { deliverDueEmails } from '../../src/services/email/deliver-due-emails.ts';
import { onPdfFile } from '../pdf/pdf-tools.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import {
  ADMIN,
  type BrowserApp,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { logIn } from './support/checks.ts';
import {
  type DocumentFigures,
  emailHtmlFigures,
  emailTextFigures,
  expectFigures,
  pdfFigures,
  webFigures,
} from './support/document-figures.ts';
import { type StaffApi, staffApi } from './support/staff-api.ts';

const run = promisify(execFile);

/**
 * One document, the same everywhere: each scenario's document is made through the HTTP API, then read back from
 * the staff app's document view in Chromium, from its PDF (poppler's layout text) and from the email the client
 * receives over SMTP (HTML and plain text). Each rendering's figures are read from that rendering alone and must be
 * the scenario's: each line's net and discount, each discount and tax row, total, paid, balance due, the terms and
 * the references. One app, one browser, one SMTP server for every scenario.
 */
let t: BrowserApp;
let smtp: TestSmtpServer;
let browser: TestBrowser;
let api: StaffApi;

interface Scenario {
  name: string;
  kind: 'invoice' | 'quote';
  client: Record<string, unknown>;
  body: Record<string, unknown>;
  /** Recorded after the document is issued, before it is emailed. */
  payment?: string;
  /** The reader's word before a line's discount on the PDF and in the plain text. */
  discountWord: string;
  expected: DocumentFigures;
}

const today = new Date().toISOString().slice(0, 10);

const SCENARIOS: Scenario[] = [
  {
    name: 'a US client: line and invoice discounts, references, a partial payment',
    kind: 'invoice',
    client: { name: 'Dana Reyes', company: 'Reyes Outdoor', currency: 'USD', language: 'en' },
    body: {
      paymentTerms: 'net_30',
      taxes: [{ name: 'Sales tax', rate: '8' }],
      discount: { kind: 'percent', value: '5' },
      buyerReference: 'DEPT-42',
      orderReference: 'PO-7781',
      deliveryDate: '2026-11-30',
      notes: 'Thank you for your business.',
      lines: [
        {
          description: 'Design workshop',
          quantity: '10',
          unit: 'HUR',
          unitPrice: '150.00',
          discount: { kind: 'percent', value: '10' },
        },
        {
          description: 'Hosting',
          quantity: '12',
          unit: 'MON',
          unitPrice: '25.00',
          discount: { kind: 'fixed', value: '20.00' },
        },
      ],
    },
    payment: '500.00',
    discountWord: 'Discount',
    expected: {
      lines: [
        {
          description: 'Design workshop',
          quantity: '10 hours',
          unitPrice: '$150.00',
          discount: '10% (-$150.00)',
          net: '$1,350.00',
        },
        {
          description: 'Hosting',
          quantity: '12 months',
          unitPrice: '$25.00',
          discount: '-$20.00',
          net: '$280.00',
        },
      ],
      totals: [
        ['Subtotal', '$1,800.00'],
        ['Line discounts', '-$170.00'],
        ['Discount (5%)', '-$81.50'],
        ['Sales tax 8%', '$123.88'],
        ['Total', '$1,672.38'],
        ['Amount paid', '$500.00'],
        ['Balance due', '$1,172.38'],
      ],
      meta: [
        ['Terms', 'Net 30 days'],
        ['Buyer reference', 'DEPT-42'],
        ['Purchase order', 'PO-7781'],
        ['Delivery date', 'Nov 30, 2026'],
      ],
      sections: [
        ['NOTES', 'Thank you for your business.'],
        ['PAYMENT TERMS', 'Please pay within 30 days.'],
        ['PAYMENT INSTRUCTIONS', 'Transfer to account 0012 3456.'],
      ],
    },
  },
  {
    name: 'inclusive and compound taxes',
    kind: 'invoice',
    client: { name: 'Northwind Labs', currency: 'USD', language: 'en' },
    body: {
      paymentTerms: 'due_on_receipt',
      taxes: [],
      lines: [
        {
          description: 'Consulting',
          quantity: '1',
          unitPrice: '1200.00',
          taxes: [
            { name: 'GST', rate: '5' },
            { name: 'QST', rate: '10', compound: true },
          ],
        },
        {
          description: 'Licence',
          quantity: '1',
          unitPrice: '120.00',
          taxes: [{ name: 'VAT', rate: '20', inclusive: true }],
        },
      ],
    },
    discountWord: 'Discount',
    expected: {
      lines: [
        { description: 'Consulting', quantity: '1', unitPrice: '$1,200.00', discount: '', net: '$1,200.00' },
        { description: 'Licence', quantity: '1', unitPrice: '$120.00', discount: '', net: '$120.00' },
      ],
      totals: [
        ['Subtotal', '$1,320.00'],
        ['GST 5%', '$60.00'],
        ['QST 10%', '$126.00'],
        ['VAT 20% (included)', '$20.00'],
        ['Total', '$1,506.00'],
        ['Amount paid', '$0.00'],
        ['Balance due', '$1,506.00'],
      ],
      meta: [['Terms', 'Due on receipt']],
      sections: [
        ['PAYMENT TERMS', 'Please pay within 30 days.'],
        ['PAYMENT INSTRUCTIONS', 'Transfer to account 0012 3456.'],
      ],
    },
  },
  {
    name: "a German client: German words, euro amounts as 1.234,56 €, its client's buyer reference, a partial payment",
    kind: 'invoice',
    client: {
      name: 'Jana Müller',
      company: 'Müller Maschinenbau GmbH',
      currency: 'EUR',
      language: 'de',
      address: { line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
      // The invoice has none of its own: the client's default is printed, as the e-invoice carries it.
      buyerReference: '04011000-12345-03',
    },
    body: {
      paymentTerms: 'net_14',
      orderReference: 'BE-2026-118',
      taxes: [{ name: 'MwSt.', rate: '19' }],
      lines: [
        { description: 'Beratung', quantity: '8', unit: 'HUR', unitPrice: '154.32' },
        {
          description: 'Reisekosten',
          quantity: '1',
          unitPrice: '250.00',
          discount: { kind: 'fixed', value: '50.00' },
        },
      ],
    },
    payment: '700.00',
    discountWord: 'Rabatt',
    expected: {
      lines: [
        {
          description: 'Beratung',
          quantity: '8 Stunden',
          unitPrice: '154,32 €',
          discount: '',
          net: '1.234,56 €',
        },
        {
          description: 'Reisekosten',
          quantity: '1',
          unitPrice: '250,00 €',
          discount: '-50,00 €',
          net: '200,00 €',
        },
      ],
      totals: [
        ['Zwischensumme', '1.484,56 €'],
        ['Positionsrabatte', '-50,00 €'],
        ['MwSt. 19 %', '272,57 €'],
        ['Gesamtbetrag', '1.707,13 €'],
        ['Bezahlt', '700,00 €'],
        ['Offener Betrag', '1.007,13 €'],
      ],
      meta: [
        ['Zahlungsziel', '14 Tage netto'],
        ['Käuferreferenz', '04011000-12345-03'],
        ['Bestellnummer', 'BE-2026-118'],
      ],
      sections: [
        ['ZAHLUNGSBEDINGUNGEN', 'Please pay within 30 days.'],
        ['ZAHLUNGSHINWEISE', 'Transfer to account 0012 3456.'],
      ],
    },
  },
  {
    name: 'a quote: its total printed once, as the closing figure',
    kind: 'quote',
    client: { name: 'Reyes Outdoor Quotes', currency: 'USD', language: 'en' },
    body: {
      validUntil: '2027-01-31',
      taxes: [{ name: 'Sales tax', rate: '8' }],
      lines: [{ description: 'Trail map redesign', quantity: '1', unitPrice: '2500.00' }],
    },
    discountWord: 'Discount',
    expected: {
      lines: [
        {
          description: 'Trail map redesign',
          quantity: '1',
          unitPrice: '$2,500.00',
          discount: '',
          net: '$2,500.00',
        },
      ],
      totals: [
        ['Subtotal', '$2,500.00'],
        ['Sales tax 8%', '$200.00'],
        ['Total', '$2,700.00'],
      ],
      meta: [],
      sections: [],
    },
  },
];

/** Makes, issues, pays (as the scenario says) and emails the document; returns its id and the email received. */
async function makeDocument(scenario: Scenario, index: number): Promise<{ id: string; mail: ParsedMail }> {
  const email = `contact${index}@parity.example`;
  const client = await api('POST', '/clients', {
    ...scenario.client,
    contacts: [{ name: 'Pat Contact', email }],
  });
  const path = scenario.kind === 'invoice' ? '/invoices' : '/quotes';
  const draft = await api('POST', path, { clientId: client.id, ...scenario.body });
  if (scenario.kind === 'invoice') {
    await api('POST', `/invoices/${draft.id}/mark-sent`);
    if (scenario.payment) {
      await api('POST', `/invoices/${draft.id}/payments`, {
        amount: scenario.payment,
        paidOn: today,
        method: 'bank_transfer',
      });
    }
  }
  await api('POST', `${path}/${draft.id}/send`, {});
  await deliverDueEmails(t.deps, t.mailer, {
    documentPdf: (document) =>
      renderAnyDocumentPdf({ db: t.deps.db, clock: t.clock, pdfRenderer: pdfkitInvoiceRenderer }, document),
  });
  const mail = smtp.messages.find((message) => message.to && JSON.stringify(message.to).includes(email));
  if (!mail) throw new Error(`no email reached ${email}`);
  return { id: draft.id, mail };
}

async function pdfOf(path: string): Promise<{ layout: string; info: string }> {
  const response = await browser.page.request.get(`${t.baseUrl}/api/v1${path}`);
  expect(response.status()).toBe(200);
  const bytes = await response.body();
  return onPdfFile(bytes, async (file) => ({
    layout: (await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 16 << 20 })).stdout,
    info: (await run('pdfinfo', [file])).stdout,
  }));
}

beforeAll(async () => {
  t = await startBrowserApp();
  smtp = await startSmtpServer();
  api = await staffApi(t, 'document parity test');
  await api('PATCH', '/settings', {
    businessName: 'Solberg Web',
    locale: 'en-US',
    address: {
      line1: '1 Market St',
      city: 'San Francisco',
      region: 'CA',
      postalCode: '94105',
      countryCode: 'US',
    },
    paymentTermsText: 'Please pay within 30 days.',
    paymentInstructions: 'Transfer to account 0012 3456.',
  });
  await api('PUT', '/settings/smtp', {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    fromName: 'Solberg Billing',
    fromAddress: 'billing@solberg.example',
  });
  browser = await launchBrowser();
  await logIn(browser.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await smtp?.close();
  await t?.close();
});

describe('one document, the same on screen, on paper and in the email', () => {
  SCENARIOS.forEach((scenario, index) => {
    it(scenario.name, async () => {
      const { id, mail } = await makeDocument(scenario, index);
      const { expected, discountWord } = scenario;
      const metaLabels = expected.meta.map(([label]) => label);
      const path = scenario.kind === 'invoice' ? `/invoices/${id}` : `/quotes/${id}`;

      const { page } = browser;
      await page.goto(`${t.baseUrl}/app${path}`);
      // The article is named in the reader's language: found by its class, whatever the language.
      const article = page.locator('article.document');
      await article.locator('[data-block="totals"]').waitFor();
      expectFigures('web view', await webFigures(article, metaLabels), expected);

      const pdf = await pdfOf(`${path}/pdf`);
      expect(pdf.info).toMatch(/Page size:\s+612 x 792 pts/);
      expectFigures('PDF', pdfFigures(pdf.layout, expected, discountWord), expected);

      const emailPage = await browser.context.newPage();
      try {
        await emailPage.setContent(String(mail.html), { waitUntil: 'domcontentloaded' });
        const document = emailPage.locator('[data-email-part="document"]');
        expectFigures('email HTML', await emailHtmlFigures(document, metaLabels), expected);
      } finally {
        await emailPage.close();
      }
      expectFigures('email text', emailTextFigures(mail.text ?? '', metaLabels, discountWord), expected);
    });
  });

  it('notices an email that drops the discount line', async () => {
    const { mail } = await makeDocument(SCENARIOS[0]!, 10);
    const { expected, discountWord } = SCENARIOS[0]!;
    const metaLabels = expected.meta.map(([label]) => label);
    const html = String(mail.html).replace(/<tr data-kind="discount">.*?<\/tr>\n?/, '');
    const text = (mail.text ?? '').replace(/^Discount \(5%\).*\n/m, '');
    expect(html).not.toBe(String(mail.html));
    expect(text).not.toBe(mail.text);
    const emailPage = await browser.context.newPage();
    try {
      await emailPage.setContent(html, { waitUntil: 'domcontentloaded' });
      const figures = await emailHtmlFigures(emailPage.locator('[data-email-part="document"]'), metaLabels);
      expect(() => expectFigures('email HTML', figures, expected)).toThrow(/email HTML/);
    } finally {
      await emailPage.close();
    }
    expect(() =>
      expectFigures('email text', emailTextFigures(text, metaLabels, discountWord), expected),
    ).toThrow(/email text/);
  });

  it('shows the document in the send preview too', async () => {
    const client = await api('POST', '/clients', {
      name: 'Preview Client',
      currency: 'USD',
      contacts: [{ name: 'Pat Preview', email: 'preview@parity.example' }],
    });
    const draft = await api('POST', '/invoices', {
      clientId: client.id,
      taxes: [],
      lines: [{ description: 'Preview line', quantity: '2', unitPrice: '40.00' }],
    });
    const preview = await api('POST', `/invoices/${draft.id}/send/preview`, {});
    expect(preview.html).toContain('data-email-part="document"');
    expect(preview.html).toContain('Preview line');
    expect(preview.text).toMatch(/Preview line\s+\$80\.00/);
    expect(preview.text).toMatch(/Balance due\s+\$80\.00/);
  });
});
