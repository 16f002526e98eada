import type { Db } from '../../db/client.ts';
import type { ClientRow, SettingsRow } from '../../db/schema.ts';
import type { DescribedParty } from '../../domain/document-description.ts';
import { clientReader, languageOfLocale, type Reader } from '../../domain/language.ts';
import { paperSizeFor } from '../../domain/paper-size.ts';
import { postalAddressLines } from '../../domain/postal-address.ts';
import type { DocumentPdfInput, DocumentPresentation, PdfRenderer } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { findLogo } from '../settings/get-logo.ts';
import { getSettings } from '../settings/get-settings.ts';
import type { DocumentBodyView } from './document-view.ts';

export interface PdfServiceDeps extends ServiceDeps {
  pdfRenderer: PdfRenderer;
}

export interface RenderedPdf {
  filename: string;
  bytes: Buffer;
}

/** The address columns settings and clients share, as printed lines in the order of the country. */
export function addressLinesOf(row: {
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  country_code: string | null;
}): string[] {
  return postalAddressLines({
    line1: row.address_line1,
    line2: row.address_line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
    countryCode: row.country_code,
  });
}

/** A file name safe in a Content-Disposition header and on any file system: "INV-2026-0001.pdf", "draft.pdf". */
export function pdfFilename(number: string | null): string {
  if (!number) return 'draft.pdf';
  return `${number.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.pdf`;
}

/** The organisation's branding and the client's billing details as they are now: every PDF prints these. */
export type PartiesPdfInput = Omit<DocumentPdfInput, 'document' | 'presentation' | 'facturx'> & Reader;

/** The organisation's side alone (reports have no client). */
export type BusinessPdfInput = Omit<PartiesPdfInput, 'client'>;

/** The organisation as documents print it: name, address lines, contact details, tax id. */
export function businessParty(settings: SettingsRow): DocumentPdfInput['business'] {
  return {
    name: settings.business_name,
    addressLines: addressLinesOf(settings),
    email: settings.email,
    phone: settings.phone,
    website: settings.website,
    taxId: settings.tax_id,
  };
}

/**
 * The client as documents print it: name, company, address lines in its country's order, email, tax id; and its
 * default buyer reference, which an invoice without its own prints.
 */
export function clientParty(client: ClientRow): DocumentPdfInput['client'] {
  return {
    name: client.name,
    company: client.company,
    addressLines: addressLinesOf(client),
    email: client.email,
    taxId: client.tax_id,
    buyerReference: client.buyer_reference,
  };
}

export async function businessPdfInput(db: Db): Promise<BusinessPdfInput> {
  const [settings, logo] = await Promise.all([getSettings(db), findLogo(db)]);
  return {
    locale: settings.locale,
    paperSize: paperSizeFor(settings.paper_size, settings.country_code, settings.locale),
    language: languageOfLocale(settings.locale) ?? 'en',
    business: businessParty(settings),
    branding: {
      accentColor: settings.accent_color,
      paymentTermsText: settings.payment_terms_text,
      paymentInstructions: settings.payment_instructions,
      footer: settings.footer,
    },
    logo: logo && { image: logo.image, mimeType: logo.mimeType, width: logo.width, height: logo.height },
  };
}

export async function partiesPdfInput(db: Db, clientId: string): Promise<PartiesPdfInput> {
  const [business, client] = await Promise.all([
    businessPdfInput(db),
    db.selectFrom('clients').selectAll().where('id', '=', clientId).executeTakeFirst(),
  ]);
  if (!client) throw new NotFoundError('Client');
  // The client's documents are in its language, dates and figures in a locale of that language.
  const reader = clientReader(client.language, business.locale);
  return {
    ...business,
    ...reader,
    client: clientParty(client),
  };
}

/**
 * Builds a kind's presentation once the reader (the client's language and locale) and the client as documents
 * print it are known.
 */
export type PresentFor = (reader: Reader, client: DescribedParty) => DocumentPresentation;

/** What the renderer needs besides the document itself (documents print the current addresses, as invoices do). */
export async function documentPdfInput(
  db: Db,
  document: DocumentBodyView,
  present: PresentFor,
): Promise<DocumentPdfInput> {
  const parties = await partiesPdfInput(db, document.client.id);
  return {
    document,
    presentation: present({ language: parties.language, locale: parties.locale }, parties.client),
    ...parties,
  };
}

/**
 * Any document as a PDF, in its client's language. Always rendered from the current rows (no cache: measured at a
 * few milliseconds, well below the queries). Each kind passes its view and how it presents itself.
 */
export async function renderDocumentPdf(
  deps: PdfServiceDeps,
  document: DocumentBodyView,
  present: PresentFor,
): Promise<RenderedPdf> {
  const input = await documentPdfInput(deps.db, document, present);
  return {
    filename: pdfFilename(input.presentation.number),
    bytes: await deps.pdfRenderer.renderDocument(input),
  };
}
