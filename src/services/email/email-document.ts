/**
 * A document (invoice, quote, credit note) printed inside its email, block by block as the PDF and the web view
 * print it, from the same description (src/domain/document-description.ts): the seller and buyer blocks, the rows
 * beside the title, the lines, each discount and tax, the totals and the closing sections. The HTML part is tables
 * with inline styles and HTML attributes only (email clients drop style sheets), every text escaped; the plain-text
 * part lines the figures up on the right. Nothing is formatted or computed here.
 */
import type { DescribedTotalRow, DocumentDescription } from '../../domain/document-description.ts';
import { escapeHtml as e } from './email-layout.ts';

/** The header words of the lines table, in the reader's language (the documents messages). */
export interface DocumentColumnWords {
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  amount: string;
}

/** A described document and the words of its table's header. */
export interface EmailedDocument {
  description: DocumentDescription;
  columns: DocumentColumnWords;
}

const MUTED = '#555555';
const RULE = '#dddddd';
const multiline = (text: string) => e(text).replace(/\r?\n/g, '<br>');
const cell = 'padding:6px 8px;border-bottom:1px solid';

function heading(description: DocumentDescription): string {
  return [description.title, description.number].filter(Boolean).join(' ');
}

function partyHtml(name: string, lines: string[]): string {
  return [`<strong>${e(name)}</strong>`, ...lines.map(e)].join('<br>');
}

function metaHtml(meta: [string, string][]): string {
  if (meta.length === 0) return '';
  const rows = meta
    .map(
      ([label, value]) =>
        `<tr><th scope="row" align="left" style="padding:2px 12px 2px 0;font-weight:normal;color:${MUTED};text-align:left">${e(label)}</th><td align="right" style="padding:2px 0;text-align:right"><strong>${e(value)}</strong></td></tr>`,
    )
    .join('\n');
  return `<table role="presentation" data-block="meta" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:13px;margin-left:auto">\n${rows}\n</table>`;
}

function linesHtml({ description, columns }: EmailedDocument): string {
  const withDiscount = description.lines.some((line) => line.discount);
  const th = (text: string, align: 'left' | 'right') =>
    `<th scope="col" align="${align}" style="${cell} ${RULE};text-align:${align};font-size:12px;color:${MUTED}">${e(text)}</th>`;
  const figure = (text: string, strong = false) =>
    `<td align="right" style="${cell} ${RULE};text-align:right;white-space:nowrap;vertical-align:top">${strong ? `<strong>${e(text)}</strong>` : e(text)}</td>`;
  const head = [
    th(columns.description, 'left'),
    th(columns.quantity, 'right'),
    th(columns.unitPrice, 'right'),
    ...(withDiscount ? [th(columns.discount, 'right')] : []),
    th(columns.amount, 'right'),
  ].join('');
  const body = description.lines
    .map((line) => {
      const taxes = line.taxes
        ? `<br><span style="font-size:12px;color:${MUTED}">${e(line.taxes)}</span>`
        : '';
      return `<tr><td style="${cell} ${RULE};vertical-align:top">${multiline(line.description)}${taxes}</td>${figure(line.quantity)}${figure(line.unitPrice)}${withDiscount ? figure(line.discount) : ''}${figure(line.net, true)}</tr>`;
    })
    .join('\n');
  return `<table data-block="lines" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;width:100%;font-size:13px;margin:0 0 12px">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function totalRowHtml(row: DescribedTotalRow, accent: string): string {
  const strong = row.kind === 'total' || row.kind === 'due';
  const wrap = (text: string) => (strong ? `<strong>${e(text)}</strong>` : e(text));
  const top = row.kind === 'total' || row.kind === 'due' ? `border-top:2px solid ${accent};` : '';
  const colour = row.included ? `color:${MUTED};` : '';
  return `<tr data-kind="${row.kind}"><th scope="row" align="left" style="${top}padding:4px 16px 4px 0;font-weight:normal;text-align:left;${colour}">${wrap(row.label)}</th><td align="right" style="${top}padding:4px 0;text-align:right;white-space:nowrap;${colour}">${wrap(row.amount)}</td></tr>`;
}

/** The document as an HTML block for the email layout; `accent` is the brand colour of the rules. */
export function documentEmailHtml(document: EmailedDocument, accent: string): string {
  const { description } = document;
  const totals = description.totals.map((row) => totalRowHtml(row, accent)).join('\n');
  const sections = description.sections
    .map(
      ([title, body]) =>
        `<h3 style="font-size:13px;margin:16px 0 4px">${e(title)}</h3>\n<p style="margin:0 0 8px;font-size:13px">${multiline(body)}</p>`,
    )
    .join('\n');
  return `<div data-email-part="document" style="margin:24px 0 0;padding:16px 0 0;border-top:1px solid ${RULE}">
<h2 style="font-size:18px;margin:0 0 12px">${e(heading(description))}</h2>
<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:13px">
<tr><td data-block="seller" valign="top" style="vertical-align:top;padding:0 12px 0 0">${partyHtml(description.seller.name, description.seller.lines)}</td>
<td valign="top" style="vertical-align:top">${metaHtml(description.meta)}</td></tr>
</table>
<p data-block="buyer" style="margin:0 0 16px;font-size:13px"><span style="font-size:11px;color:${MUTED};text-transform:uppercase;letter-spacing:0.05em">${e(description.buyer.heading)}</span><br>${partyHtml(description.buyer.name, description.buyer.lines)}</p>
${linesHtml(document)}
<table data-block="totals" cellpadding="0" cellspacing="0" border="0" align="right" style="border-collapse:collapse;font-size:14px;margin:0 0 16px auto">
${totals}
</table>
<div style="clear:both"></div>
${sections}
</div>`;
}

/** The width of the plain-text document: amounts end in this column. */
const WIDTH = 64;

/** Words of `text` on lines of at most `width` characters (a longer word keeps its own line). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** `left` and `right` on one line, `right` ending at WIDTH (a long `left` wraps, `right` on its first line). */
function spread(left: string, right: string, indent = ''): string[] {
  const room = WIDTH - right.length - 2 - indent.length;
  const [first = '', ...rest] = wrap(left, Math.max(room, 16));
  const gap = Math.max(WIDTH - indent.length - first.length - right.length, 2);
  return [`${indent}${first}${' '.repeat(gap)}${right}`, ...rest.map((line) => `${indent}${line}`)];
}

/** The document as plain text: figures on the right, each line's details indented under its description. */
export function documentEmailText({ description, columns }: EmailedDocument): string {
  const rule = '-'.repeat(WIDTH);
  const title = heading(description).toUpperCase();
  const labelWidth = Math.max(0, ...description.meta.map(([label]) => label.length));
  const lines = description.lines.flatMap((line) => [
    ...spread(line.description, line.net),
    `    ${line.quantity} × ${line.unitPrice}`,
    ...(line.discount ? [`    ${columns.discount} ${line.discount}`] : []),
    ...(line.taxes ? wrap(line.taxes, WIDTH - 4).map((text) => `    ${text}`) : []),
  ]);
  // Total and the closing figure stand under a short rule over the figures, as on the PDF.
  const underline = `${' '.repeat(WIDTH - 32)}${'-'.repeat(32)}`;
  const totals = description.totals.flatMap((row) =>
    row.kind === 'total' || row.kind === 'due'
      ? [underline, ...spread(row.label, row.amount)]
      : spread(row.label, row.amount),
  );
  const sections = description.sections.flatMap(([heading, body]) => [
    '',
    heading.toUpperCase(),
    ...wrap(body, WIDTH),
  ]);
  return [
    title,
    '='.repeat(Math.min(Math.max(title.length, 8), WIDTH)),
    ...description.meta.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`),
    '',
    description.seller.name,
    ...description.seller.lines,
    '',
    description.buyer.heading.toUpperCase(),
    description.buyer.name,
    ...description.buyer.lines,
    '',
    ...spread(columns.description, columns.amount),
    rule,
    ...lines,
    rule,
    ...totals,
    ...sections,
  ].join('\n');
}
