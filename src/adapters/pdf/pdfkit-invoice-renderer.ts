/**
 * Invoice PDFs with pdfkit. Every position is computed here (no flowing text), so the table header can be
 * repeated on each page, a long description can continue on the next page, and "Page N of M" is written once the
 * page count is known (buffered pages). Figures are printed exactly as the document's view gives them.
 */
import PDFDocument from 'pdfkit';
import { currencyExponent } from '../../domain/currency.ts';
import {
  formatCalendarDate,
  formatDecimalNumber,
  formatMoney,
  formatPercent,
} from '../../domain/locale-format.ts';
import { unitWords } from '../../domain/units.ts';
import type { DocumentPdfInput, PdfRenderer } from '../../ports.ts';
import { embedFacturx, FACTURX_DOCUMENT_OPTIONS } from './facturx.ts';
import { type FontKey, type FontSet, loadFontSet, splitRuns, type TextRun } from './fonts.ts';
import { type ImageRecording, LogoImageCache, logoForDocument } from './logo-image.ts';
import { type PdfkitDocumentFont, SharedFontWork } from './shared-font-work.ts';

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;
const RIGHT = PAGE_WIDTH - MARGIN;
const CONTENT_WIDTH = RIGHT - MARGIN;
/** Lowest point the body may reach; the footer lives below it. */
const BODY_BOTTOM = PAGE_HEIGHT - 68;
const FOOTER_TOP = PAGE_HEIGHT - 54;

const TEXT = '#1d2330';
const MUTED = '#6b7280';
const RULE = '#dfe3e8';
const SHADE = '#f4f6f8';

/** Table columns: description wraps; the figures are right-aligned at each column's right edge. */
const COLUMNS = {
  description: { x: MARGIN + 8, width: 262 },
  quantityRight: MARGIN + 338,
  /** Room for "12.5 hours" left of quantityRight; the column grows into the description's for wider units. */
  quantityWidth: 62,
  /** The most the quantity column takes; unit words wider than that continue below the number. */
  quantityMaxWidth: 104,
  unitPriceRight: MARGIN + 420,
  amountRight: RIGHT - 8,
};

interface Style {
  size: number;
  bold?: boolean;
  color?: string;
}

interface Line {
  runs: TextRun[];
  width: number;
}

const CJK_CHAR = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
const CJK_SPLIT = /([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])/u;

/** Break opportunities: after spaces, and around every CJK character (those scripts wrap between characters). */
function tokens(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  if (!CJK_CHAR.test(text)) return words;
  return words.flatMap((word) => word.split(CJK_SPLIT).filter(Boolean));
}

function lineHeight(size: number): number {
  return size * 1.32;
}

function negated(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}

function isZero(amount: string): boolean {
  return /^-?0(\.0*)?$/.test(amount);
}

/** Measurements shared by the documents of one renderer (the fonts never change, so neither do they). */
interface TextMetricsCache {
  widths: Record<FontKey, Map<string, number>>;
  runs: Map<string, TextRun[]>;
  boldRuns: Map<string, TextRun[]>;
  /** Shaped words and glyph data shared by the documents' fonts. */
  fontWork: SharedFontWork;
}

const CACHE_LIMIT = 20_000;

/** Bounded: descriptions are free text, so the cache starts over rather than growing without end. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

function emptyMetrics(): TextMetricsCache {
  return {
    widths: { regular: new Map(), bold: new Map(), cjk: new Map(), cjkBold: new Map() },
    runs: new Map(),
    boldRuns: new Map(),
    fontWork: new SharedFontWork(),
  };
}

export interface DrawnText {
  font: FontKey;
  size: number;
  text: string;
}

/** One document being laid out. */
class InvoiceLayout {
  readonly doc: PDFKit.PDFDocument;
  private y = MARGIN;
  /** The fill colour last set for text; shapes set theirs inside save()/restore(), which puts this one back. */
  private currentColor = '';
  private billToTop = MARGIN;
  /** When set, every text run drawn is listed here (the benchmark's baseline draws the same runs). */
  drawn: DrawnText[] | null = null;
  private readonly money: (amount: string) => string;
  private readonly accent: string;
  private readonly fontsInUse = new Set<FontKey>();

  constructor(
    private readonly fontSet: FontSet,
    private readonly metrics: TextMetricsCache,
    private readonly input: DocumentPdfInput,
    /** The logo decoded once for all documents; null when there is none or pdfkit cannot read it. */
    private readonly logoImage: ImageRecording | null,
  ) {
    const { document, presentation, business } = input;
    this.doc = new PDFDocument({
      // A Factur-X PDF is a PDF/A-3b; the plain PDF is left as it always was.
      ...(input.facturx && (FACTURX_DOCUMENT_OPTIONS as unknown as PDFKit.PDFDocumentOptions)),
      size: 'A4',
      margin: 0,
      bufferPages: true,
      // No default font: pdfkit would parse Helvetica's metrics for every document, and the invoice never uses it.
      font: null as unknown as string,
      info: {
        Title: `${presentation.title} ${presentation.number ?? '(draft)'}`,
        Author: business.name,
        Subject: `${presentation.title} for ${input.client.company || input.client.name}`,
      },
    });
    for (const [key, font] of Object.entries(fontSet.fonts)) {
      // pdfkit takes a parsed fontkit font in place of a file; its types only list file sources.
      this.doc.registerFont(key, font as unknown as Buffer);
    }
    const exponent = currencyExponent(document.currency);
    this.money = (amount) => formatMoney(amount, document.currency, input.locale, exponent);
    this.accent = input.branding.accentColor;
  }

  // ---- text primitives -------------------------------------------------------------------------------------

  private useFont(key: FontKey): PDFKit.PDFDocument {
    this.doc.font(key);
    if (!this.fontsInUse.has(key)) {
      this.fontsInUse.add(key);
      this.metrics.fontWork.adopt((this.doc as unknown as { _font: PdfkitDocumentFont })._font);
    }
    return this.doc;
  }

  /** Width scales linearly with the font size: measured once at size 1 per font and text, for the process. */
  private runWidth(run: TextRun, size: number): number {
    const cache = this.metrics.widths[run.font];
    let unitWidth = cache.get(run.text);
    if (unitWidth === undefined) {
      unitWidth = this.useFont(run.font).fontSize(1).widthOfString(run.text);
      remember(cache, run.text, unitWidth);
    }
    return unitWidth * size;
  }

  private measure(text: string, style: Style): Line {
    const cache = style.bold ? this.metrics.boldRuns : this.metrics.runs;
    let runs = cache.get(text);
    if (!runs) {
      runs = splitRuns(this.fontSet, text, style.bold ?? false);
      remember(cache, text, runs);
    }
    let width = 0;
    for (const run of runs) width += this.runWidth(run, style.size);
    return { runs, width };
  }

  /** Greedy wrapping into lines no wider than `maxWidth`; explicit newlines are kept. */
  private wrap(text: string, style: Style, maxWidth: number): Line[] {
    const lines: Line[] = [];
    for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
      let current = '';
      let currentWidth = 0;
      const flush = () => {
        lines.push(this.measure(current.trimEnd(), style));
        current = '';
        currentWidth = 0;
      };
      for (const token of tokens(paragraph)) {
        const visible = this.measure(token.trimEnd(), style).width;
        if (current !== '' && currentWidth + visible > maxWidth) flush();
        if (current === '' && visible > maxWidth) {
          // A word longer than the line (a URL, an IBAN): break it between characters.
          for (const char of token.trimEnd()) {
            const charWidth = this.measure(char, style).width;
            if (current !== '' && currentWidth + charWidth > maxWidth) flush();
            current += char;
            currentWidth += charWidth;
          }
          current += token.slice(token.trimEnd().length);
          currentWidth = this.measure(current, style).width;
          continue;
        }
        if (current === '' && token.trim() === '') continue;
        current += token;
        currentWidth += this.measure(token, style).width;
      }
      if (current.trim() !== '' || lines.length === 0 || paragraph === '') flush();
    }
    return lines;
  }

  /** Draws one line with its baseline at `baseline`; `align` right puts its end at `x`. */
  private drawLine(
    line: Line,
    x: number,
    baseline: number,
    style: Style,
    align: 'left' | 'right' = 'left',
  ): void {
    let cursor = align === 'right' ? x - line.width : x;
    const color = style.color ?? TEXT;
    if (color !== this.currentColor) {
      this.doc.fillColor(color);
      this.currentColor = color;
    }
    for (const run of line.runs) {
      this.drawn?.push({ font: run.font, size: style.size, text: run.text });
      this.useFont(run.font)
        .fontSize(style.size)
        .text(run.text, cursor, baseline, { lineBreak: false, baseline: 'alphabetic' });
      cursor += this.runWidth(run, style.size);
    }
  }

  private drawText(
    text: string,
    x: number,
    baseline: number,
    style: Style,
    align: 'left' | 'right' = 'left',
  ) {
    this.drawLine(this.measure(text, style), x, baseline, style, align);
  }

  private rule(y: number, color = RULE, from = MARGIN, to = RIGHT, width = 0.6): void {
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(color).stroke().restore();
  }

  /** Starts a new page when fewer than `height` points are left; returns true when it did. */
  private ensureSpace(height: number, withTableHeader: boolean): boolean {
    if (this.y + height <= BODY_BOTTOM) return false;
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.continuationHeader();
    if (withTableHeader) this.tableHeader();
    return true;
  }

  // ---- blocks ------------------------------------------------------------------------------------------------

  private header(): void {
    const { business, document, presentation, logo } = this.input;
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
    const details = [
      ...business.addressLines,
      business.email,
      business.phone,
      business.website,
      business.taxId && `Tax ID: ${business.taxId}`,
    ].filter(Boolean);
    for (const detail of details) {
      this.drawText(detail, MARGIN, leftY + 8.5, { size: 8.5, color: MUTED });
      leftY += lineHeight(8.5);
    }

    let rightY = MARGIN;
    const heading = presentation.title.toUpperCase();
    this.drawText(heading, RIGHT, rightY + 24, { size: 24, bold: true, color: this.accent }, 'right');
    rightY += 38;
    const meta: [string, string][] = presentation.meta.map((row) => [
      row.label,
      row.date ? formatCalendarDate(row.value, this.input.locale) : row.value,
    ]);
    if (document.project) meta.push(['Project', document.project.name]);
    for (const [label, value] of meta) {
      this.drawText(label, RIGHT - 128, rightY + 9, { size: 8.5, color: MUTED }, 'right');
      this.drawText(value, RIGHT, rightY + 9, { size: 9, bold: true }, 'right');
      rightY += lineHeight(9) + 2;
    }
    rightY += 4;
    this.doc
      .save()
      .rect(RIGHT - 220, rightY, 220, 26)
      .fill(SHADE)
      .restore();
    this.drawText(presentation.headline.label, RIGHT - 210, rightY + 17, { size: 9, color: MUTED });
    this.drawText(
      this.money(presentation.headline.amount),
      RIGHT - 10,
      rightY + 17.5,
      { size: 12, bold: true },
      'right',
    );
    rightY += 26;

    this.y = Math.max(leftY, rightY) + 22;
  }

  private billTo(): void {
    const { client } = this.input;
    this.billToTop = this.y;
    const heading = this.input.presentation.partyHeading.toUpperCase();
    this.drawText(heading, MARGIN, this.y + 8, { size: 7.5, bold: true, color: this.accent });
    this.y += 14;
    const primary = client.company || client.name;
    this.drawText(primary, MARGIN, this.y + 10.5, { size: 10.5, bold: true });
    this.y += lineHeight(10.5);
    const details = [
      client.company && client.name !== client.company ? client.name : '',
      ...client.addressLines,
      client.email,
      client.taxId && `Tax ID: ${client.taxId}`,
    ].filter(Boolean);
    for (const detail of details) {
      this.drawText(detail, MARGIN, this.y + 9, { size: 9, color: '#3b4250' });
      this.y += lineHeight(9);
    }
    this.y += 18;
    // A stamp (paid, void, accepted) sits beside this block: keep it clear of the table below.
    if (this.input.presentation.stamp) this.y = Math.max(this.y, this.billToTop + 80);
  }

  private stamp(): void {
    const { stamp } = this.input.presentation;
    if (!stamp) return;
    const label = stamp.text.toUpperCase();
    const color = stamp.tone === 'good' ? '#1b873f' : '#c62828';
    const style = { size: 30, bold: true, color };
    const line = this.measure(label, style);
    // Beside the client block, below the balance: the one place on page 1 where nothing else is printed.
    const cx = RIGHT - 120;
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

  private continuationHeader(): void {
    const { presentation, business } = this.input;
    this.y = MARGIN;
    this.drawText(business.name, MARGIN, this.y + 9, { size: 9, bold: true });
    this.drawText(
      `${presentation.title} ${presentation.number ?? '(draft)'} (continued)`,
      RIGHT,
      this.y + 9,
      { size: 9, color: MUTED },
      'right',
    );
    this.y += 16;
    this.rule(this.y);
    this.y += 12;
  }

  private tableHeader(): void {
    const style = { size: 8, bold: true, color: '#ffffff' };
    this.doc.save().rect(MARGIN, this.y, CONTENT_WIDTH, 20).fill(this.accent).restore();
    const baseline = this.y + 13;
    this.drawText('DESCRIPTION', COLUMNS.description.x, baseline, style);
    this.drawText('QTY', COLUMNS.quantityRight, baseline, style, 'right');
    this.drawText('UNIT PRICE', COLUMNS.unitPriceRight, baseline, style, 'right');
    this.drawText('AMOUNT', COLUMNS.amountRight, baseline, style, 'right');
    this.y += 26;
  }

  /** The quantity with its unit in words ("3 hours", "1 day"); words too wide go on the lines below the number. */
  private quantityCell(item: { quantity: string; unit: string | null }, style: Style, width: number): Line[] {
    const number = formatDecimalNumber(item.quantity, this.input.locale);
    const words = unitWords(item.unit, item.quantity);
    const whole = this.measure(words ? `${number} ${words}` : number, style);
    if (!words || whole.width <= width) return [whole];
    return [this.measure(number, style), ...this.wrap(words, style, width)];
  }

  /** Widths of the quantity and description columns: the quantity column widens for its longest "12.5 square metres". */
  private columnWidths(style: Style): { quantity: number; description: number } {
    let widest = COLUMNS.quantityWidth;
    for (const item of this.input.document.lines) {
      if (!item.unit) continue;
      const [first] = this.quantityCell(item, style, COLUMNS.quantityMaxWidth);
      widest = Math.max(widest, Math.min(first?.width ?? 0, COLUMNS.quantityMaxWidth));
    }
    return { quantity: widest, description: COLUMNS.description.width - (widest - COLUMNS.quantityWidth) };
  }

  private lineItems(): void {
    const { document, locale } = this.input;
    const descriptionStyle = { size: 9 };
    const detailStyle = { size: 7.5, color: MUTED };
    const step = lineHeight(9);
    const widths = this.columnWidths(descriptionStyle);
    this.tableHeader();
    for (const item of document.lines) {
      const lines = this.wrap(item.description, descriptionStyle, widths.description);
      const quantityLines = this.quantityCell(item, descriptionStyle, widths.quantity);
      const rowLines = Math.max(lines.length, quantityLines.length);
      const details: string[] = [];
      if (item.discount && !isZero(item.discountAmount)) {
        const rate =
          item.discount.kind === 'percent' ? ` (${formatPercent(item.discount.value, locale)})` : '';
        details.push(`Discount${rate}: ${this.money(negated(item.discountAmount))}`);
      }
      if (item.taxes.length) {
        details.push(item.taxes.map((tax) => `${tax.name} ${formatPercent(tax.rate, locale)}`).join(', '));
      }
      const detailLines = details.flatMap((detail) => this.wrap(detail, detailStyle, widths.description));
      const rowHeight = rowLines * step + detailLines.length * lineHeight(7.5) + 8;
      // Keep short rows whole; a row taller than what is left continues on the next page.
      this.ensureSpace(Math.min(rowHeight, step * 3), true);
      for (let index = 0; index < rowLines; index++) {
        const first = index === 0;
        if (!first) this.ensureSpace(step + 4, true);
        const baseline = this.y + 9;
        const line = lines[index];
        if (line) this.drawLine(line, COLUMNS.description.x, baseline, descriptionStyle);
        const quantity = quantityLines[index];
        if (quantity) this.drawLine(quantity, COLUMNS.quantityRight, baseline, descriptionStyle, 'right');
        if (first) {
          this.drawText(
            this.money(item.unitPrice),
            COLUMNS.unitPriceRight,
            baseline,
            descriptionStyle,
            'right',
          );
          this.drawText(this.money(item.amount), COLUMNS.amountRight, baseline, descriptionStyle, 'right');
        }
        this.y += step;
      }
      for (const line of detailLines) {
        this.ensureSpace(lineHeight(7.5) + 4, true);
        this.drawLine(line, COLUMNS.description.x, this.y + 7.5, detailStyle);
        this.y += lineHeight(7.5);
      }
      this.y += 4;
      this.rule(this.y);
      this.y += 5;
    }
  }

  /** Draws the totals; returns where they started, so short sections can sit in the empty column beside them. */
  private totals(): number {
    const { document, presentation, locale } = this.input;
    const totals = document.totals;
    const rows: { label: string; amount: string; strong?: boolean; muted?: boolean }[] = [
      { label: 'Subtotal', amount: this.money(totals.subtotal) },
    ];
    if (!isZero(totals.lineDiscountTotal)) {
      rows.push({ label: 'Line discounts', amount: this.money(negated(totals.lineDiscountTotal)) });
    }
    if (!isZero(totals.invoiceDiscount)) {
      const rate =
        document.discount?.kind === 'percent' ? ` (${formatPercent(document.discount.value, locale)})` : '';
      rows.push({ label: `Discount${rate}`, amount: this.money(negated(totals.invoiceDiscount)) });
    }
    for (const tax of totals.taxes) {
      const label = `${tax.name} ${formatPercent(tax.rate, locale)}`;
      rows.push(
        tax.inclusive
          ? { label: `${label} (included)`, amount: this.money(tax.amount), muted: true }
          : { label, amount: this.money(tax.amount) },
      );
    }
    rows.push({ label: 'Total', amount: this.money(totals.total), strong: true });
    for (const row of presentation.afterTotal)
      rows.push({ label: row.label, amount: this.money(row.amount) });

    const step = lineHeight(9) + 3;
    const height = rows.length * step + 46;
    this.y += 6;
    this.ensureSpace(height, false);
    const top = this.y;
    const labelX = RIGHT - 230;
    for (const row of rows) {
      if (row.strong) {
        this.rule(this.y - 2, TEXT, labelX, RIGHT, 0.8);
        this.y += 3;
      }
      const style = { size: row.strong ? 10 : 9, bold: row.strong, color: row.muted ? MUTED : TEXT };
      this.drawText(row.label, labelX + 8, this.y + 10, { ...style, color: row.strong ? TEXT : MUTED });
      this.drawText(row.amount, COLUMNS.amountRight, this.y + 10, style, 'right');
      this.y += step + (row.strong ? 2 : 0);
    }
    this.y += 4;
    this.doc
      .save()
      .rect(labelX, this.y, RIGHT - labelX, 28)
      .fill(this.accent)
      .restore();
    const white = { size: 11, bold: true, color: '#ffffff' };
    this.drawText(presentation.headline.label, labelX + 8, this.y + 18.5, white);
    this.drawText(
      this.money(presentation.headline.amount),
      COLUMNS.amountRight,
      this.y + 18.5,
      white,
      'right',
    );
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
    const width = RIGHT - 230 - 24 - MARGIN;
    let y = top;
    let placed = 0;
    for (const [title, body] of sections) {
      const lines = this.wrap(body.trim(), style, width);
      const height = 14 + lines.length * step + 10;
      if (y + height > bottom) break;
      this.drawText(title.toUpperCase(), MARGIN, y + 8, { size: 7.5, bold: true, color: this.accent });
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
    const lines = this.wrap(body.trim(), style, CONTENT_WIDTH);
    const step = lineHeight(8.5);
    this.ensureSpace(18 + Math.min(lines.length, 3) * step, false);
    this.drawText(title.toUpperCase(), MARGIN, this.y + 8, { size: 7.5, bold: true, color: this.accent });
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
      ? this.wrap(branding.footer.trim(), footerStyle, CONTENT_WIDTH - 110).slice(0, 3)
      : [];
    for (let index = 0; index < range.count; index++) {
      this.doc.switchToPage(range.start + index);
      this.rule(FOOTER_TOP);
      let baseline = FOOTER_TOP + 14;
      for (const line of footerLines) {
        this.drawLine(line, MARGIN, baseline, footerStyle);
        baseline += lineHeight(7.5);
      }
      if (footerLines.length === 0) {
        const name = `${presentation.title} ${presentation.number ?? '(draft)'}`;
        this.drawText(name, MARGIN, FOOTER_TOP + 14, footerStyle);
      }
      this.drawText(`Page ${index + 1} of ${range.count}`, RIGHT, FOOTER_TOP + 14, footerStyle, 'right');
    }
  }

  render(): PDFKit.PDFDocument {
    const { document, presentation, branding } = this.input;
    const payment = presentation.paymentDetails;
    this.header();
    this.billTo();
    this.lineItems();
    const totalsTop = this.totals();
    const sections: [string, string][] = [
      ...presentation.sections,
      ['Notes', document.notes],
      ['Terms', document.terms],
      ['Payment terms', payment ? branding.paymentTermsText : ''],
      ['Payment instructions', payment ? branding.paymentInstructions : ''],
    ];
    const remaining = this.sectionsBesideTotals(
      sections.filter(([, body]) => body.trim() !== ''),
      totalsTop,
      this.y - 20,
    );
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
