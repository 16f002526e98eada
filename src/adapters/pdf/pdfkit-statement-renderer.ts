/**
 * Client statement PDFs with pdfkit: the invoice PDF's fonts, logo, accent colour and footer, then one table per
 * currency (opening balance, dated entries with the running balance, closing balance) and its aged open balance.
 * Figures are printed exactly as the statement gives them.
 */
import PDFDocument from 'pdfkit';
import { currencyExponent } from '../../domain/currency.ts';
import { formatCalendarDate, formatMoney } from '../../domain/locale-format.ts';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import type { StatementEntryKind } from '../../domain/statement.ts';
import type { StatementPdfInput, StatementPdfRenderer } from '../../ports.ts';
import type { StatementCurrencyView } from '../../services/statements/statement-view.ts';
import { type FontSet, splitRuns } from './fonts.ts';
import { type ImageRecording, LogoImageCache, logoForDocument } from './logo-image.ts';

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 48;
const RIGHT = PAGE_WIDTH - MARGIN;
const BODY_BOTTOM = PAGE_HEIGHT - 68;
const FOOTER_TOP = PAGE_HEIGHT - 54;
const TEXT = '#1d2330';
const MUTED = '#6b7280';
const RULE = '#dfe3e8';
const SHADE = '#f4f6f8';

const ENTRY_WORDS: Record<StatementEntryKind, string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  payment: 'Payment',
  refund: 'Refund',
  credit_refund: 'Credit refunded',
  void: 'Voided',
};

const AGING_WORDS: Record<(typeof AGING_BUCKETS)[number], string> = {
  current: 'Current',
  '1-30': '1-30 days',
  '31-60': '31-60 days',
  '61-90': '61-90 days',
  '90+': 'Over 90 days',
};

/** Columns: date, description, then amount and balance right-aligned. */
const COLUMN = {
  date: MARGIN + 6,
  description: MARGIN + 100,
  amountRight: RIGHT - 110,
  balanceRight: RIGHT - 6,
};

interface Style {
  size: number;
  bold?: boolean;
  color?: string;
}

class StatementLayout {
  readonly doc: PDFKit.PDFDocument;
  private y = MARGIN;

  constructor(
    private readonly fontSet: FontSet,
    private readonly input: StatementPdfInput,
    private readonly logoImage: ImageRecording | null,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      bufferPages: true,
      font: null as unknown as string,
      info: {
        Title: `Statement ${input.statement.from} to ${input.statement.to}`,
        Author: input.business.name,
        Subject: `Statement for ${input.client.company || input.client.name}`,
      },
    });
    for (const [key, font] of Object.entries(fontSet.fonts)) {
      this.doc.registerFont(key, font as unknown as Buffer);
    }
  }

  private width(text: string, style: Style): number {
    let width = 0;
    for (const run of splitRuns(this.fontSet, text, style.bold ?? false)) {
      width += this.doc.font(run.font).fontSize(style.size).widthOfString(run.text);
    }
    return width;
  }

  private text(text: string, x: number, baseline: number, style: Style, align: 'left' | 'right' = 'left') {
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

  private rule(y: number) {
    this.doc.save().moveTo(MARGIN, y).lineTo(RIGHT, y).lineWidth(0.6).strokeColor(RULE).stroke().restore();
  }

  private date(day: string): string {
    return formatCalendarDate(day, this.input.locale);
  }

  private ensureSpace(height: number) {
    if (this.y + height <= BODY_BOTTOM) return;
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = MARGIN;
  }

  private header() {
    const { business, client, logo, statement } = this.input;
    const accent = this.input.branding.accentColor;
    let leftY = MARGIN;
    if (logo && this.logoImage) {
      const scale = Math.min(180 / logo.width, 64 / logo.height, 1);
      const image = logoForDocument(this.logoImage, this.doc) as unknown as PDFKit.Mixins.ImageSrc;
      this.doc.image(image, MARGIN, MARGIN, { width: logo.width * scale, height: logo.height * scale });
      leftY += logo.height * scale + 12;
    }
    if (business.name) {
      const size = logo ? 11 : 16;
      this.text(business.name, MARGIN, leftY + size, { size, bold: true, color: logo ? TEXT : accent });
      leftY += size * 1.32 + 2;
    }
    const details = [...business.addressLines, business.email, business.phone, business.website];
    if (business.taxId) details.push(`Tax ID: ${business.taxId}`);
    for (const detail of details.filter(Boolean)) {
      this.text(detail, MARGIN, leftY + 8.5, { size: 8.5, color: MUTED });
      leftY += 11.2;
    }
    this.text('STATEMENT', RIGHT, MARGIN + 24, { size: 24, bold: true, color: accent }, 'right');
    let rightY = MARGIN + 38;
    for (const [label, value] of [
      ['From', this.date(statement.from)],
      ['To', this.date(statement.to)],
    ] as const) {
      this.text(label, RIGHT - 128, rightY + 9, { size: 8.5, color: MUTED }, 'right');
      this.text(value, RIGHT, rightY + 9, { size: 9, bold: true }, 'right');
      rightY += 13.9;
    }
    this.y = Math.max(leftY, rightY) + 22;
    this.text('Statement for', MARGIN, this.y + 8, { size: 8, bold: true, color: MUTED });
    this.y += 12;
    for (const line of [
      client.company || client.name,
      client.company ? client.name : '',
      ...client.addressLines,
    ]) {
      if (!line) continue;
      this.text(line, MARGIN, this.y + 9.5, { size: 9.5 });
      this.y += 12.5;
    }
    this.y += 14;
  }

  private ledger(view: StatementCurrencyView) {
    const money = (amount: string) =>
      formatMoney(amount, view.currency, this.input.locale, currencyExponent(view.currency));
    this.ensureSpace(90);
    this.text(view.currency, MARGIN, this.y + 12, {
      size: 12,
      bold: true,
      color: this.input.branding.accentColor,
    });
    this.y += 20;
    this.doc
      .save()
      .rect(MARGIN, this.y, RIGHT - MARGIN, 18)
      .fill(SHADE)
      .restore();
    const head = { size: 8, bold: true, color: MUTED };
    this.text('Date', COLUMN.date, this.y + 12, head);
    this.text('Description', COLUMN.description, this.y + 12, head);
    this.text('Amount', COLUMN.amountRight, this.y + 12, head, 'right');
    this.text('Balance', COLUMN.balanceRight, this.y + 12, head, 'right');
    this.y += 18;
    const row = (date: string, description: string, amount: string, balance: string, bold = false) => {
      this.ensureSpace(16);
      const style = { size: 9, bold };
      this.text(date, COLUMN.date, this.y + 11, style);
      this.text(description, COLUMN.description, this.y + 11, style);
      if (amount) this.text(amount, COLUMN.amountRight, this.y + 11, style, 'right');
      this.text(balance, COLUMN.balanceRight, this.y + 11, style, 'right');
      this.y += 16;
      this.rule(this.y);
    };
    const { from, to } = this.input.statement;
    row(this.date(from), 'Opening balance', '', money(view.openingBalance), true);
    for (const entry of view.entries) {
      const words = `${ENTRY_WORDS[entry.kind]} ${entry.documentNumber}`;
      row(this.date(entry.date), words, money(entry.amount), money(entry.balance));
    }
    row(this.date(to), 'Closing balance', '', money(view.closingBalance), true);
    this.y += 10;
    this.ensureSpace(44);
    const bucketWidth = (RIGHT - MARGIN) / (AGING_BUCKETS.length + 1);
    const cells: [string, string][] = [
      ...AGING_BUCKETS.map((bucket) => [AGING_WORDS[bucket], money(view.aging[bucket])] as [string, string]),
      ['Total due', money(view.aging.total)],
    ];
    cells.forEach(([label, amount], index) => {
      const right = MARGIN + bucketWidth * (index + 1) - 6;
      this.text(label, right, this.y + 9, { size: 8, color: MUTED }, 'right');
      this.text(amount, right, this.y + 22, { size: 9, bold: index === cells.length - 1 }, 'right');
    });
    this.y += 44;
  }

  private footers() {
    const range = this.doc.bufferedPageRange();
    const footer = this.input.branding.footer.trim().split('\n')[0] ?? '';
    for (let index = 0; index < range.count; index++) {
      this.doc.switchToPage(range.start + index);
      this.rule(FOOTER_TOP);
      const style = { size: 7.5, color: MUTED };
      this.text(footer || 'Statement', MARGIN, FOOTER_TOP + 14, style);
      this.text(`Page ${index + 1} of ${range.count}`, RIGHT, FOOTER_TOP + 14, style, 'right');
    }
  }

  render(): PDFKit.PDFDocument {
    this.header();
    if (this.input.statement.currencies.length === 0) {
      this.text('Nothing to show for this period.', MARGIN, this.y + 10, { size: 10, color: MUTED });
    }
    for (const view of this.input.statement.currencies) this.ledger(view);
    this.footers();
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

/** Shares the invoice renderer's parsed fonts (`fonts`), so a thread parses them once for both. */
export class PdfkitStatementRenderer implements StatementPdfRenderer {
  private readonly logos = new LogoImageCache();

  constructor(private readonly fonts: () => FontSet) {}

  async renderStatement(input: StatementPdfInput): Promise<Buffer> {
    const logoImage = input.logo ? await this.logos.recording(input.logo.image) : null;
    return collect(new StatementLayout(this.fonts(), input, logoImage).render());
  }
}
