/**
 * Invoice PDFs with pdfkit. Every position is computed by the layout (no flowing text; text primitives in
 * pdf-text-canvas.ts, the top-of-page blocks in invoice-pdf-head.ts, the rest here), so the table header can be
 * repeated on each page, a long description can continue on the next page, and "Page N of M" is written once the
 * page count is known (buffered pages). Figures are printed exactly as the document's view gives them.
 */
import { formatDecimalNumber } from '../../domain/locale-format.ts';
import { unitText } from '../../i18n/document-words.ts';
import type { DocumentPdfInput, PdfRenderer } from '../../ports.ts';
import { embedFacturx } from './facturx.ts';
import { type FontSet, loadFontSet } from './fonts.ts';
import { InvoiceDocumentLayout } from './invoice-pdf-head.ts';
import { LogoImageCache } from './logo-image.ts';
import {
  type DrawnText,
  emptyMetrics,
  type Line,
  lineHeight,
  MARGIN,
  MUTED,
  type PageGeometry,
  type Style,
  TEXT,
} from './pdf-text-canvas.ts';

export type { DrawnText } from './pdf-text-canvas.ts';

/**
 * Table columns: description wraps; the figures are right-aligned at each column's right edge. The figures keep
 * their place from the right margin; a page wider than A4 gives the difference to the description.
 */
function tableColumns(page: PageGeometry) {
  return {
    description: { x: MARGIN + 8, width: 262 + page.extraWidth },
    quantityRight: MARGIN + 338 + page.extraWidth,
    /** Room for "12.5 hours" left of quantityRight; the column grows into the description's for wider units. */
    quantityWidth: 62,
    /** The most the quantity column takes; unit words wider than that continue below the number. */
    quantityMaxWidth: 104,
    unitPriceRight: MARGIN + 420 + page.extraWidth,
    amountRight: page.right - 8,
  };
}

/** One document being laid out: the line items table, totals, sections and page footers. */
class InvoiceLayout extends InvoiceDocumentLayout {
  private readonly columns = tableColumns(this.page);

  private ensureSpace(height: number, withTableHeader: boolean): boolean {
    if (this.y + height <= this.page.bodyBottom) return false;
    this.doc.addPage({ size: this.page.size, margin: 0 });
    this.continuationHeader();
    if (withTableHeader) this.tableHeader();
    return true;
  }

  private tableHeader(): void {
    const style = { size: 8, bold: true, color: '#ffffff' };
    this.doc.save().rect(MARGIN, this.y, this.page.contentWidth, 20).fill(this.accent).restore();
    const baseline = this.y + 13;
    const heading = (key: string) => this.t(key).toLocaleUpperCase(this.input.locale);
    this.drawText(heading('table.description'), this.columns.description.x, baseline, style);
    this.drawText(heading('table.quantity'), this.columns.quantityRight, baseline, style, 'right');
    this.drawText(heading('table.unitPrice'), this.columns.unitPriceRight, baseline, style, 'right');
    this.drawText(heading('table.amount'), this.columns.amountRight, baseline, style, 'right');
    this.y += 26;
  }

  /** The quantity with its unit in words ("3 hours", "1 day"); words too wide go on the lines below the number. */
  private quantityCell(item: { quantity: string; unit: string | null }, style: Style, width: number): Line[] {
    const number = formatDecimalNumber(item.quantity, this.input.locale);
    const words = unitText(this.t, item.unit, item.quantity);
    const whole = this.measure(words ? `${number} ${words}` : number, style);
    if (!words || whole.width <= width) return [whole];
    return [this.measure(number, style), ...this.wrap(words, style, width)];
  }

  /** Widths of the quantity and description columns: the quantity column widens for its longest "12.5 square metres". */
  private columnWidths(style: Style): { quantity: number; description: number } {
    let widest = this.columns.quantityWidth;
    for (const item of this.input.document.lines) {
      if (!item.unit) continue;
      const [first] = this.quantityCell(item, style, this.columns.quantityMaxWidth);
      widest = Math.max(widest, Math.min(first?.width ?? 0, this.columns.quantityMaxWidth));
    }
    return {
      quantity: widest,
      description: this.columns.description.width - (widest - this.columns.quantityWidth),
    };
  }

  private lineItems(): void {
    const { document } = this.input;
    const descriptionStyle = { size: 9 };
    const detailStyle = { size: 7.5, color: MUTED };
    const step = lineHeight(9);
    const widths = this.columnWidths(descriptionStyle);
    this.tableHeader();
    document.lines.forEach((item, index) => {
      const described = this.description.lines[index]!;
      const lines = this.wrap(item.description, descriptionStyle, widths.description);
      const quantityLines = this.quantityCell(item, descriptionStyle, widths.quantity);
      const rowLines = Math.max(lines.length, quantityLines.length);
      const details: string[] = [];
      if (described.discount) details.push(`${this.t('figures.discount')} ${described.discount}`);
      if (described.taxes) details.push(described.taxes);
      const detailLines = details.flatMap((detail) => this.wrap(detail, detailStyle, widths.description));
      const rowHeight = rowLines * step + detailLines.length * lineHeight(7.5) + 8;
      // Keep short rows whole; a row taller than what is left continues on the next page.
      this.ensureSpace(Math.min(rowHeight, step * 3), true);
      for (let index = 0; index < rowLines; index++) {
        const first = index === 0;
        if (!first) this.ensureSpace(step + 4, true);
        const baseline = this.y + 9;
        const line = lines[index];
        if (line) this.drawLine(line, this.columns.description.x, baseline, descriptionStyle);
        const quantity = quantityLines[index];
        if (quantity)
          this.drawLine(quantity, this.columns.quantityRight, baseline, descriptionStyle, 'right');
        if (first) {
          this.drawText(
            described.unitPrice,
            this.columns.unitPriceRight,
            baseline,
            descriptionStyle,
            'right',
          );
          this.drawText(described.net, this.columns.amountRight, baseline, descriptionStyle, 'right');
        }
        this.y += step;
      }
      for (const line of detailLines) {
        this.ensureSpace(lineHeight(7.5) + 4, true);
        this.drawLine(line, this.columns.description.x, this.y + 7.5, detailStyle);
        this.y += lineHeight(7.5);
      }
      this.y += 4;
      this.rule(this.y);
      this.y += 5;
    });
  }

  /** Draws the totals; returns where they started, so short sections can sit in the empty column beside them. */
  private totals(): number {
    const rows = this.description.totals
      .filter((row) => row.kind !== 'due')
      .map((row) => ({ ...row, strong: row.kind === 'total', muted: row.included }));
    const due = this.description.totals.find((row) => row.kind === 'due');

    const step = lineHeight(9) + 3;
    const height = rows.length * step + 46;
    this.y += 6;
    this.ensureSpace(height, false);
    const top = this.y;
    const labelX = this.page.right - 230;
    for (const row of rows) {
      if (row.strong) {
        this.rule(this.y - 2, TEXT, labelX, this.page.right, 0.8);
        this.y += 3;
      }
      const style = { size: row.strong ? 10 : 9, bold: row.strong, color: row.muted ? MUTED : TEXT };
      this.drawText(row.label, labelX + 8, this.y + 10, { ...style, color: row.strong ? TEXT : MUTED });
      this.drawText(row.amount, this.columns.amountRight, this.y + 10, style, 'right');
      this.y += step + (row.strong ? 2 : 0);
    }
    this.y += 4;
    this.doc
      .save()
      .rect(labelX, this.y, this.page.right - labelX, 28)
      .fill(this.accent)
      .restore();
    const white = { size: 11, bold: true, color: '#ffffff' };
    this.drawText(due?.label ?? '', labelX + 8, this.y + 18.5, white);
    this.drawText(due?.amount ?? '', this.columns.amountRight, this.y + 18.5, white, 'right');
    this.y += 28 + 20;
    return top;
  }

  /**
   * Places the first sections in the column left of the totals while each fits there whole (reading order is
   * kept: once one does not fit, it and the rest go full width below).
   */
  private sectionsBesideTotals(
    sections: [string, string][],
    top: number,
    bottom: number,
  ): [string, string][] {
    const style = { size: 8.5, color: '#3b4250' };
    const step = lineHeight(8.5);
    const width = this.page.right - 230 - 24 - MARGIN;
    let y = top;
    let placed = 0;
    for (const [title, body] of sections) {
      const lines = this.wrap(body.trim(), style, width);
      const height = 14 + lines.length * step + 10;
      if (y + height > bottom) break;
      this.drawText(title.toLocaleUpperCase(this.input.locale), MARGIN, y + 8, {
        size: 7.5,
        bold: true,
        color: this.accent,
      });
      y += 14;
      for (const line of lines) {
        this.drawLine(line, MARGIN, y + 8.5, style);
        y += step;
      }
      y += 10;
      placed += 1;
    }
    this.y = Math.max(this.y, y);
    return sections.slice(placed);
  }

  private section(title: string, body: string): void {
    if (!body.trim()) return;
    const style = { size: 8.5, color: '#3b4250' };
    const lines = this.wrap(body.trim(), style, this.page.contentWidth);
    const step = lineHeight(8.5);
    this.ensureSpace(18 + Math.min(lines.length, 3) * step, false);
    this.drawText(title.toLocaleUpperCase(this.input.locale), MARGIN, this.y + 8, {
      size: 7.5,
      bold: true,
      color: this.accent,
    });
    this.y += 14;
    for (const line of lines) {
      this.ensureSpace(step, false);
      this.drawLine(line, MARGIN, this.y + 8.5, style);
      this.y += step;
    }
    this.y += 12;
  }

  private footers(): void {
    const { presentation, branding } = this.input;
    const range = this.doc.bufferedPageRange();
    const footerStyle = { size: 7.5, color: MUTED };
    const footerLines = branding.footer.trim()
      ? this.wrap(branding.footer.trim(), footerStyle, this.page.contentWidth - 110).slice(0, 3)
      : [];
    for (let index = 0; index < range.count; index++) {
      this.doc.switchToPage(range.start + index);
      this.rule(this.page.footerTop);
      let baseline = this.page.footerTop + 14;
      for (const line of footerLines) {
        this.drawLine(line, MARGIN, baseline, footerStyle);
        baseline += lineHeight(7.5);
      }
      if (footerLines.length === 0) {
        const name = `${presentation.title} ${presentation.number ?? this.t('page.draft')}`;
        this.drawText(name, MARGIN, this.page.footerTop + 14, footerStyle);
      }
      const page = this.t('page.numberOf', { page: index + 1, count: range.count });
      this.drawText(page, this.page.right, this.page.footerTop + 14, footerStyle, 'right');
    }
  }

  render(): PDFKit.PDFDocument {
    this.header();
    this.billTo();
    this.lineItems();
    const totalsTop = this.totals();
    const remaining = this.sectionsBesideTotals(this.description.sections, totalsTop, this.y - 20);
    for (const [title, body] of remaining) this.section(title, body);
    this.doc.switchToPage(0);
    this.stamp();
    this.footers();
    if (this.input.facturx) embedFacturx(this.doc, this.input.facturx);
    return this.doc;
  }
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export interface PdfkitRendererOptions {
  /** A CJK font file ("path" or "path#PostScriptName" for a .ttc); default: REMIT_PDF_CJK_FONT, then lookups. */
  cjkFont?: string;
}

/** The pdfkit renderer. Fonts are parsed on first use and shared by every document the process renders. */
export class PdfkitInvoiceRenderer implements PdfRenderer {
  private fontSet: FontSet | null = null;
  private readonly metrics = emptyMetrics();
  private readonly logos = new LogoImageCache();

  constructor(private readonly options: PdfkitRendererOptions = {}) {}

  fonts(): FontSet {
    this.fontSet ??= loadFontSet({ cjkFont: this.options.cjkFont ?? process.env.REMIT_PDF_CJK_FONT });
    return this.fontSet;
  }

  async renderDocument(input: DocumentPdfInput): Promise<Buffer> {
    return collect((await this.layout(input)).render());
  }

  /** Every text run the document's PDF draws, with its font and size, in drawing order. */
  async drawnText(input: DocumentPdfInput): Promise<DrawnText[]> {
    const layout = await this.layout(input);
    layout.drawn = [];
    await collect(layout.render());
    return layout.drawn;
  }

  private async layout(input: DocumentPdfInput): Promise<InvoiceLayout> {
    const logoImage = input.logo ? await this.logos.recording(input.logo.image) : null;
    return new InvoiceLayout(this.fonts(), this.metrics, input, logoImage);
  }
}

/** One renderer per process, so the fonts are parsed once. */
export const pdfkitInvoiceRenderer = new PdfkitInvoiceRenderer();
