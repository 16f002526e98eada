/**
 * Client statement PDFs with pdfkit: the invoice PDF's fonts, logo, accent colour and footer, then one table per
 * currency (opening balance, dated entries with the running balance, closing balance) and its aged open balance.
 * Figures are printed exactly as the statement gives them.
 */
import { currencyExponent } from '../../domain/currency.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import { documentTranslator } from '../../i18n/document-words.ts';
import type { Translate } from '../../i18n/messages.ts';
import type { StatementPdfInput, StatementPdfRenderer } from '../../ports.ts';
import type { StatementCurrencyView } from '../../services/statements/statement-view.ts';
import { BrandedLayout, BrandedRenderer, MARGIN, MUTED } from './branded-layout.ts';
import type { FontSet } from './fonts.ts';
import type { ImageRecording } from './logo-image.ts';

/** Columns: date, description, then amount and balance right-aligned at the page's right margin. */
function statementColumns(right: number) {
  return {
    date: MARGIN + 6,
    description: MARGIN + 100,
    amountRight: right - 110,
    balanceRight: right - 6,
  };
}

class StatementLayout extends BrandedLayout {
  private readonly columns = statementColumns(this.page.right);
  private readonly t: Translate;

  constructor(
    fontSet: FontSet,
    private readonly input: StatementPdfInput,
    logoImage: ImageRecording | null,
  ) {
    const t = documentTranslator(input);
    super(fontSet, input, logoImage, {
      title: t('statement.fileTitle', { from: input.statement.from, to: input.statement.to }),
      subject: `${t('statement.statementFor')} ${input.client.company || input.client.name}`,
    });
    this.t = t;
  }

  private header() {
    const { client, statement } = this.input;
    const t = this.t;
    this.letterhead(t('statement.heading').toLocaleUpperCase(this.input.locale), [
      [t('statement.from'), this.date(statement.from)],
      [t('statement.to'), this.date(statement.to)],
    ]);
    this.text(t('statement.statementFor'), MARGIN, this.y + 8, { size: 8, bold: true, color: MUTED });
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
      color: this.accent,
    });
    this.y += 20;
    this.shade(this.y, 18);
    const head = { size: 8, bold: true, color: MUTED };
    this.text(this.t('statement.date'), this.columns.date, this.y + 12, head);
    this.text(this.t('statement.description'), this.columns.description, this.y + 12, head);
    this.text(this.t('statement.amount'), this.columns.amountRight, this.y + 12, head, 'right');
    this.text(this.t('statement.balance'), this.columns.balanceRight, this.y + 12, head, 'right');
    this.y += 18;
    const row = (date: string, description: string, amount: string, balance: string, bold = false) => {
      this.ensureSpace(16);
      const style = { size: 9, bold };
      this.text(date, this.columns.date, this.y + 11, style);
      this.text(description, this.columns.description, this.y + 11, style);
      if (amount) this.text(amount, this.columns.amountRight, this.y + 11, style, 'right');
      this.text(balance, this.columns.balanceRight, this.y + 11, style, 'right');
      this.y += 16;
      this.rule(this.y);
    };
    const { from, to } = this.input.statement;
    row(this.date(from), this.t('statement.openingBalance'), '', money(view.openingBalance), true);
    for (const entry of view.entries) {
      const words = `${this.t(`statement.entry.${entry.kind}`)} ${entry.documentNumber}`;
      row(this.date(entry.date), words, money(entry.amount), money(entry.balance));
    }
    row(this.date(to), this.t('statement.closingBalance'), '', money(view.closingBalance), true);
    this.y += 10;
    this.ensureSpace(44);
    const bucketWidth = (this.page.right - MARGIN) / (AGING_BUCKETS.length + 1);
    const cells: [string, string][] = [
      ...AGING_BUCKETS.map(
        (bucket) => [this.t(`statement.aging.${bucket}`), money(view.aging[bucket])] as [string, string],
      ),
      [this.t('statement.totalDue'), money(view.aging.total)],
    ];
    cells.forEach(([label, amount], index) => {
      const right = MARGIN + bucketWidth * (index + 1) - 6;
      this.text(label, right, this.y + 9, { size: 8, color: MUTED }, 'right');
      this.text(amount, right, this.y + 22, { size: 9, bold: index === cells.length - 1 }, 'right');
    });
    this.y += 44;
  }

  render(): PDFKit.PDFDocument {
    this.header();
    if (this.input.statement.currencies.length === 0) {
      this.text(this.t('statement.nothingToShow'), MARGIN, this.y + 10, { size: 10, color: MUTED });
    }
    for (const view of this.input.statement.currencies) this.ledger(view);
    this.footers(this.t('statement.heading'));
    return this.doc;
  }
}

/** Shares the invoice renderer's parsed fonts (`fonts`), so a thread parses them once for both. */
export class PdfkitStatementRenderer extends BrandedRenderer implements StatementPdfRenderer {
  renderStatement(input: StatementPdfInput): Promise<Buffer> {
    return this.render(input, (fontSet, each, logo) => new StatementLayout(fontSet, each, logo));
  }
}
