/**
 * Work on fonts that pdfkit repeats for every document, done once per process instead. pdfkit (0.20, pinned in
 * package.json) gives each document its own object per font, with its own cache of shaped words and its own
 * fontkit subset; this module hands each of those objects, when a document first uses the font, a cache of shaped
 * words shared by every document and a subset built from glyph data read once (font-subset.ts).
 */
import { TrueTypeSubsetSource } from './font-subset.ts';
import type { LoadedFont } from './fonts.ts';

/** The fields of pdfkit's per-document font object (EmbeddedFont) that this module replaces. */
export interface PdfkitDocumentFont {
  font?: LoadedFont;
  subset?: unknown;
  /** Shaped words by text; pdfkit reads and fills it as a plain object. Its entries are never changed after. */
  layoutCache?: Record<string, unknown>;
}

/** Shaped words kept per font; free text (descriptions) makes new words, so the cache starts over at this size. */
const SHAPED_WORDS_LIMIT = 20_000;

/** A plain-object view of a bounded Map, as pdfkit reads and writes its layout cache. */
function boundedWordCache(): Record<string, unknown> {
  const words = new Map<string, unknown>();
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_target, key) => (typeof key === 'string' ? words.get(key) : undefined),
    set: (_target, key, value) => {
      if (typeof key !== 'string') return false;
      if (words.size >= SHAPED_WORDS_LIMIT) words.clear();
      words.set(key, value);
      return true;
    },
  });
}

interface PerFont {
  subsets: TrueTypeSubsetSource | null;
  shapedWords: Record<string, unknown>;
}

export class SharedFontWork {
  private readonly fonts = new Map<LoadedFont, PerFont>();
  /** Two names may share one font object in a document (a CJK font without a bold face): adopted once. */
  private readonly adopted = new WeakSet<PdfkitDocumentFont>();

  /** Call when a document first uses a font, before it measures or draws text with it. */
  adopt(documentFont: PdfkitDocumentFont): void {
    const font = documentFont.font;
    // pdfkit's built-in fonts (not fontkit ones) have nothing to share.
    if (!font || !documentFont.layoutCache || this.adopted.has(documentFont)) return;
    this.adopted.add(documentFont);
    let shared = this.fonts.get(font);
    if (!shared) {
      shared = { subsets: TrueTypeSubsetSource.for(font), shapedWords: boundedWordCache() };
      this.fonts.set(font, shared);
    }
    documentFont.layoutCache = shared.shapedWords;
    if (shared.subsets) documentFont.subset = shared.subsets.createSubset();
  }
}
