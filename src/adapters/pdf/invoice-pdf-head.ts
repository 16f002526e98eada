/**
 * The invoice PDF's document and the blocks at the top of its pages: the business and document header, the
 * bill-to block, the status stamp, and the short header of continuation pages.
 */
import PDFDocument from 'pdfkit';
import { currencyExponent } from '../../domain/currency.ts';
import { type DocumentDescription, describePrintedDocument } from '../../domain/document-description.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import { documentTranslator } from '../../i18n/document-words.ts';
import type { Translate } from '../../i18n/messages.ts';
import type { DocumentPdfInput } from '../../ports.ts';
import { FACTURX_DOCUMENT_OPTIONS } from './facturx.ts';
import type { FontSet } from './fonts.ts';
import { type ImageRecording, logoForDocument } from './logo-image.ts';
import {
  lineHeight,
  MARGIN,
  MUTED,
  type PageGeometry,
  PdfTextCanvas,
  pageGeometry,
  SHADE,
  TEXT,
  type TextMetricsCache,
} from './pdf-text-canvas.ts';

/** One invoice document being laid out: its pdfkit document, figures formatting and top-of-page blocks. */
export class InvoiceDocumentLayout extends PdfTextCanvas {
  protected billToTop = MARGIN;
  protected readonly money: (amount: string) => string;
  protected readonly accent: string;
  /** The reader's words (message files in src/i18n/locales). */
  protected readonly t: Translate;
  /** What the document shows, with every figure formatted: the same description the web view and emails print. */
  protected readonly description: DocumentDescription;

  constructor(
    fontSet: FontSet,
    metrics: TextMetricsCache,
    protected readonly input: DocumentPdfInput,
    /** The logo decoded once for all documents; null when there is none or pdfkit cannot read it. */
    private readonly logoImage: ImageRecording | null,
  ) {
    const page = pageGeometry(input.paperSize);
    super(newInvoiceDocument(input, fontSet, page), fontSet, metrics, page);
    const { document } = input;
    const exponent = currencyExponent(document.currency);
    this.money = (amount) => formatMoney(amount, document.currency, input.locale, exponent);
    this.accent = input.branding.accentColor;
    this.t = documentTranslator(input);
    this.description = describePrintedDocument(input, this.t);
  }

  protected header(): void {
    const { business, presentation, logo } = this.input;
    let leftY = MARGIN;
    if (logo) {
      const scale = Math.min(180 / logo.width, 64 / logo.height, 1);
      const width = logo.width * scale;
      const height = logo.height * scale;
      // The upload checks kept out what is not a PNG or JPEG; an image pdfkit still cannot read must not cost the
      // user their invoice: it is printed without the logo.
      if (this.logoImage) {
        // pdfkit draws an opened image object as well as bytes (its typings list only the bytes).
        const image = logoForDocument(this.logoImage, this.doc) as unknown as PDFKit.Mixins.ImageSrc;
        this.doc.image(image, MARGIN, MARGIN, { width, height });
        leftY += height + 12;
      }
    }
    if (business.name) {
      const size = logo ? 11 : 16;
      this.drawText(business.name, MARGIN, leftY + size, {
        size,
        bold: true,
        color: logo ? TEXT : this.accent,
      });
      leftY += lineHeight(size) + 2;
    }
    for (const detail of this.description.seller.lines) {
      this.drawText(detail, MARGIN, leftY + 8.5, { size: 8.5, color: MUTED });
      leftY += lineHeight(8.5);
    }

    let rightY = MARGIN;
    const heading = presentation.title.toLocaleUpperCase(this.input.locale);
    this.drawText(
      heading,
      this.page.right,
      rightY + 24,
      { size: 24, bold: true, color: this.accent },
      'right',
    );
    rightY += 38;
    for (const [label, value] of this.description.meta) {
      this.drawText(label, this.page.right - 128, rightY + 9, { size: 8.5, color: MUTED }, 'right');
      this.drawText(value, this.page.right, rightY + 9, { size: 9, bold: true }, 'right');
      rightY += lineHeight(9) + 2;
    }
    rightY += 4;
    this.doc
      .save()
      .rect(this.page.right - 220, rightY, 220, 26)
      .fill(SHADE)
      .restore();
    this.drawText(presentation.headline.label, this.page.right - 210, rightY + 17, { size: 9, color: MUTED });
    this.drawText(
      this.money(presentation.headline.amount),
      this.page.right - 10,
      rightY + 17.5,
      { size: 12, bold: true },
      'right',
    );
    rightY += 26;

    this.y = Math.max(leftY, rightY) + 22;
  }

  protected billTo(): void {
    const { buyer } = this.description;
    this.billToTop = this.y;
    const heading = this.description.buyer.heading.toLocaleUpperCase(this.input.locale);
    this.drawText(heading, MARGIN, this.y + 8, { size: 7.5, bold: true, color: this.accent });
    this.y += 14;
    this.drawText(buyer.name, MARGIN, this.y + 10.5, { size: 10.5, bold: true });
    this.y += lineHeight(10.5);
    for (const detail of buyer.lines) {
      this.drawText(detail, MARGIN, this.y + 9, { size: 9, color: '#3b4250' });
      this.y += lineHeight(9);
    }
    this.y += 18;
    // A stamp (paid, void, accepted) sits beside this block: keep it clear of the table below.
    if (this.input.presentation.stamp) this.y = Math.max(this.y, this.billToTop + 80);
  }

  protected stamp(): void {
    const { stamp } = this.input.presentation;
    if (!stamp) return;
    const label = stamp.text.toLocaleUpperCase(this.input.locale);
    const color = stamp.tone === 'good' ? '#1b873f' : '#c62828';
    const style = { size: 30, bold: true, color };
    const line = this.measure(label, style);
    // Beside the client block, below the balance: the one place on page 1 where nothing else is printed.
    const cx = this.page.right - 120;
    const cy = this.billToTop + 34;
    const boxWidth = line.width + 28;
    this.doc
      .save()
      .rotate(-14, { origin: [cx, cy] })
      .opacity(0.72);
    this.doc
      .roundedRect(cx - boxWidth / 2, cy - 24, boxWidth, 48, 6)
      .lineWidth(3)
      .strokeColor(color)
      .stroke();
    this.drawLine(line, cx - line.width / 2, cy + 11, style);
    this.doc.restore();
  }

  protected continuationHeader(): void {
    const { presentation, business } = this.input;
    this.y = MARGIN;
    this.drawText(business.name, MARGIN, this.y + 9, { size: 9, bold: true });
    this.drawText(
      this.t('page.continued', {
        title: presentation.title,
        number: presentation.number ?? this.t('page.draft'),
      }),
      this.page.right,
      this.y + 9,
      { size: 9, color: MUTED },
      'right',
    );
    this.y += 16;
    this.rule(this.y);
    this.y += 12;
  }
}

function newInvoiceDocument(
  input: DocumentPdfInput,
  fontSet: FontSet,
  page: PageGeometry,
): PDFKit.PDFDocument {
  const { presentation, business } = input;
  const t = documentTranslator(input);
  const doc = new PDFDocument({
    // A Factur-X PDF is a PDF/A-3b; the plain PDF is left as it always was.
    ...(input.facturx && (FACTURX_DOCUMENT_OPTIONS as unknown as PDFKit.PDFDocumentOptions)),
    size: page.size,
    margin: 0,
    bufferPages: true,
    // No default font: pdfkit would parse Helvetica's metrics for every document, and the invoice never uses it.
    font: null as unknown as string,
    info: {
      Title: `${presentation.title} ${presentation.number ?? t('page.draft')}`,
      Author: business.name,
      Subject: t('page.subject', {
        title: presentation.title,
        client: input.client.company || input.client.name,
      }),
    },
  });
  for (const [key, font] of Object.entries(fontSet.fonts)) {
    // pdfkit takes a parsed fontkit font in place of a file; its types only list file sources.
    doc.registerFont(key, font as unknown as Buffer);
  }
  return doc;
}
