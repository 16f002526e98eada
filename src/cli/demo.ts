import { createClient } from '../services/clients/create-client.ts';
import { type ServiceDeps, systemActor } from '../services/context.ts';
import { cancelInvoiceWithCreditNote } from '../services/credit-notes/cancel-invoice.ts';
import { createInvoice } from '../services/invoices/create-invoice.ts';
import { markInvoiceSent } from '../services/invoices/mark-invoice-sent.ts';
import { createProject } from '../services/projects/create-project.ts';
import { createQuote } from '../services/quotes/create-quote.ts';
import { markQuoteSent } from '../services/quotes/mark-quote-sent.ts';
import { updateSettings } from '../services/settings/update-settings.ts';
import { createTaxRate } from '../services/taxes/create-tax-rate.ts';

/** Loads a small, realistic data set: a design studio billing three clients in two currencies. */
export async function loadDemoData(deps: ServiceDeps) {
  const vat = await createTaxRate(deps, { name: 'VAT', rate: '20', isDefault: true });
  const gst = await createTaxRate(deps, { name: 'GST', rate: '5' });
  const qst = await createTaxRate(deps, { name: 'QST', rate: '9.975' });
  await updateSettings(deps, {
    businessName: 'Northwind Studio Ltd',
    addressLine1: '12 Harbour Street',
    city: 'Bristol',
    postalCode: 'BS1 4RN',
    country: 'United Kingdom',
    email: 'billing@northwind.example',
    phone: '+44 117 496 0000',
    taxId: 'GB123456789',
    defaultCurrency: 'GBP',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    defaultPaymentTerms: 'net_30',
    defaultNotes: 'Thank you for your business.',
    defaultTerms: 'Payment by bank transfer within the terms above.',
  });

  const acme = await createClient(deps, {
    name: 'Acme Retail',
    company: 'Acme Retail plc',
    address: { line1: '1 Market Square', city: 'Leeds', postalCode: 'LS1 2AB', country: 'United Kingdom' },
    currency: 'GBP',
    contacts: [
      { name: 'Priya Shah', email: 'priya.shah@acme.example' },
      { name: 'Accounts Payable', email: 'ap@acme.example' },
    ],
  });
  const maple = await createClient(deps, {
    name: 'Maple & Co',
    company: 'Maple & Co Inc.',
    address: { line1: '400 Rue Sainte-Catherine', city: 'Montréal', region: 'QC', country: 'Canada' },
    currency: 'CAD',
    contacts: [{ name: 'Luc Tremblay', email: 'luc@maple.example' }],
  });
  const hoshi = await createClient(deps, {
    name: 'Hoshi Games',
    company: '星ゲームズ株式会社',
    currency: 'JPY',
    contacts: [{ name: 'Yuki Sato', email: 'yuki@hoshi.example' }],
  });
  const rebrand = await createProject(deps, { clientId: acme.id, name: 'Spring rebrand' });

  const first = await createInvoice(deps, systemActor, {
    clientId: acme.id,
    projectId: rebrand.id,
    paymentTerms: 'net_15',
    lines: [
      { description: 'Brand workshop (2 days)', quantity: '2', unitPrice: '1200' },
      { description: 'Logo design, three rounds', quantity: '1', unitPrice: '2500' },
      { description: 'Design hours', quantity: '12.5', unitPrice: '85' },
    ],
    discount: { kind: 'percent', value: '5' },
  });
  await markInvoiceSent(deps, systemActor, first.id);

  await createInvoice(deps, systemActor, {
    clientId: maple.id,
    taxes: [{ taxRateId: gst.id }, { taxRateId: qst.id }],
    lines: [{ description: 'Website maintenance, March', quantity: '1', unitPrice: '1450' }],
  });

  const yen = await createInvoice(deps, systemActor, {
    clientId: hoshi.id,
    taxes: [],
    lines: [{ description: 'キャラクターデザイン (character design)', quantity: '3', unitPrice: '120000' }],
  });
  await markInvoiceSent(deps, systemActor, yen.id);

  const mistaken = await createInvoice(deps, systemActor, {
    clientId: acme.id,
    taxes: [{ taxRateId: vat.id }],
    lines: [{ description: 'Duplicate of an earlier invoice', quantity: '1', unitPrice: '300' }],
  });
  await markInvoiceSent(deps, systemActor, mistaken.id);
  // An issued invoice is corrected with a credit note, never voided (the organisation's default rule).
  await cancelInvoiceWithCreditNote(deps, systemActor, mistaken.id, 'Issued twice by mistake');

  const offer = await createQuote(deps, systemActor, {
    clientId: acme.id,
    taxes: [{ taxRateId: vat.id }],
    lines: [{ description: 'Brand refresh: logo, colours and type', quantity: '1', unitPrice: '4800' }],
  });
  await markQuoteSent(deps, systemActor, offer.id);

  return { clients: 3, invoices: 4, quotes: 1, creditNotes: 1 };
}
