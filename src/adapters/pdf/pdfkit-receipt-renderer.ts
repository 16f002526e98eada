/**
 * Payment receipt PDFs with pdfkit, in the statements' branding (branded-layout.ts): the letterhead with the
 * receipt's number, date and reference, the payer, the amount received and how, the invoice it paid with the amount
 * applied and the balance left, then its refunds if any. Figures are printed exactly as the receipt gives them.
 */
import { currencyExponent } from '../../domain/currency.ts';
import { formatMoney } from '../../domain/locale-format.ts';
import { documentTranslator } from '../../i18n/document-words.ts';
import type { Translate } from '../../i18n/messages.ts';
import type { ReceiptPdfInput, ReceiptPdfRenderer } from '../../ports.ts';
import { BrandedLayout, BrandedRenderer, MARGIN, MUTED } from './branded-layout.ts';
import type { FontSet } from './fonts.ts';
import type { ImageRecording } from './logo-image.ts';

interface Column {
  label: string;
  /** Left edge, or right edge for figures. */
  x: number;
  right?: boolean;
}

class ReceiptLayout extends BrandedLayout {
  private readonly t: Translate;

  constructor(
    fontSet: FontSet,
    private readonly input: ReceiptPdfInput,
    logoImage: ImageRecording | null,
  ) {
    const t = documentTranslator(input);
    super(fontSet, input, logoImage, {
      title: t('receipt.fileTitle', { number: input.receipt.number }),
      subject: `${t('receipt.receivedFrom')} ${input.client.company || input.client.name}`,
    });
    this.t = t;
  }

  private money(amount: string): string {
    const { currency } = this.input.receipt;
    return formatMoney(amount, currency, this.input.locale, currencyExponent(currency));
  }

  private header() {
    const { client, receipt } = this.input;
    const t = this.t;
    const meta: [string, string][] = [
      [t('receipt.number'), receipt.number],
      [t('receipt.date'), this.date(receipt.paidOn)],
    ];
    if (receipt.reference) meta.push([t('receipt.reference'), receipt.reference]);
    this.letterhead(t('receipt.heading').toLocaleUpperCase(this.input.locale), meta);
    this.text(t('receipt.receivedFrom'), MARGIN, this.y + 8, { size: 8, bold: true, color: MUTED });
    this.y += 12;
    const details = [
      client.company || client.name,
      client.company ? client.name : '',
      ...client.addressLines,
    ];
    if (client.email) details.push(client.email);
    if (client.taxId) details.push(t('party.taxId', { id: client.taxId }));
    for (const line of details) {
      if (!line) continue;
      this.text(line, MARGIN, this.y + 9.5, { size: 9.5 });
      this.y += 12.5;
    }
    this.y += 14;
  }

  /** The amount in a shaded band, with the method (and the provider of an online payment) under it. */
  private amountReceived() {
    const { receipt } = this.input;
    const t = this.t;
    this.shade(this.y, 46);
    this.text(t('receipt.amountReceived'), MARGIN + 10, this.y + 18, { size: 9, color: MUTED });
    this.text(
      this.money(receipt.amount),
      this.page.right - 10,
      this.y + 30,
      {
        size: 20,
        bold: true,
        color: this.accent,
      },
      'right',
    );
    const method = t(`receipt.method.${receipt.method}`);
    const how = receipt.providerName
      ? t('receipt.paidThrough', { method, provider: receipt.providerName })
      : method;
    this.text(`${t('receipt.paymentMethod')}: ${how}`, MARGIN + 10, this.y + 34, { size: 9 });
    this.y += 46 + 18;
  }

  private table(heading: string, columns: Column[], rows: string[][]) {
    this.ensureSpace(40 + rows.length * 16);
    this.text(heading, MARGIN, this.y + 11, { size: 11, bold: true, color: this.accent });
    this.y += 18;
    this.shade(this.y, 18);
    const head = { size: 8, bold: true, color: MUTED };
    for (const column of columns) {
      this.text(column.label, column.x, this.y + 12, head, column.right ? 'right' : 'left');
    }
    this.y += 18;
    for (const row of rows) {
      this.ensureSpace(16);
      columns.forEach((column, index) => {
        const cell = row[index] ?? '';
        this.text(cell, column.x, this.y + 11, { size: 9 }, column.right ? 'right' : 'left');
      });
      this.y += 16;
      this.rule(this.y);
    }
    this.y += 14;
  }

  private appliedTo() {
    const { invoice } = this.input.receipt;
    const t = this.t;
    const right = this.page.right - 6;
    const step = (right - MARGIN - 200) / 3;
    this.table(
      t('receipt.appliedTo'),
      [
        { label: t('receipt.invoice'), x: MARGIN + 6 },
        { label: t('receipt.invoiceDate'), x: MARGIN + 110 },
        { label: t('receipt.invoiceTotal'), x: right - 2 * step, right: true },
        { label: t('receipt.amountApplied'), x: right - step, right: true },
        { label: t('receipt.balanceLeft'), x: right, right: true },
      ],
      [
        [
          invoice.number ?? '',
          this.date(invoice.issueDate),
          this.money(invoice.total),
          this.money(invoice.applied),
          this.money(invoice.balanceDue),
        ],
      ],
    );
  }

  private refunds() {
    const { receipt } = this.input;
    if (receipt.refunds.length === 0) return;
    const t = this.t;
    const right = this.page.right - 6;
    this.table(
      t('receipt.refunds'),
      [
        { label: t('receipt.refundedOn'), x: MARGIN + 6 },
        { label: t('receipt.reason'), x: MARGIN + 110 },
        { label: t('receipt.refundAmount'), x: right, right: true },
      ],
      receipt.refunds.map((refund) => [
        this.date(refund.refundedOn),
        this.fitted(refund.reason, right - MARGIN - 230, { size: 9 }),
        this.money(refund.amount),
      ]),
    );
    this.text(t('receipt.keptAmount'), right - 110, this.y, { size: 9, color: MUTED }, 'right');
    this.text(this.money(receipt.invoice.applied), right, this.y, { size: 9, bold: true }, 'right');
    this.y += 20;
  }

  render(): PDFKit.PDFDocument {
    this.header();
    this.amountReceived();
    this.appliedTo();
    this.refunds();
    this.ensureSpace(20);
    this.text(this.t('receipt.thanks'), MARGIN, this.y + 10, { size: 10 });
    this.footers(this.t('receipt.heading'));
    return this.doc;
  }
}

/** Shares the invoice renderer's parsed fonts (`fonts`), so a thread parses them once for every kind of PDF. */
export class PdfkitReceiptRenderer extends BrandedRenderer implements ReceiptPdfRenderer {
  renderReceipt(input: ReceiptPdfInput): Promise<Buffer> {
    return this.render(input, (fontSet, each, logo) => new ReceiptLayout(fontSet, each, logo));
  }
}
