import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The figures a rendering of a document shows, read from that rendering alone: each line's description, quantity,
 * unit price, discount and net; the rows of the totals (discounts, taxes, total, paid, balance due); chosen rows
 * beside the title (references, terms); the closing sections. Every kind of space is one plain space; section
 * titles are upper case (the PDF and the plain text print them so).
 */
export interface DocumentFigures {
  lines: { description: string; quantity: string; unitPrice: string; discount: string; net: string }[];
  totals: [string, string][];
  meta: [string, string][];
  sections: [string, string][];
}

type RawFigures = DocumentFigures;

export const fold = (text: string) =>
  text
    .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function normalised(raw: RawFigures, metaLabels: string[]): DocumentFigures {
  return {
    lines: raw.lines.map((line) => ({
      description: fold(line.description),
      quantity: fold(line.quantity),
      unitPrice: fold(line.unitPrice),
      discount: fold(line.discount),
      net: fold(line.net),
    })),
    totals: raw.totals.map(([label, amount]) => [fold(label), fold(amount)]),
    meta: raw.meta
      .map(([label, value]): [string, string] => [fold(label), fold(value)])
      .filter(([label]) => metaLabels.includes(label)),
    sections: raw.sections.map(([title, body]) => [fold(title).toUpperCase(), fold(body)]),
  };
}

/** The staff app's (or portal's) document view, from its DOM: the lines table, the totals list, the notes. */
export async function webFigures(article: Locator, metaLabels: string[]): Promise<DocumentFigures> {
  const raw = await article.evaluate((root): RawFigures => {
    const text = (node: { textContent: string | null } | null | undefined) => node?.textContent ?? '';
    const pairs = (selector: string) =>
      [...root.querySelectorAll(selector)].map((row): [string, string] => [
        text(row.querySelector('dt')),
        text(row.querySelector('dd')),
      ]);
    const columns = [...root.querySelectorAll('[data-block="lines"] thead th')].length;
    return {
      lines: [...root.querySelectorAll('[data-block="lines"] tbody tr')].map((row) => {
        const cells = [...row.querySelectorAll('td')];
        return {
          description: cells[0]?.childNodes[0]?.textContent ?? '',
          quantity: text(cells[1]),
          unitPrice: text(cells[2]),
          discount: columns === 5 ? text(cells[3]) : '',
          net: text(cells.at(-1)),
        };
      }),
      totals: pairs('[data-block="totals"] > div'),
      meta: pairs('[data-block="meta"] > div'),
      sections: [...root.querySelectorAll('[data-block="sections"] > div')].map(
        (section): [string, string] => [
          text(section.querySelector('.document-label')),
          text(section.querySelector('.pre')),
        ],
      ),
    };
  });
  return normalised(raw, metaLabels);
}

/** The email's HTML part, from its DOM (loaded into a page): the document's tables and sections. */
export async function emailHtmlFigures(document: Locator, metaLabels: string[]): Promise<DocumentFigures> {
  const raw = await document.evaluate((root): RawFigures => {
    const text = (node: { textContent: string | null } | null | undefined) => node?.textContent ?? '';
    const rows = (selector: string) =>
      [...root.querySelectorAll(`${selector} tr`)].map((row): [string, string] => [
        text(row.querySelector('th')),
        text(row.querySelector('td')),
      ]);
    const columns = [...root.querySelectorAll('[data-block="lines"] thead th')].length;
    return {
      lines: [...root.querySelectorAll('[data-block="lines"] tbody tr')].map((row) => {
        const cells = [...row.querySelectorAll('td')];
        return {
          description: cells[0]?.childNodes[0]?.textContent ?? '',
          quantity: text(cells[1]),
          unitPrice: text(cells[2]),
          discount: columns === 5 ? text(cells[3]) : '',
          net: text(cells.at(-1)),
        };
      }),
      totals: rows('[data-block="totals"]'),
      meta: rows('[data-block="meta"]'),
      sections: [...root.querySelectorAll('h3')].map((heading): [string, string] => [
        text(heading),
        text(heading.nextElementSibling),
      ]),
    };
  });
  return normalised(raw, metaLabels);
}

const cellsOf = (line: string) => line.trim().split(/\s{2,}/);

/**
 * The email's plain-text part: the document starts at its title (underlined with "="), its lines sit between two
 * dashed rules with their details indented, the totals follow the second rule, then the upper-case sections.
 * `discountWord` starts a line's discount detail ("Discount", "Rabatt").
 */
export function emailTextFigures(text: string, metaLabels: string[], discountWord: string): DocumentFigures {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const title = lines.findIndex((line, index) => /^=+$/.test(lines[index + 1] ?? '') && line.trim() !== '');
  const end = lines.findIndex((line, index) => index > title && line === '--');
  const document = lines.slice(title, end === -1 ? undefined : end);
  const meta: [string, string][] = [];
  for (const line of document.slice(2)) {
    if (line.trim() === '') break;
    const [label = '', value = ''] = cellsOf(line);
    meta.push([label, value]);
  }
  const rules = document.flatMap((line, index) => (/^-{20,}$/.test(line) ? [index] : []));
  const [firstRule = 0, secondRule = 0] = rules;
  const items: DocumentFigures['lines'] = [];
  for (const line of document.slice(firstRule + 1, secondRule)) {
    const item = items.at(-1);
    if (!line.startsWith('    ')) {
      const [description = '', net = ''] = cellsOf(line);
      items.push({ description, quantity: '', unitPrice: '', discount: '', net });
    } else if (item && !item.quantity) {
      const [quantity = '', unitPrice = ''] = line.trim().split(' × ');
      Object.assign(item, { quantity, unitPrice });
    } else if (item && line.trim().startsWith(`${discountWord} `)) {
      item.discount = line.trim().slice(discountWord.length + 1);
    }
  }
  const totals: [string, string][] = [];
  let index = secondRule + 1;
  for (; index < document.length && document[index]!.trim() !== ''; index++) {
    const line = document[index]!;
    if (/^\s+-+$/.test(line)) continue;
    const [label = '', amount = ''] = cellsOf(line);
    totals.push([label, amount]);
  }
  const sections: [string, string][] = [];
  for (; index < document.length; index++) {
    if (document[index]!.trim() !== '') continue;
    const heading = document[index + 1];
    if (!heading?.trim()) continue;
    const body: string[] = [];
    for (let at = index + 2; at < document.length && document[at]!.trim() !== ''; at++)
      body.push(document[at]!);
    sections.push([heading, body.join(' ')]);
  }
  return normalised({ lines: items, totals, meta, sections }, metaLabels);
}

/**
 * The PDF's text in poppler's layout mode, read where the expected figures say to look: a line's row starts with its
 * description (its details are the one-cell rows under it), a total's amount follows its label in the same printed line, a meta value follows its label (first
 * occurrence; a total's last, below the lines), a section is its upper-case title and its body somewhere in the text.
 * What cannot be found comes back empty, so the comparison names it.
 */
export function pdfFigures(layout: string, expected: DocumentFigures, discountWord: string): DocumentFigures {
  const cells = layout.split('\n').map((line) =>
    line
      .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')
      .trim()
      .split(/\s{2,}/)
      .map(fold)
      .filter(Boolean),
  );
  const after = (label: string, from: 'first' | 'last') => {
    const rows = cells.filter((row) => row.slice(0, -1).includes(label));
    const row = from === 'first' ? rows[0] : rows.at(-1);
    return row ? (row[row.indexOf(label) + 1] ?? '') : '';
  };
  const whole = fold(layout);
  return {
    lines: expected.lines.map((line) => {
      const at = cells.findIndex((row) => row[0] === line.description);
      const row = cells[at] ?? [];
      // A line's details are the rows under it that hold one cell (the description column's) only.
      const below = cells.slice(at + 1);
      const end = below.findIndex((row) => row.length !== 1);
      const detail = below
        .slice(0, end === -1 ? undefined : end)
        .flat()
        .find((cell) => cell.startsWith(`${discountWord} `));
      return {
        description: row[0] ?? '',
        quantity: row[1] ?? '',
        unitPrice: row[2] ?? '',
        discount: at >= 0 && detail ? detail.slice(discountWord.length + 1) : '',
        net: row.at(-1) ?? '',
      };
    }),
    totals: expected.totals.map(([label]) => [label, after(label, 'last')]),
    meta: expected.meta.map(([label]) => [label, after(label, 'first')]),
    sections: expected.sections.filter(
      ([title, body]) => cells.some((row) => row.includes(title)) && whole.includes(body),
    ),
  };
}

/** Fails naming the rendering when its figures are not the expected ones. */
export function expectFigures(rendering: string, actual: DocumentFigures, expected: DocumentFigures): void {
  expect(actual, `${rendering}: figures`).toEqual(expected);
}
