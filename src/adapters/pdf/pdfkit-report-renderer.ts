/**
 * Report PDFs (aging, tax, revenue, payments) with pdfkit, in the statements' branding (branded-layout.ts): the
 * letterhead with the report's title and parameters, then one table per section. Amounts are printed as the report
 * gives them, formatted for the locale; text too long for its column is cut with an ellipsis.
 */
import { currencyExponent } from '../../domain/currency.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import type { ReportPdfCell, ReportPdfDocument, ReportPdfInput, ReportPdfRenderer } from '../../ports.ts';
import { BrandedLayout, BrandedRenderer, MARGIN, MUTED, RIGHT } from './branded-layout.ts';
import type { FontSet } from './fonts.ts';
import type { ImageRecording } from './logo-image.ts';

type Section = ReportPdfDocument['sections'][number];

const ROW_HEIGHT = 15;
const CELL_PADDING = 6;
/** The first column (names, periods) gets at least this much; the others share the rest. */
const FIRST_COLUMN_MIN = 130;
const COLUMN_MAX = 90;

class ReportLayout extends BrandedLayout {
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

  /** Left edges and widths: the first column takes what the others leave. */
  private columnBoxes(section: Section): { x: number; width: number }[] {
    const others = section.columns.length - 1;
    const total = RIGHT - MARGIN;
    const width = others > 0 ? Math.min(COLUMN_MAX, (total - FIRST_COLUMN_MIN) / others) : 0;
    const first = total - width * others;
    return section.columns.map((_, index) =>
      index === 0 ? { x: MARGIN, width: first } : { x: MARGIN + first + width * (index - 1), width },
    );
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

  private heading(section: Section) {
    this.text(section.heading, MARGIN, this.y + 12, { size: 12, bold: true, color: this.accent });
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
        this.heading({ ...section, heading: `${section.heading} (continued)` });
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
