/**
 * The building blocks of Remit's branded pdfkit pages other than invoices (statements, reports): the page's geometry, the
 * invoice PDF's fonts with their script runs, the letterhead (logo, business name and details, a title in the
 * accent colour with its meta rows), rules, page breaks and the footer with page numbers.
 */
import PDFDocument from 'pdfkit';
import { formatCalendarDate } from '../../domain/locale-format.ts';
import { documentTranslator } from '../../i18n/document-words.ts';
import type { DocumentPdfInput } from '../../ports.ts';
import { type FontSet, splitRuns } from './fonts.ts';
import { type ImageRecording, LogoImageCache, logoForDocument } from './logo-image.ts';
import { type PageGeometry, pageGeometry } from './pdf-text-canvas.ts';

export const MARGIN = 48;
export const TEXT = '#1d2330';
export const MUTED = '#6b7280';
const RULE = '#dfe3e8';
export const SHADE = '#f4f6f8';

/** The organisation's side of every branded page. */
export type BrandingPdfInput = Pick<
  DocumentPdfInput,
  'locale' | 'language' | 'paperSize' | 'business' | 'branding' | 'logo'
>;

export interface Style {
  size: number;
  bold?: boolean;
  color?: string;
}

export class BrandedLayout {
  readonly doc: PDFKit.PDFDocument;
  /** Where the next line goes, from the top of the page. */
  protected y = MARGIN;
  protected readonly page: PageGeometry;

  constructor(
    private readonly fontSet: FontSet,
    protected readonly brand: BrandingPdfInput,
    private readonly logoImage: ImageRecording | null,
    info: { title: string; subject: string },
  ) {
    this.page = pageGeometry(brand.paperSize);
    this.doc = new PDFDocument({
      size: this.page.size,
      margin: 0,
      bufferPages: true,
      font: null as unknown as string,
      info: { Title: info.title, Author: brand.business.name, Subject: info.subject },
    });
    for (const [key, font] of Object.entries(fontSet.fonts)) {
      this.doc.registerFont(key, font as unknown as Buffer);
    }
  }

  protected get accent(): string {
    return this.brand.branding.accentColor;
  }

  protected width(text: string, style: Style): number {
    let width = 0;
    for (const run of splitRuns(this.fontSet, text, style.bold ?? false)) {
      width += this.doc.font(run.font).fontSize(style.size).widthOfString(run.text);
    }
    return width;
  }

  protected text(text: string, x: number, baseline: number, style: Style, align: 'left' | 'right' = 'left') {
    let cursor = align === 'right' ? x - this.width(text, style) : x;
    this.doc.fillColor(style.color ?? TEXT);
    for (const run of splitRuns(this.fontSet, text, style.bold ?? false)) {
      this.doc
        .font(run.font)
        .fontSize(style.size)
        .text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cursor += this.doc.widthOfString(run.text);
    }
  }

  /** `text` cut with an ellipsis to fit `maxWidth` (long client names in narrow columns). */
  protected fitted(text: string, maxWidth: number, style: Style): string {
    if (this.width(text, style) <= maxWidth) return text;
    let cut = text;
    while (cut.length > 1 && this.width(`${cut}…`, style) > maxWidth) cut = cut.slice(0, -1);
    return `${cut}…`;
  }

  protected rule(y: number) {
    this.doc
      .save()
      .moveTo(MARGIN, y)
      .lineTo(this.page.right, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke()
      .restore();
  }

  protected shade(y: number, height: number) {
    this.doc
      .save()
      .rect(MARGIN, y, this.page.right - MARGIN, height)
      .fill(SHADE)
      .restore();
  }

  protected date(day: string): string {
    return formatCalendarDate(day, this.brand.locale);
  }

  /** Whether `height` more points fit on this page above the footer. */
  protected fits(height: number): boolean {
    return this.y + height <= this.page.bodyBottom;
  }

  protected ensureSpace(height: number) {
    if (this.fits(height)) return;
    this.doc.addPage({ size: this.page.size, margin: 0 });
    this.y = MARGIN;
  }

  /** Logo, business name and details on the left; the title and its label/value rows on the right. */
  protected letterhead(title: string, meta: (readonly [string, string])[]) {
    const { business, logo } = this.brand;
    let leftY = MARGIN;
    if (logo && this.logoImage) {
      const scale = Math.min(180 / logo.width, 64 / logo.height, 1);
      const image = logoForDocument(this.logoImage, this.doc) as unknown as PDFKit.Mixins.ImageSrc;
      this.doc.image(image, MARGIN, MARGIN, { width: logo.width * scale, height: logo.height * scale });
      leftY += logo.height * scale + 12;
    }
    if (business.name) {
      const size = logo ? 11 : 16;
      this.text(business.name, MARGIN, leftY + size, { size, bold: true, color: logo ? TEXT : this.accent });
      leftY += size * 1.32 + 2;
    }
    const details = [...business.addressLines, business.email, business.phone, business.website];
    if (business.taxId) details.push(documentTranslator(this.brand)('party.taxId', { id: business.taxId }));
    for (const detail of details.filter(Boolean)) {
      this.text(detail, MARGIN, leftY + 8.5, { size: 8.5, color: MUTED });
      leftY += 11.2;
    }
    this.text(title, this.page.right, MARGIN + 24, { size: 24, bold: true, color: this.accent }, 'right');
    let rightY = MARGIN + 38;
    for (const [label, value] of meta) {
      this.text(label, this.page.right - 128, rightY + 9, { size: 8.5, color: MUTED }, 'right');
      this.text(value, this.page.right, rightY + 9, { size: 9, bold: true }, 'right');
      rightY += 13.9;
    }
    this.y = Math.max(leftY, rightY) + 22;
  }

  /** The branding footer's first line (or `fallback`) and "Page n of m" on every page. */
  protected footers(fallback: string) {
    const range = this.doc.bufferedPageRange();
    const footer = this.brand.branding.footer.trim().split('\n')[0] ?? '';
    for (let index = 0; index < range.count; index++) {
      this.doc.switchToPage(range.start + index);
      this.rule(this.page.footerTop);
      const style = { size: 7.5, color: MUTED };
      this.text(footer || fallback, MARGIN, this.page.footerTop + 14, style);
      const page = documentTranslator(this.brand)('page.numberOf', { page: index + 1, count: range.count });
      this.text(page, this.page.right, this.page.footerTop + 14, style, 'right');
    }
  }
}

/** The finished document's bytes. */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Renders a branded layout with the logo decoded once per renderer (LogoImageCache). */
export class BrandedRenderer {
  private readonly logos = new LogoImageCache();

  constructor(protected readonly fonts: () => FontSet) {}

  protected async render<T extends BrandingPdfInput>(
    input: T,
    layout: (
      fontSet: FontSet,
      input: T,
      logoImage: ImageRecording | null,
    ) => { render(): PDFKit.PDFDocument },
  ): Promise<Buffer> {
    const logoImage = input.logo ? await this.logos.recording(input.logo.image) : null;
    return collect(layout(this.fonts(), input, logoImage).render());
  }
}
