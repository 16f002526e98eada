/**
 * E-invoices through the API, from data set up through the API: issued invoices (one rate; reverse charge AE;
 * exempt E; partly paid) and a credit note are downloaded in every format (UBL, CII, Peppol BIS, XRechnung UBL and
 * CII), written to a temporary directory and validated with the official rule sets, one validator call per rule set:
 * zero fatal errors. Also: the check endpoint lists what is missing, the download refuses with 422 listing every
 * reason, drafts answer 409, and in the portal a contact downloads only their own client's issued invoices.
 * Factur-X: each document's Factur-X PDF is downloaded, its embedded factur-x.xml extracted with pdfdetach and
 * validated in the same EN 16931 validator call; its PDF/A-3b markers, fonts and text are checked with poppler.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EInvoiceValidation, validateEInvoices } from '../support/einvoice-validator.ts';
import {
  activateContact,
  type Browser,
  createParty,
  type PortalHarness,
  startPortalHarness,
} from '../support/portal-harness.ts';

const FORMATS = [
  { format: 'ubl', rules: 'en16931' },
  { format: 'cii', rules: 'en16931' },
  { format: 'peppol', rules: 'peppol' },
  { format: 'xrechnung', rules: 'xrechnung' },
  { format: 'xrechnung-cii', rules: 'xrechnung' },
] as const;

let h: PortalHarness;
const dir = mkdtempSync(join(tmpdir(), 'remit-einvoice-http-'));
const rates: Record<'standard' | 'reverse' | 'exempt' | 'intraEu', string> = {
  standard: '',
  reverse: '',
  exempt: '',
  intraEu: '',
};
const documents: { name: string; path: string; number: string }[] = [];
const files: { file: string; name: string; format: string; rules: 'en16931' | 'peppol' | 'xrechnung' }[] = [];
let validation: EInvoiceValidation;
let city: { clientId: string; contacts: { id: string; email: string }[] };
let brussels: { clientId: string };
let portal: Browser;
/** Factur-X PDFs by document name (the Unicode client's too), written beside the XML files. */
const facturxPdfs = new Map<string, string>();

/** A PDF download as bytes (the harness reads bodies as text). */
async function downloadPdf(path: string) {
  const response = await fetch(`${h.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${h.adminToken}` },
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

function poppler(tool: string, ...args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Downloads the Factur-X PDF, extracts factur-x.xml and lists it for the EN 16931 validator call. */
async function facturxFile(name: string, path: string, number: string) {
  const { response, bytes } = await downloadPdf(`${path}/pdf?format=facturx`);
  if (response.status !== 200) {
    throw new Error(`${name} as Factur-X: ${response.status} ${bytes.toString('utf8')}`);
  }
  expect(response.headers.get('content-type')).toBe('application/pdf');
  expect(response.headers.get('content-disposition')).toContain(`filename="${number}-facturx.pdf"`);
  const pdf = join(dir, `${name}.facturx.pdf`);
  writeFileSync(pdf, bytes);
  const xml = join(dir, `${name}.facturx.xml`);
  poppler('pdfdetach', '-savefile', 'factur-x.xml', '-o', xml, pdf);
  facturxPdfs.set(name, pdf);
  files.push({ file: xml, name, format: 'facturx', rules: 'en16931' });
}

async function staff(method: string, path: string, body?: unknown) {
  const response = await h.staff(method, path, body);
  if (response.status >= 300)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

async function issuedInvoice(
  clientId: string,
  rate: string,
  options: { paid?: string; references?: Record<string, string>; paymentTerms?: string } = {},
) {
  const created = await staff('POST', '/api/v1/invoices', {
    clientId,
    ...options.references,
    issueDate: '2026-11-20',
    paymentTerms: options.paymentTerms ?? 'net_30',
    lines: [
      {
        description: 'Consulting\nWorkshop on e-invoicing, 2 days',
        quantity: '16',
        unitPrice: '120.00',
        unit: 'HUR',
        taxes: [{ taxRateId: rate }],
      },
      { description: 'Travel costs', quantity: '1', unitPrice: '89.90', taxes: [{ taxRateId: rate }] },
    ],
  });
  const sent = await staff('POST', `/api/v1/invoices/${created.id}/mark-sent`);
  if (options.paid) {
    await staff('POST', `/api/v1/invoices/${created.id}/payments`, {
      amount: options.paid,
      paidOn: '2026-11-24',
      method: 'bank_transfer',
    });
  }
  return { id: sent.id as string, number: sent.number as string };
}

beforeAll(async () => {
  h = await startPortalHarness();
  await staff('PATCH', '/api/v1/settings', {
    businessName: 'Muster Beratung',
    address: { line1: 'Hauptstraße 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE' },
    defaultCurrency: 'EUR',
    einvoicing: {
      legalName: 'Muster Beratung GmbH',
      vatId: 'DE123456789',
      legalRegistration: { id: 'HRB 12345 B' },
      electronicAddress: { id: 'DE123456789', scheme: '9930' },
      contact: { name: 'Erika Muster', phone: '+49 30 1234567', email: 'erika@muster.example' },
      paymentMeans: {
        code: '58',
        iban: 'DE89 3704 0044 0532 0130 00',
        bic: 'COBADEFFXXX',
        accountName: 'Muster Beratung GmbH',
      },
    },
  });
  rates.standard = (
    await staff('POST', '/api/v1/tax-rates', { name: 'MwSt.', rate: '19', vatCategory: 'S' })
  ).id;
  rates.reverse = (
    await staff('POST', '/api/v1/tax-rates', { name: 'Reverse charge', rate: '0', vatCategory: 'AE' })
  ).id;
  rates.exempt = (
    await staff('POST', '/api/v1/tax-rates', {
      name: 'Exempt (education)',
      rate: '0',
      vatCategory: 'E',
      exemptionReason: 'Steuerfrei nach § 4 Nr. 21 UStG',
    })
  ).id;

  rates.intraEu = (
    await staff('POST', '/api/v1/tax-rates', { name: 'Intra-EU supply', rate: '0', vatCategory: 'K' })
  ).id;

  const cityParty = await createParty(h, 'Stadt Musterhausen', [
    { name: 'Kämmerei', email: 'kaemmerei@musterhausen.example' },
  ]);
  await staff('PATCH', `/api/v1/clients/${cityParty.clientId}`, {
    address: { line1: 'Rathausplatz 1', city: 'Musterhausen', postalCode: '12345', country: 'Deutschland' },
    vatId: 'DE987654321',
    electronicAddress: { id: '04011000-12345-03', scheme: '0204' },
    buyerReference: '04011000-12345-03',
    einvoiceFormat: 'xrechnung',
  });
  city = cityParty;
  brussels = await createParty(h, 'Brussels Trading BV', []);
  await staff('PATCH', `/api/v1/clients/${brussels.clientId}`, {
    address: { line1: 'Rue de la Loi 16', city: 'Bruxelles', postalCode: '1000', country: 'Belgique' },
    vatId: 'BE0123456749',
    electronicAddress: { id: '0123456749', scheme: '0208' },
    buyerReference: 'PO-4711',
  });

  const oneRate = await issuedInvoice(city.clientId, rates.standard);
  const reverse = await issuedInvoice(brussels.clientId, rates.reverse);
  const exempt = await issuedInvoice(city.clientId, rates.exempt);
  const partlyPaid = await issuedInvoice(brussels.clientId, rates.standard, {
    paid: '500.00',
    paymentTerms: 'eom',
  });
  const intraEu = await issuedInvoice(brussels.clientId, rates.intraEu, {
    references: {
      buyerReference: 'Einkauf Abt. 7',
      orderReference: 'PO-2026-17',
      deliveryDate: '2026-11-18',
    },
  });
  const draftCredit = await staff('POST', `/api/v1/invoices/${oneRate.id}/credit-notes`, {
    mode: 'lines',
    lines: [
      { invoiceLineId: (await staff('GET', `/api/v1/invoices/${oneRate.id}`)).lines[1].id, quantity: '1' },
    ],
    reason: 'Travel costs charged twice',
  });
  const credit = await staff('POST', `/api/v1/credit-notes/${draftCredit.id}/issue`);
  documents.push(
    { name: 'one-rate', path: `/api/v1/invoices/${oneRate.id}`, number: oneRate.number },
    { name: 'reverse-charge', path: `/api/v1/invoices/${reverse.id}`, number: reverse.number },
    { name: 'exempt', path: `/api/v1/invoices/${exempt.id}`, number: exempt.number },
    { name: 'partly-paid', path: `/api/v1/invoices/${partlyPaid.id}`, number: partlyPaid.number },
    { name: 'credit-note', path: `/api/v1/credit-notes/${credit.id}`, number: credit.number },
    { name: 'intra-eu', path: `/api/v1/invoices/${intraEu.id}`, number: intraEu.number },
  );
  for (const document of documents) {
    for (const { format, rules } of FORMATS) {
      const response = await h.staff('GET', `${document.path}/e-invoice?format=${format}`);
      if (response.status !== 200) {
        throw new Error(`${document.name} as ${format}: ${response.status} ${JSON.stringify(response.body)}`);
      }
      expect(response.headers.get('content-type')).toContain('application/xml');
      expect(response.headers.get('content-disposition')).toContain(
        `filename="${document.number}-${format}.xml"`,
      );
      const file = join(dir, `${document.name}.${format}.xml`);
      writeFileSync(file, response.body);
      files.push({ file, name: document.name, format, rules });
    }
  }
  for (const document of documents) await facturxFile(document.name, document.path, document.number);
  const unicode = await createParty(h, 'Müller & Söhne <GmbH> 株式会社', []);
  await staff('PATCH', `/api/v1/clients/${unicode.clientId}`, {
    address: { line1: 'Königsallee 1', city: 'Düsseldorf', postalCode: '40212', country: 'Deutschland' },
    vatId: 'DE811569869',
  });
  const unicodeInvoice = await issuedInvoice(unicode.clientId, rates.standard);
  await facturxFile('unicode', `/api/v1/invoices/${unicodeInvoice.id}`, unicodeInvoice.number);
  const byRules = (rules: string) => files.filter((f) => f.rules === rules).map((f) => f.file);
  validation = await validateEInvoices({
    en16931: byRules('en16931'),
    peppol: byRules('peppol'),
    xrechnung: byRules('xrechnung'),
  });
  portal = await activateContact(h, city.contacts[0]!);
}, 300_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.close();
});

describe('downloads pass the official rules', () => {
  it('the validator ran', () => {
    expect(validation.failure, validation.failure ?? '').toBeNull();
    expect(files).toHaveLength(documents.length * (FORMATS.length + 1) + 1);
  });

  for (const name of ['one-rate', 'reverse-charge', 'exempt', 'partly-paid', 'credit-note', 'intra-eu']) {
    for (const { format, rules } of FORMATS) {
      it(`${name} as ${format} has no fatal error (${rules} rules)`, () => {
        const file = join(dir, `${name}.${format}.xml`);
        const verdict = validation.verdicts.get(file);
        expect(verdict, `no result for ${file}: ${validation.failure ?? ''}`).toBeDefined();
        const failed = (verdict?.lines ?? []).filter((l) => l.startsWith('fatal'));
        expect(verdict?.fatal, `failed rules:\n${failed.join('\n')}`).toBe(0);
      });
    }
  }

  for (const name of [
    'one-rate',
    'reverse-charge',
    'exempt',
    'partly-paid',
    'credit-note',
    'intra-eu',
    'unicode',
  ]) {
    it(`${name}: the XML embedded in its Factur-X PDF has no fatal error (en16931 rules)`, () => {
      const file = join(dir, `${name}.facturx.xml`);
      const verdict = validation.verdicts.get(file);
      expect(verdict, `no result for ${file}: ${validation.failure ?? ''}`).toBeDefined();
      const failed = (verdict?.lines ?? []).filter((l) => l.startsWith('fatal'));
      expect(verdict?.fatal, `failed rules:\n${failed.join('\n')}`).toBe(0);
    });
  }

  it('carries the data set up through the API: parties, references, payments, the credited invoice', async () => {
    const read = (name: string, format: string) =>
      h
        .staff('GET', `${documents.find((d) => d.name === name)!.path}/e-invoice?format=${format}`)
        .then((r) => r.body as string);
    const xrechnung = await read('one-rate', 'xrechnung');
    expect(xrechnung).toContain('<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>');
    expect(xrechnung).toContain('<cbc:EndpointID schemeID="9930">DE123456789</cbc:EndpointID>');
    expect(xrechnung).toContain('<cbc:ID>DE89370400440532013000</cbc:ID>');
    expect(xrechnung).toContain('<cbc:RegistrationName>Muster Beratung GmbH</cbc:RegistrationName>');
    const paid = await read('partly-paid', 'ubl');
    expect(paid).toContain('<cbc:PrepaidAmount currencyID="EUR">500.00</cbc:PrepaidAmount>');
    // End-of-month terms: BT-9 is the issue month's last day, BT-20 says so in words.
    expect(paid).toContain('<cbc:DueDate>2026-11-30</cbc:DueDate>');
    expect(paid).toMatch(
      /<cac:PaymentTerms>\s*<cbc:Note>Due end of month<\/cbc:Note>\s*<\/cac:PaymentTerms>/,
    );
    const paidCii = await read('partly-paid', 'cii');
    expect(paidCii).toContain('<ram:Description>Due end of month</ram:Description>');
    expect(paidCii).toContain('<udt:DateTimeString format="102">20261130</udt:DateTimeString>');
    expect(poppler('pdftotext', facturxPdfs.get('partly-paid')!, '-')).toContain('Due end of month');
    const reverse = await read('reverse-charge', 'peppol');
    expect(reverse).toContain('<cbc:TaxExemptionReasonCode>VATEX-EU-AE</cbc:TaxExemptionReasonCode>');
    const intraEu = await read('intra-eu', 'peppol');
    expect(intraEu).toContain('<cbc:BuyerReference>Einkauf Abt. 7</cbc:BuyerReference>');
    expect(intraEu).toContain('<cbc:ID>PO-2026-17</cbc:ID>');
    expect(intraEu).toContain('<cbc:ActualDeliveryDate>2026-11-18</cbc:ActualDeliveryDate>');
    const credit = await read('credit-note', 'cii');
    expect(credit).toContain(`<ram:IssuerAssignedID>${documents[0]!.number}</ram:IssuerAssignedID>`);
    expect(credit).toContain('<ram:TypeCode>381</ram:TypeCode>');
  });
});

describe('Factur-X', () => {
  it('is a PDF/A-3b with the Factur-X metadata, factur-x.xml as associated file and every font embedded', () => {
    for (const [name, pdf] of facturxPdfs) {
      const bytes = readFileSync(pdf);
      expect(bytes.subarray(0, 8).toString('latin1'), name).toBe('%PDF-1.7');
      const xmp = poppler('pdfinfo', '-meta', pdf);
      expect(xmp, name).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
      expect(xmp).toContain('xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"');
      expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
      expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
      expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
      expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
      // The extension schema declaring the fx properties (PDF/A allows only declared ones).
      expect(xmp).toContain(
        '<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>',
      );
      for (const property of ['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']) {
        expect(xmp).toContain(`<pdfaProperty:name>${property}</pdfaProperty:name>`);
      }
      const raw = bytes.toString('latin1');
      expect(raw).toMatch(/\/AFRelationship \/Alternative/);
      expect(raw).toMatch(/\/AF \[\d+ 0 R\]/);
      expect(raw).toMatch(/\/Subtype \/text#2Fxml/);
      expect(raw).toMatch(/\/S \/GTS_PDFA1/);
      expect(raw).toContain('sRGB IEC61966-2.1');
      expect(poppler('pdfdetach', '-list', pdf)).toContain('1: factur-x.xml');
      const fonts = poppler('pdffonts', pdf).trim().split('\n').slice(2);
      expect(fonts.length, name).toBeGreaterThan(0);
      for (const font of fonts) expect(font, `${name}: ${font}`).toMatch(/ CID TrueType .* yes yes yes /);
    }
  });

  it('names with & and < stay valid XML in the metadata, plain text in the document information', () => {
    const pdf = facturxPdfs.get('unicode')!;
    const xmp = poppler('pdfinfo', '-meta', pdf);
    expect(xmp).toContain('Müller &amp; Söhne &lt;GmbH&gt; 株式会社');
    expect(xmp).not.toContain('Müller & Söhne');
    expect(poppler('pdfinfo', pdf)).toMatch(/Subject: +Invoice for Müller & Söhne <GmbH> 株式会社/);
    const embedded = readFileSync(join(dir, 'unicode.facturx.xml'), 'utf8');
    expect(embedded).toContain('Müller &amp; Söhne &lt;GmbH&gt; 株式会社');
    expect(embedded).toContain('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>');
  });

  it('prints the same document as the plain PDF, which stays as it was (no PDF/A, nothing attached)', async () => {
    for (const document of documents) {
      const plain = await downloadPdf(`${document.path}/pdf`);
      expect(plain.response.status).toBe(200);
      expect(plain.response.headers.get('content-disposition')).toContain(
        `filename="${document.number}.pdf"`,
      );
      const plainFile = join(dir, `${document.name}.plain.pdf`);
      writeFileSync(plainFile, plain.bytes);
      const facturx = facturxPdfs.get(document.name)!;
      expect(poppler('pdftotext', facturx, '-'), document.name).toBe(poppler('pdftotext', plainFile, '-'));
      expect(plain.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.3');
      expect(poppler('pdfinfo', '-meta', plainFile)).not.toContain('pdfaid');
      expect(poppler('pdfdetach', '-list', plainFile)).toContain('0 embedded files');
    }
  });
});

describe('what is missing', () => {
  let bareInvoice: string;

  beforeAll(async () => {
    const bare = await staff('POST', '/api/v1/clients', {
      name: 'Somebody',
      address: { country: 'Freedonia' },
    });
    const created = await staff('POST', '/api/v1/invoices', {
      clientId: bare.id,
      lines: [
        {
          description: 'Advice',
          quantity: '1',
          unitPrice: '100',
          taxes: [{ name: 'Sales tax', rate: '8.875' }],
        },
      ],
    });
    bareInvoice = (await staff('POST', `/api/v1/invoices/${created.id}/mark-sent`)).id;
  });

  it('the check lists every reason with its field, in plain words', async () => {
    const check = await staff('GET', `/api/v1/invoices/${bareInvoice}/e-invoice/check?format=xrechnung`);
    expect(check.ready).toBe(false);
    const byCode = Object.fromEntries(check.problems.map((p: { code: string }) => [p.code, p]));
    expect(byCode.buyer_country_missing).toMatchObject({ field: 'buyer.address.country' });
    expect(byCode.buyer_country_missing.message).toContain('"Freedonia" is not recognised');
    expect(byCode.tax_not_vat).toMatchObject({ field: 'lines.0.taxes.0' });
    expect(byCode.buyer_reference_missing).toMatchObject({ field: 'buyerReference' });
    expect(byCode.buyer_electronic_address_missing).toBeDefined();
    const ready = await staff('GET', `${documents[0]!.path}/e-invoice/check?format=peppol`);
    expect(ready).toEqual({ format: 'peppol', ready: true, problems: [] });
  });

  it('the download refuses with 422 problem+json listing the same reasons', async () => {
    const response = await h.staff('GET', `/api/v1/invoices/${bareInvoice}/e-invoice?format=ubl`);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.code).toBe('einvoice_not_possible');
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['buyer.address.country', 'lines.0.taxes.0']));
    for (const error of response.body.errors) expect(error.message.length).toBeGreaterThan(20);
  });

  it('the Factur-X PDF refuses the same way: 422 listing the reasons, nothing rendered', async () => {
    const response = await h.staff('GET', `/api/v1/invoices/${bareInvoice}/pdf?format=facturx`);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'einvoice_not_possible',
      title: 'Not possible as Factur-X (EN 16931)',
    });
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['buyer.address.country', 'lines.0.taxes.0']));
    // The plain PDF of the same invoice is still there.
    expect((await downloadPdf(`/api/v1/invoices/${bareInvoice}/pdf`)).response.status).toBe(200);
    const unknown = await h.staff('GET', `/api/v1/invoices/${bareInvoice}/pdf?format=zugferd`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('querystring.format');
  });

  it('a draft has no number: 409 for the download; the check lists what will be missing', async () => {
    const draft = await staff('POST', '/api/v1/invoices', {
      clientId: city.clientId,
      lines: [
        { description: 'Advice', quantity: '1', unitPrice: '100', taxes: [{ taxRateId: rates.standard }] },
      ],
    });
    const download = await h.staff('GET', `/api/v1/invoices/${draft.id}/e-invoice?format=xrechnung`);
    expect(download.status).toBe(409);
    expect(download.headers.get('content-type')).toContain('application/problem+json');
    expect(download.body.detail).toMatch(/no number yet/);
    const facturx = await h.staff('GET', `/api/v1/invoices/${draft.id}/pdf?format=facturx`);
    expect(facturx.status).toBe(409);
    expect(facturx.headers.get('content-type')).toContain('application/problem+json');
    expect(facturx.body.detail).toMatch(/no number yet/);
    const check = await staff('GET', `/api/v1/invoices/${draft.id}/e-invoice/check?format=xrechnung`);
    expect(check).toEqual({ format: 'xrechnung', ready: true, problems: [] });
  });

  it('without a format, the client’s preferred one is served, else UBL', async () => {
    for (const [name, format] of [
      ['one-rate', 'xrechnung'],
      ['reverse-charge', 'ubl'],
    ] as const) {
      const document = documents.find((d) => d.name === name)!;
      const response = await h.staff('GET', `${document.path}/e-invoice`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toContain(`${document.number}-${format}.xml`);
    }
  });

  it('an intra-community supply without its delivery date: the check names the invoice field', async () => {
    const undated = await issuedInvoice(brussels.clientId, rates.intraEu);
    const check = await staff('GET', `/api/v1/invoices/${undated.id}/e-invoice/check?format=ubl`);
    expect(check.problems).toEqual([
      expect.objectContaining({ code: 'delivery_date_missing', field: 'deliveryDate' }),
    ]);
    const dated = await h.staff('PATCH', `/api/v1/invoices/${undated.id}`, { deliveryDate: '2026-11-19' });
    expect(dated.status, JSON.stringify(dated.body)).toBe(200);
    expect(dated.body.deliveryDate).toBe('2026-11-19');
    expect((await staff('GET', `/api/v1/invoices/${undated.id}/e-invoice/check?format=ubl`)).ready).toBe(
      true,
    );
  });

  it('an invoice’s buyer reference shaped like a Leitweg-ID must have right check digits', async () => {
    const response = await h.staff('POST', '/api/v1/invoices', {
      clientId: city.clientId,
      buyerReference: '04011000-12345-04',
      lines: [
        { description: 'Advice', quantity: '1', unitPrice: '100', taxes: [{ taxRateId: rates.standard }] },
      ],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].field).toBe('buyerReference');
  });

  it('an unknown format is refused naming the query parameter', async () => {
    const response = await h.staff('GET', `${documents[0]!.path}/e-invoice?format=pdf`);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('querystring.format');
  });
});

describe('portal', () => {
  it('a contact downloads their own client’s issued invoice, the same XML staff get', async () => {
    const id = documents[0]!.path.split('/').pop();
    const mine = await portal.get(`/api/portal/v1/invoices/${id}/e-invoice?format=xrechnung`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toContain('application/xml');
    const staffCopy = await h.staff('GET', `${documents[0]!.path}/e-invoice?format=xrechnung`);
    expect(mine.body).toBe(staffCopy.body);
  });

  it('another client’s invoice, a draft and an unknown id are the same 404', async () => {
    const theirs = documents
      .find((d) => d.name === 'reverse-charge')!
      .path.split('/')
      .pop();
    const draft = await staff('POST', '/api/v1/invoices', {
      clientId: city.clientId,
      lines: [
        { description: 'Draft', quantity: '1', unitPrice: '1', taxes: [{ taxRateId: rates.standard }] },
      ],
    });
    for (const id of [theirs, draft.id, '00000000-0000-4000-8000-000000000000']) {
      const response = await portal.get(`/api/portal/v1/invoices/${id}/e-invoice?format=ubl`);
      expect(response.status, String(id)).toBe(404);
    }
  });

  it('staff credentials mean nothing in the portal', async () => {
    const id = documents[0]!.path.split('/').pop();
    const response = await h.staff('GET', `/api/portal/v1/invoices/${id}/e-invoice?format=ubl`);
    expect(response.status).toBe(401);
  });
});
