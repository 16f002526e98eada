/**
 * Text on a pdfkit page with every position computed here: measuring (cached per renderer), greedy wrapping
 * with CJK break opportunities, and drawing runs in the fonts that cover them. The invoice layout builds on it.
 */
import { PAPER_POINTS, type PaperSize } from '../../domain/paper-size.ts';
import { type FontKey, type FontSet, splitRuns, type TextRun } from './fonts.ts';
import { type PdfkitDocumentFont, SharedFontWork } from './shared-font-work.ts';

export const MARGIN = 48;

/** Where things go on a page of one paper size, in points from the top left. */
export interface PageGeometry {
  /** pdfkit's name of the size. */
  size: 'A4' | 'LETTER';
  width: number;
  height: number;
  /** The right margin's edge. */
  right: number;
  contentWidth: number;
  /** Lowest point the body may reach; the footer lives below it. */
  bodyBottom: number;
  footerTop: number;
  /** How much wider than A4 the page is (table columns give it to the description). */
  extraWidth: number;
}

export function pageGeometry(paper: PaperSize = 'a4'): PageGeometry {
  const { width, height } = PAPER_POINTS[paper];
  return {
    size: paper === 'letter' ? 'LETTER' : 'A4',
    width,
    height,
    right: width - MARGIN,
    contentWidth: width - 2 * MARGIN,
    bodyBottom: height - 68,
    footerTop: height - 54,
    extraWidth: width - PAPER_POINTS.a4.width,
  };
}

export const TEXT = '#1d2330';
export const MUTED = '#6b7280';
export const RULE = '#dfe3e8';
export const SHADE = '#f4f6f8';

export interface Style {
  size: number;
  bold?: boolean;
  color?: string;
}

export interface Line {
  runs: TextRun[];
  width: number;
}

export const CJK_CHAR = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/u;
export const CJK_SPLIT = /([\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef])/u;

/** Break opportunities: after spaces, and around every CJK character (those scripts wrap between characters). */
export function tokens(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  if (!CJK_CHAR.test(text)) return words;
  return words.flatMap((word) => word.split(CJK_SPLIT).filter(Boolean));
}

export function lineHeight(size: number): number {
  return size * 1.32;
}

/** Measurements shared by the documents of one renderer (the fonts never change, so neither do they). */
export interface TextMetricsCache {
  widths: Record<FontKey, Map<string, number>>;
  runs: Map<string, TextRun[]>;
  boldRuns: Map<string, TextRun[]>;
  /** Shaped words and glyph data shared by the documents' fonts. */
  fontWork: SharedFontWork;
}

export const CACHE_LIMIT = 20_000;

/** Bounded: descriptions are free text, so the cache starts over rather than growing without end. */
export function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}

export function emptyMetrics(): TextMetricsCache {
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

/** A document being drawn, with the text primitives its blocks use. */
export class PdfTextCanvas {
  protected y = MARGIN;
  /** The fill colour last set for text; shapes set theirs inside save()/restore(), which puts this one back. */
  private currentColor = '';
  /** When set, every text run drawn is listed here (the benchmark's baseline draws the same runs). */
  drawn: DrawnText[] | null = null;
  private readonly fontsInUse = new Set<FontKey>();

  constructor(
    readonly doc: PDFKit.PDFDocument,
    protected readonly fontSet: FontSet,
    private readonly metrics: TextMetricsCache,
    protected readonly page: PageGeometry,
  ) {}

  protected useFont(key: FontKey): PDFKit.PDFDocument {
    this.doc.font(key);
    if (!this.fontsInUse.has(key)) {
      this.fontsInUse.add(key);
      this.metrics.fontWork.adopt((this.doc as unknown as { _font: PdfkitDocumentFont })._font);
    }
    return this.doc;
  }

  /** Width scales linearly with the font size: measured once at size 1 per font and text, for the process. */
  protected runWidth(run: TextRun, size: number): number {
    const cache = this.metrics.widths[run.font];
    let unitWidth = cache.get(run.text);
    if (unitWidth === undefined) {
      unitWidth = this.useFont(run.font).fontSize(1).widthOfString(run.text);
      remember(cache, run.text, unitWidth);
    }
    return unitWidth * size;
  }

  protected measure(text: string, style: Style): Line {
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
  protected wrap(text: string, style: Style, maxWidth: number): Line[] {
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
  protected drawLine(
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

  protected drawText(
    text: string,
    x: number,
    baseline: number,
    style: Style,
    align: 'left' | 'right' = 'left',
  ) {
    this.drawLine(this.measure(text, style), x, baseline, style, align);
  }

  protected rule(y: number, color = RULE, from = MARGIN, to = this.page.right, width = 0.6): void {
    this.doc.save().moveTo(from, y).lineTo(to, y).lineWidth(width).strokeColor(color).stroke().restore();
  }
}
