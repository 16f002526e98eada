/**
 * The tax report reconciles to the cent with the documents. Random invoices (lines, quantities, prices, exclusive,
 * inclusive and stacked taxes, invoice discounts, two currencies) are issued through the API, paid in full by random
 * partial payments, and some corrected by credit notes refunded in money. Then:
 * - invoice basis: the report's totals per currency and tax are the sums of the documents' own figures (their
 *   views, from the totals engine), credit notes subtracted;
 * - cash basis: every document being settled, the proportional shares of all payments and refunds add up to exactly
 *   the same figures, whatever the rounding of each share.
 * Each run writes its documents in a year of its own and reports on that year only.
 *
 * Some invoices end otherwise (left part paid, a payment refunded in part or deleted, voided unpaid), and over a
 * random range (starting and ending mid-month) the report read from the tax summary (migration 042) equals the sums
 * computed straight from the documents and payments, both bases, to the cent, rows of zero included: once with the
 * writes' documents still queued (the summary adjusted for them at read time) and once after they are filled.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currencyExponent, formatMinor, parseMoney } from '../../src/domain/currency.ts';
import type { ReportPeriod } from '../../src/domain/reports/periods.ts';
import { sortedTaxSums } from '../../src/domain/reports/tax-sums.ts';
import { fillTaxSummary } from '../../src/services/reports/fill-tax-summary.ts';
import { documentTaxSums, type TaxBasis } from '../../src/services/reports/get-tax-report.ts';
import { summaryTaxSums } from '../../src/services/reports/tax-summary-figures.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let clientId: string;
let year = 2000;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Random Docs Ltd', currency: 'USD' });
  clientId = client.body.id;
});

afterAll(async () => {
  await t?.close();
});

const TAX_SETS = [
  [],
  [{ name: 'VAT', rate: '20' }],
  [{ name: 'VAT', rate: '5.5' }],
  [
    { name: 'GST', rate: '5' },
    { name: 'QST', rate: '9.975' },
  ],
  [{ name: 'MwSt', rate: '19', inclusive: true }],
];

const line = fc.record({
  quantity: fc.constantFrom('1', '2.5', '3', '0.333', '12'),
  unitPrice: fc.constantFrom('19.99', '100', '0.07', '1234.56', '3.33'),
  taxes: fc.constantFrom(...TAX_SETS),
});

const document = fc.record({
  currency: fc.constantFrom('USD', 'JPY'),
  lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  discount: fc.option(fc.constantFrom('5', '10', '12.5'), { nil: undefined }),
  month: fc.integer({ min: 1, max: 6 }),
  cuts: fc.array(fc.integer({ min: 1, max: 99 }), { maxLength: 2 }),
  credit: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  ending: fc.constantFrom('settled', 'settled', 'partial', 'refunded', 'deleted', 'void'),
});

const range = fc.record({
  from: fc.record({ month: fc.integer({ min: 1, max: 7 }), day: fc.integer({ min: 1, max: 28 }) }),
  to: fc.record({ month: fc.integer({ min: 7, max: 12 }), day: fc.integer({ min: 1, max: 28 }) }),
});

type Figures = Map<string, [bigint, bigint]>;

function addFigures(figures: Figures, currency: string, taxes: any[], sign: 1n | -1n) {
  const exponent = currencyExponent(currency);
  for (const tax of taxes) {
    const key = JSON.stringify([currency, tax.name, tax.rate, tax.inclusive, tax.compound]);
    const sum = figures.get(key) ?? [0n, 0n];
    sum[0] += sign * parseMoney(tax.taxableBase ?? tax.taxableAmount, exponent, 'taxable');
    sum[1] += sign * parseMoney(tax.amount ?? tax.taxAmount, exponent, 'tax');
    figures.set(key, sum);
  }
}

const nonZero = (figures: Figures) =>
  Object.fromEntries(
    [...figures].filter(([, [a, b]]) => a !== 0n || b !== 0n).map(([k, [a, b]]) => [k, `${a}/${b}`]),
  );

const day = (month: number, dayOfMonth: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;

async function ok(method: 'POST' | 'GET' | 'DELETE', url: string, body?: unknown) {
  const response = await t.call(method, url, body);
  expect(response.status, `${method} ${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

describe('tax report reconciliation', () => {
  it('invoice and cash basis add up to the documents to the cent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(document, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<ReportPeriod>('month', 'quarter', 'year'),
        range,
        async (documents, period, someRange) => {
          year += 1;
          const expected: Figures = new Map();
          // Issued and paid first, then the summary filled, then the endings: the report must see through the
          // summary entries those endings made stale.
          const endings: (() => Promise<void>)[] = [];
          for (const doc of documents) {
            const draft = await ok('POST', '/api/v1/invoices', {
              clientId,
              currency: doc.currency,
              issueDate: day(doc.month, 5),
              paymentTerms: 'net_30',
              taxes: [],
              ...(doc.discount ? { discount: { kind: 'percent', value: doc.discount } } : {}),
              lines: doc.lines.map((l, index) => ({ description: `Line ${index}`, ...l })),
            });
            const invoice = await ok('POST', `/api/v1/invoices/${draft.id}/mark-sent`);
            if (doc.ending === 'void') {
              endings.push(async () => {
                await ok('POST', `/api/v1/invoices/${draft.id}/void`, { reason: 'Issued by mistake' });
              });
              continue;
            }
            addFigures(expected, doc.currency, invoice.totals.taxes, 1n);
            const exponent = currencyExponent(doc.currency);
            const total = parseMoney(invoice.totals.total, exponent, 'total');
            if (total <= 0n) continue;
            // Partial payments at random cut points (percent of the total), in later months.
            const points = [...new Set(doc.cuts.map((cut) => (total * BigInt(cut)) / 100n))]
              .filter((point) => point > 0n && point < total)
              .sort((a, b) => (a < b ? -1 : 1));
            let paid = 0n;
            const paymentIds: string[] = [];
            const amounts = doc.ending === 'partial' ? points : [...points, total];
            for (const [index, point] of amounts.entries()) {
              const payment = await ok('POST', `/api/v1/invoices/${draft.id}/payments`, {
                amount: formatMinor(point - paid, exponent),
                method: 'bank_transfer',
                paidOn: day(7 + index, 10),
              });
              paymentIds.push(payment.payment?.id ?? payment.id);
              paid = point;
            }
            if (doc.ending === 'refunded') {
              const last = total - (points[points.length - 1] ?? 0n);
              const amount = (last * BigInt(doc.credit ?? 50)) / 100n;
              if (amount > 0n)
                endings.push(async () => {
                  await ok('POST', `/api/v1/invoices/${draft.id}/payments/${paymentIds.at(-1)}/refund`, {
                    amount: formatMinor(amount, exponent),
                    refundedOn: day(12, 3),
                  });
                });
            }
            if (doc.ending === 'deleted')
              endings.push(async () => {
                await ok('DELETE', `/api/v1/invoices/${draft.id}/payments/${paymentIds[0]}`);
              });
            if (doc.ending !== 'settled' || doc.credit === undefined) continue;
            const amount = (total * BigInt(doc.credit)) / 100n;
            if (amount <= 0n) continue;
            endings.push(async () => {
              const note = await ok('POST', `/api/v1/invoices/${draft.id}/credit-notes`, {
                mode: 'amount',
                amount: formatMinor(amount, exponent),
                reason: 'Correction',
                issueDate: day(10, 15),
              });
              const issued = await ok('POST', `/api/v1/credit-notes/${note.id}/issue`);
              addFigures(expected, doc.currency, issued.totals.taxes, -1n);
              await ok('POST', `/api/v1/credit-notes/${note.id}/refunds`, {
                method: 'bank_transfer',
                date: day(11, 20),
              });
            });
          }
          await documentTaxSums(t.deps.db, { from: day(1, 1), to: day(12, 31), period, basis: 'invoice' });
          await fillTaxSummary(t.deps.db);
          for (const ending of endings) await ending();
          const bases: TaxBasis[] = ['invoice', 'cash'];
          const wholeYear = { from: day(1, 1), to: day(12, 31), period };
          const part = {
            from: day(someRange.from.month, someRange.from.day),
            to: day(someRange.to.month, someRange.to.day),
            period,
          };
          // Straight from the documents (this also computes the documents' figures per tax the summary needs).
          const straight = new Map<string, unknown>();
          for (const basis of bases) {
            for (const [name, query] of Object.entries({ wholeYear, part })) {
              const sums = sortedTaxSums(await documentTaxSums(t.deps.db, { ...query, basis }));
              straight.set(`${basis} ${name}`, sums);
              const queued = await summaryTaxSums(t.deps.db, { ...query, basis }, { fillFirst: false });
              expect(queued && sortedTaxSums(queued), `${basis} ${name}, documents queued`).toEqual(sums);
            }
          }
          for (const basis of bases) {
            const report = await ok(
              'GET',
              `/api/v1/reports/tax?from=${day(1, 1)}&to=${day(12, 31)}&period=${period}&basis=${basis}`,
            );
            const reported: Figures = new Map();
            for (const total of report.totals) addFigures(reported, total.currency, [total], 1n);
            if (basis === 'invoice' || documents.every((doc) => doc.ending === 'settled'))
              expect(nonZero(reported), basis).toEqual(nonZero(expected));
            const fromRows: Figures = new Map();
            for (const row of report.rows) addFigures(fromRows, row.currency, [row], 1n);
            expect(nonZero(fromRows), `${basis} rows`).toEqual(nonZero(reported));
            for (const [name, query] of Object.entries({ wholeYear, part })) {
              const filled = await summaryTaxSums(t.deps.db, { ...query, basis });
              expect(filled && sortedTaxSums(filled), `${basis} ${name}`).toEqual(
                straight.get(`${basis} ${name}`),
              );
            }
          }
          expect(await t.deps.db.selectFrom('tax_summary_pending').select('document_id').execute()).toEqual(
            [],
          );
        },
      ),
      { numRuns: 8 },
    );
  });
});
