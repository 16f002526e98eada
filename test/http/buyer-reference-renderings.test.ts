/**
 * The buyer reference (BT-10) is the same in every rendering of an invoice: an invoice without its own prints its
 * client's default, the one its e-invoice carries, on the PDF (poppler's text), in the staff and portal views (the
 * description the web app builds from them) and in the email; an invoice with its own prints that one. The UBL and
 * CII files carry the same value. A credit note prints the value of the invoice it credits, as its e-invoice carries
 * it. Through the API of a real server on the embedded database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describePresentedDocument } from '../../src/domain/document-description.ts';
import { presentCreditNote, presentInvoice } from '../../src/domain/document-presentation.ts';
import { translator } from '../../src/i18n/messages.ts';
import { pdfText } from '../pdf/pdf-tools.ts';
import {
  activateContact,
  type Browser,
  createParty,
  type PortalHarness,
  startPortalHarness,
  takeEmail,
} from '../support/portal-harness.ts';

const CLIENT_DEFAULT = '04011000-12345-03';
const OWN = 'Einkauf Abt. 7';

let h: PortalHarness;
let portal: Browser;
let client = { clientId: '', contacts: [] as { id: string; email: string }[] };
let vat = '';

async function staff(method: string, path: string, body?: unknown) {
  const response = await h.staff(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A draft for the client, with its own buyer reference when given. */
async function draft(buyerReference?: string): Promise<string> {
  const created = await staff('POST', '/api/v1/invoices', {
    clientId: client.clientId,
    ...(buyerReference ? { buyerReference } : {}),
    issueDate: '2026-11-20',
    paymentTerms: 'net_30',
    lines: [{ description: 'Consulting', quantity: '8', unitPrice: '120.00', taxes: [{ taxRateId: vat }] }],
  });
  return created.id;
}

/**
 * The buyer reference row the web app prints beside the title, from an API view with its parties (an invoice's, or
 * a credit note's as CreditNoteDocument presents it).
 */
function printedReference(view: any, kind: 'invoice' | 'creditNote' = 'invoice'): string | undefined {
  const t = translator(view.parties.language, 'documents');
  const presentation =
    kind === 'invoice'
      ? presentInvoice(view, t, view.parties.buyer)
      : presentCreditNote(view, t, view.parties.locale, view.parties.buyer);
  const description = describePresentedDocument(view, presentation, view.parties, t);
  return description.meta.find(([label]) => label === t('meta.buyerReference'))?.[1];
}

async function pdfOf(path: string, browser?: Browser): Promise<string> {
  const response = browser
    ? await fetch(`${h.baseUrl}${path}`, {
        headers: { cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
      })
    : await fetch(`${h.baseUrl}${path}`, { headers: { authorization: `Bearer ${h.adminToken}` } });
  expect(response.status).toBe(200);
  return pdfText(Buffer.from(await response.arrayBuffer()));
}

async function einvoice(id: string, format: 'ubl' | 'cii', path = 'invoices'): Promise<string> {
  const response = await h.staff('GET', `/api/v1/${path}/${id}/e-invoice?format=${format}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return String(response.body);
}

/** Every rendering of the invoice prints `expected` as its buyer reference, as its UBL and CII carry it. */
async function expectEverywhere(id: string, expected: string, others: string[]) {
  const staffView = await staff('GET', `/api/v1/invoices/${id}`);
  expect(printedReference(staffView)).toBe(expected);

  const issued = staffView.status !== 'draft';
  if (issued) {
    const portalView = await portal.get(`/api/portal/v1/invoices/${id}`);
    expect(portalView.status).toBe(200);
    expect(printedReference(portalView.body)).toBe(expected);
    const portalPdf = await pdfOf(`/api/portal/v1/invoices/${id}/pdf`, portal);
    expect(portalPdf).toContain(`Buyer reference ${expected}`);
    expect(await einvoice(id, 'ubl')).toContain(`<cbc:BuyerReference>${expected}</cbc:BuyerReference>`);
    expect(await einvoice(id, 'cii')).toContain(`<ram:BuyerReference>${expected}</ram:BuyerReference>`);
  }

  const pdf = await pdfOf(`/api/v1/invoices/${id}/pdf`);
  expect(pdf).toContain(`Buyer reference ${expected}`);
  for (const other of others) expect(pdf).not.toContain(other);
}

beforeAll(async () => {
  h = await startPortalHarness();
  await staff('PATCH', '/api/v1/settings', {
    businessName: 'Muster Beratung',
    locale: 'en-GB',
    address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
    defaultCurrency: 'EUR',
    einvoicing: {
      legalName: 'Muster Beratung GmbH',
      vatId: 'DE123456789',
      electronicAddress: { id: 'DE123456789', scheme: '9930' },
      contact: { name: 'Erika Muster', phone: '+49 30 1234567', email: 'erika@muster.example' },
      paymentMeans: { code: '58', iban: 'DE89 3704 0044 0532 0130 00' },
    },
  });
  vat = (await staff('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '19', vatCategory: 'S' })).id;
  client = await createParty(h, 'City of Musterhausen', [
    { name: 'Treasury', email: 'treasury@city.example' },
  ]);
  await staff('PATCH', `/api/v1/clients/${client.clientId}`, {
    language: 'en',
    address: { line1: 'Rathausplatz 1', city: 'Musterhausen', postalCode: '12345', countryCode: 'DE' },
    vatId: 'DE987654321',
    electronicAddress: { id: CLIENT_DEFAULT, scheme: '0204' },
    buyerReference: CLIENT_DEFAULT,
  });
  portal = await activateContact(h, client.contacts[0]!);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("an invoice's buyer reference, the same in every rendering", () => {
  it("a draft without its own prints its client's current default", async () => {
    const id = await draft();
    expect((await staff('GET', `/api/v1/invoices/${id}`)).buyerReference).toBe('');
    await expectEverywhere(id, CLIENT_DEFAULT, []);
  });

  it("an issued invoice without its own prints the client's default everywhere, the email too", async () => {
    const id = await draft();
    await staff('POST', `/api/v1/invoices/${id}/send`, {});
    const email = await takeEmail(h, 'invoice', client.contacts[0]!.email);
    expect(email?.text).toMatch(new RegExp(`Buyer reference:?\\s+${CLIENT_DEFAULT}`));
    expect(email?.html).toContain(CLIENT_DEFAULT);
    await expectEverywhere(id, CLIENT_DEFAULT, []);
  });

  it("an invoice's own reference overrides the client's default everywhere", async () => {
    const id = await draft(OWN);
    await staff('POST', `/api/v1/invoices/${id}/send`, {});
    const email = await takeEmail(h, 'invoice', client.contacts[0]!.email);
    expect(email?.text).toMatch(new RegExp(`Buyer reference:?\\s+${OWN}`));
    expect(email?.text).not.toContain(CLIENT_DEFAULT);
    await expectEverywhere(id, OWN, [CLIENT_DEFAULT]);
  });

  it("a change of the client's default reaches the views of an issued invoice, as it reaches its e-invoice", async () => {
    const id = await draft();
    await staff('POST', `/api/v1/invoices/${id}/mark-sent`);
    // Read once, so the staff view is cached with the parties of the time.
    await expectEverywhere(id, CLIENT_DEFAULT, []);
    await staff('PATCH', `/api/v1/clients/${client.clientId}`, { buyerReference: 'PO-2026-99' });
    await expectEverywhere(id, 'PO-2026-99', [CLIENT_DEFAULT]);
    await staff('PATCH', `/api/v1/clients/${client.clientId}`, { buyerReference: CLIENT_DEFAULT });
  });
});

/** A full credit note of an issued invoice (with its own buyer reference when given), emailed: which issues it. */
async function sentCreditNote(ownOfInvoice?: string): Promise<string> {
  const invoiceId = await draft(ownOfInvoice);
  await staff('POST', `/api/v1/invoices/${invoiceId}/mark-sent`);
  const note = await staff('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, {
    reason: 'Order cancelled',
  });
  await staff('POST', `/api/v1/credit-notes/${note.id}/send`, {});
  return note.id;
}

/** Every rendering of the credit note prints `expected` as its buyer reference, as its UBL and CII carry it. */
async function expectEverywhereOnCreditNote(id: string, expected: string, others: string[]) {
  const staffView = await staff('GET', `/api/v1/credit-notes/${id}`);
  expect(printedReference(staffView, 'creditNote')).toBe(expected);
  const portalView = await portal.get(`/api/portal/v1/credit-notes/${id}`);
  expect(portalView.status).toBe(200);
  expect(printedReference(portalView.body, 'creditNote')).toBe(expected);

  for (const pdf of [
    await pdfOf(`/api/v1/credit-notes/${id}/pdf`),
    await pdfOf(`/api/portal/v1/credit-notes/${id}/pdf`, portal),
  ]) {
    expect(pdf).toContain('Credit note');
    expect(pdf).toContain(`Buyer reference ${expected}`);
    for (const other of others) expect(pdf).not.toContain(other);
  }
  expect(await einvoice(id, 'ubl', 'credit-notes')).toContain(
    `<cbc:BuyerReference>${expected}</cbc:BuyerReference>`,
  );
  expect(await einvoice(id, 'cii', 'credit-notes')).toContain(
    `<ram:BuyerReference>${expected}</ram:BuyerReference>`,
  );
}

describe("a credit note's buyer reference, the credited invoice's, the same in every rendering", () => {
  it("a credit note of an invoice without its own prints the client's default, the email too", async () => {
    const id = await sentCreditNote();
    const view = await staff('GET', `/api/v1/credit-notes/${id}`);
    expect(view.invoice.buyerReference).toBe('');
    const email = await takeEmail(h, 'credit_note', client.contacts[0]!.email);
    expect(email?.text).toMatch(new RegExp(`Buyer reference:?\\s+${CLIENT_DEFAULT}`));
    expect(email?.html).toContain(CLIENT_DEFAULT);
    await expectEverywhereOnCreditNote(id, CLIENT_DEFAULT, []);
  });

  it("a credit note of an invoice with its own prints the invoice's, not the client's default", async () => {
    const id = await sentCreditNote(OWN);
    expect((await staff('GET', `/api/v1/credit-notes/${id}`)).invoice.buyerReference).toBe(OWN);
    const email = await takeEmail(h, 'credit_note', client.contacts[0]!.email);
    expect(email?.text).toMatch(new RegExp(`Buyer reference:?\\s+${OWN}`));
    expect(email?.text).not.toContain(CLIENT_DEFAULT);
    await expectEverywhereOnCreditNote(id, OWN, [CLIENT_DEFAULT]);
  });
});
