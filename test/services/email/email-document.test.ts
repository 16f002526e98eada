import { describe, expect, it } from 'vitest';
import { type DescribedDocumentBody, describeDocument } from '../../../src/domain/document-description.ts';
import { translator } from '../../../src/i18n/messages.ts';
import { documentEmailHtml, documentEmailText } from '../../../src/services/email/email-document.ts';

const t = translator('en', 'documents');

const body: DescribedDocumentBody = {
  currency: 'USD',
  project: null,
  lines: [
    {
      description: 'Widgets <b>"bold"</b> & co',
      quantity: '3',
      unit: 'HUR',
      unitPrice: '100.00',
      discount: { kind: 'percent', value: '10' },
      discountAmount: '30.00',
      amountAfterDiscount: '270.00',
      taxes: [{ name: 'VAT', rate: '20' }],
    },
    {
      description: 'A description long enough that it has to wrap onto a second line of the plain text part',
      quantity: '1',
      unit: null,
      unitPrice: '1234.50',
      discount: null,
      discountAmount: '0',
      amountAfterDiscount: '1234.50',
      taxes: [],
    },
  ],
  discount: null,
  totals: {
    subtotal: '1534.50',
    lineDiscountTotal: '30.00',
    invoiceDiscount: '0',
    taxes: [{ name: 'VAT', rate: '20', inclusive: false, amount: '54.00' }],
    total: '1558.50',
  },
  notes: 'Line one\n<script>alert(1)</script>',
  terms: '',
};

const description = describeDocument({
  document: body,
  title: 'Invoice',
  number: 'INV-1',
  meta: [{ label: 'Purchase order', value: 'PO <7>' }],
  partyHeading: 'Bill to',
  afterTotal: [{ label: 'Amount paid', amount: '0' }],
  headline: { label: 'Balance due', amount: '1558.50' },
  seller: { name: 'Acme & Sons', addressLines: ['1 Road'] },
  buyer: { name: 'Client "Q"', addressLines: [] },
  locale: 'en-US',
  t,
});
const columns = {
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  discount: 'Discount',
  amount: 'Amount',
};

describe('the document printed in an email', () => {
  it('escapes every text in the HTML part and keeps its tables readable without style sheets', () => {
    const html = documentEmailHtml({ description, columns }, '#1d3a5f');
    expect(html).not.toMatch(/<script|<b>/);
    expect(html).toContain('Widgets &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; co');
    expect(html).toContain('PO &lt;7&gt;');
    expect(html).toContain('Acme &amp; Sons');
    expect(html).toContain('Line one<br>&lt;script&gt;');
    expect(html).toContain('<th scope="col" align="right"');
    expect(html).toMatch(/<th scope="row"[^>]*>Subtotal<\/th><td align="right"[^>]*>\$1,534\.50<\/td>/);
    expect(html).not.toContain('class=');
  });

  it('lines the plain text figures up on the right', () => {
    const text = documentEmailText({ description, columns });
    const figures = text.split('\n').filter((line) => /\S\s{2,}-?\$[\d,]+\.\d\d$/.test(line));
    expect(figures.length).toBeGreaterThanOrEqual(6);
    expect(new Set(figures.map((line) => line.length)).size).toBe(1);
    expect(text).toContain('    3 hours × $100.00');
    expect(text).toContain('    Discount 10% (-$30.00)');
    expect(text).toMatch(/^A description long enough .+\s+\$1,234\.50$/m);
    expect(text).toMatch(/^Balance due\s+\$1,558\.50$/m);
  });
});
