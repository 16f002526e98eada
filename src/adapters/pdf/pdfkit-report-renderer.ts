/**
 * Report PDFs (aging, tax, revenue, payments) with pdfkit, in the statements' branding (branded-layout.ts): the
 * letterhead with the report's title and parameters, then one table per section. Amounts are printed as the report
 * gives them, formatted for the locale; text too long for its column is cut with an ellipsis.
 */
import { currencyExponent } from '../../domain/currency.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import type { ReportPdfCell, ReportPdfDocument, ReportPdfInput, ReportPdfRenderer } from '../../ports.ts';
import { BrandedLayout, BrandedRenderer, MARGIN, MUTED } from './branded-layout.ts';
import type { FontSet } from './fonts.ts';
import type { ImageRecording } from './logo-image.ts';

type Section = ReportPdfDocument['sections'][number];

const ROW_HEIGHT = 15;
const CELL_PADDING = 5;

class ReportLayout extends BrandedLayout {
  private readonly boxes = new Map<Section, { x: number; width: number }[]>();

  constructor(
    fontSet: FontSet,
    private readonly input: ReportPdfInput,
    logoImage: ImageRecording | null,
  ) {
    super(fontSet, input, logoImage, { title: input.report.title, subject: input.report.title });
  }

  private cellText(cell: ReportPdfCell): string {
    if (typeof cell === 'string') return cell;
    return formatMoney(cell.amount, cell.currency, this.input.locale, currencyExponent(cell.currency));
  }

  /**
   * Left edges and widths: each column as wide as its widest cell (header and body) would like; the first column
   * (names, periods) takes what is left, and when the page is too narrow every column gives up the same share.
   */
  private columnBoxes(section: Section): { x: number; width: number }[] {
    const cached = this.boxes.get(section);
    if (cached) return cached;
    const available = this.page.right - MARGIN;
    const wanted = section.columns.map((column, index) => {
      const cells = [column.label, ...section.rows.map((row) => this.cellText(row.cells[index] ?? ''))];
      return Math.max(...cells.map((cell) => this.width(cell, { size: 8.5, bold: true }))) + 2 * CELL_PADDING;
    });
    const total = wanted.reduce((sum, width) => sum + width, 0);
    const widths =
      total <= available
        ? wanted.map((width, index) => (index === 0 ? width + available - total : width))
        : wanted.map((width) => (width * available) / total);
    let x = MARGIN;
    const boxes = widths.map((width) => {
      const box = { x, width };
      x += width;
      return box;
    });
    this.boxes.set(section, boxes);
    return boxes;
  }

  private row(section: Section, cells: string[], style: { size: number; bold?: boolean; color?: string }) {
    const boxes = this.columnBoxes(section);
    section.columns.forEach((column, index) => {
      const box = boxes[index]!;
      const text = this.fitted(cells[index] ?? '', box.width - 2 * CELL_PADDING, style);
      if (column.numeric) this.text(text, box.x + box.width - CELL_PADDING, this.y + 10.5, style, 'right');
      else this.text(text, box.x + CELL_PADDING, this.y + 10.5, style);
    });
  }

  private heading(section: Section, heading = section.heading) {
    this.text(heading, MARGIN, this.y + 12, { size: 12, bold: true, color: this.accent });
    this.y += 20;
    this.shade(this.y, 18);
    this.y += 2;
    this.row(
      section,
      section.columns.map((column) => column.label),
      { size: 8, bold: true, color: MUTED },
    );
    this.y += 16;
  }

  private section(section: Section) {
    this.ensureSpace(20 + 18 + ROW_HEIGHT * 2);
    this.heading(section);
    for (const row of section.rows) {
      if (!this.fits(ROW_HEIGHT)) {
        this.ensureSpace(ROW_HEIGHT);
        this.heading(section, `${section.heading} (continued)`);
      }
      this.row(
        section,
        row.cells.map((cell) => this.cellText(cell)),
        { size: 8.5, bold: row.total },
      );
      this.y += ROW_HEIGHT;
      this.rule(this.y);
    }
    this.y += 18;
  }

  render(): PDFKit.PDFDocument {
    const { report } = this.input;
    this.letterhead(
      report.title.toUpperCase(),
      report.meta.map(({ label, value, date }) => [label, date ? this.date(value) : value] as const),
    );
    if (report.sections.length === 0) {
      this.text(report.emptyText, MARGIN, this.y + 10, { size: 10, color: MUTED });
    }
    for (const section of report.sections) this.section(section);
    this.footers(report.title);
    return this.doc;
  }
}

/** Shares the invoice renderer's parsed fonts (`fonts`), as the statement renderer does. */
export class PdfkitReportRenderer extends BrandedRenderer implements ReportPdfRenderer {
  renderReport(input: ReportPdfInput): Promise<Buffer> {
    return this.render(input, (fontSet, each, logo) => new ReportLayout(fontSet, each, logo));
  }
}
