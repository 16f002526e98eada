import type { Db } from '../../db/client.ts';
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

function nonEmpty(lines: string[]): string[] {
  return lines.map((line) => line.trim()).filter((line) => line !== '');
}

/** "10115 Berlin" or "Springfield, IL 62704": which order a country uses is left to the user's own lines. */
function cityLine(postalCode: string, city: string, region: string): string {
  return [[postalCode, city].filter(Boolean).join(' '), region].filter(Boolean).join(', ');
}

/** A file name safe in a Content-Disposition header and on any file system: "INV-2026-0001.pdf", "draft.pdf". */
export function pdfFilename(number: string | null): string {
  if (!number) return 'draft.pdf';
  return `${number.replace(/[^\p{L}\p{N}._-]+/gu, '-')}.pdf`;
}

/** The organisation's branding and the client's billing details as they are now: every PDF prints these. */
export type PartiesPdfInput = Omit<DocumentPdfInput, 'document' | 'presentation' | 'facturx'>;

/** The organisation's side alone (reports have no client). */
export type BusinessPdfInput = Omit<PartiesPdfInput, 'client'>;

export async function businessPdfInput(db: Db): Promise<BusinessPdfInput> {
  const [settings, logo] = await Promise.all([getSettings(db), findLogo(db)]);
  return {
    locale: settings.locale,
    business: {
      name: settings.business_name,
      addressLines: nonEmpty([
        settings.address_line1,
        settings.address_line2,
        cityLine(settings.postal_code, settings.city, settings.region),
        settings.country,
      ]),
      email: settings.email,
      phone: settings.phone,
      website: settings.website,
      taxId: settings.tax_id,
    },
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
  return {
    ...business,
    client: {
      name: client.name,
      company: client.company,
      addressLines: nonEmpty([
        client.address_line1,
        client.address_line2,
        cityLine(client.postal_code, client.city, client.region),
        client.country,
      ]),
      email: client.email,
      taxId: client.tax_id,
    },
  };
}

/** What the renderer needs besides the document itself (documents print the current addresses, as invoices do). */
export async function documentPdfInput(
  db: Db,
  document: DocumentBodyView,
  presentation: DocumentPresentation,
): Promise<DocumentPdfInput> {
  return { document, presentation, ...(await partiesPdfInput(db, document.client.id)) };
}

/**
 * Any document as a PDF. Always rendered from the current rows (no cache: measured at a few milliseconds, well below
 * the queries). Each kind passes its view and presentation.
 */
export async function renderDocumentPdf(
  deps: PdfServiceDeps,
  document: DocumentBodyView,
  presentation: DocumentPresentation,
): Promise<RenderedPdf> {
  const input = await documentPdfInput(deps.db, document, presentation);
  return { filename: pdfFilename(presentation.number), bytes: await deps.pdfRenderer.renderDocument(input) };
}
