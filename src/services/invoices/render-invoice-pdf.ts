import type { InvoicePdfInput, PdfRenderer } from '../../ports.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { findLogo } from '../settings/get-logo.ts';
import { getSettings } from '../settings/get-settings.ts';
import { toInvoiceView } from './invoice-view.ts';
import { loadInvoice } from './load-invoice.ts';

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

/**
 * The invoice as a PDF, with the organisation's branding and the client's billing details as they are now.
 * Always rendered from the current rows (no cache: measured at a few milliseconds, well below the queries).
 * Used by the staff download, the invoice email's attachment and the portal download.
 */
export async function renderInvoicePdf(deps: PdfServiceDeps, invoiceId: string): Promise<RenderedPdf> {
  const record = await loadInvoice(deps.db, invoiceId);
  const [settings, client, logo] = await Promise.all([
    getSettings(deps.db),
    deps.db.selectFrom('clients').selectAll().where('id', '=', record.invoice.client_id).executeTakeFirst(),
    findLogo(deps.db),
  ]);
  if (!client) throw new NotFoundError('Client');
  const invoice = toInvoiceView(record, deps.clock.now());
  const input: InvoicePdfInput = {
    invoice,
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
    branding: {
      accentColor: settings.accent_color,
      paymentTermsText: settings.payment_terms_text,
      paymentInstructions: settings.payment_instructions,
      footer: settings.footer,
    },
    logo: logo && { image: logo.image, mimeType: logo.mimeType, width: logo.width, height: logo.height },
  };
  return { filename: pdfFilename(invoice.number), bytes: await deps.pdfRenderer.renderInvoice(input) };
}
