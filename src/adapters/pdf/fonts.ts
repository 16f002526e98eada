/**
 * Fonts embedded in invoice PDFs. DejaVu Sans covers Latin, Greek and Cyrillic; Chinese and Japanese come from a
 * CJK fallback font when one is available (see docs/pdf.md for where it is looked up). pdfkit embeds only the
 * glyphs a document uses (a subset), so a large CJK font costs nothing in documents that do not need it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The part of a fontkit font this module uses; pdfkit accepts the object itself in place of a file. */
export interface LoadedFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): unknown;
}

interface Fontkit {
  create(data: Buffer, postscriptName?: string): LoadedFont;
}

const require = createRequire(import.meta.url);
// The fontkit pdfkit itself depends on: a font parsed once here is reused by every document of the process.
const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as Fontkit;

export type FontKey = 'regular' | 'bold' | 'cjk' | 'cjkBold';

export interface FontSet {
  fonts: Partial<Record<FontKey, LoadedFont>>;
  /** Where the CJK font came from, or null when none was found (CJK text then shows as missing glyphs). */
  cjkSource: string | null;
}

/** A font file, optionally "path#PostScriptName" to pick one face of a collection (.ttc). */
function loadFont(spec: string): LoadedFont | null {
  const [path, postscriptName] = spec.split('#') as [string, string | undefined];
  if (!existsSync(path)) return null;
  return fontkit.create(readFileSync(path), postscriptName);
}

function packageFile(specifier: string): string | null {
  try {
    return require.resolve(specifier);
  } catch {
    return null;
  }
}

/** CJK fonts tried in order: the configured file, the npm font package, then common system fonts. */
export function cjkFontCandidates(configured: string | undefined): { regular: string; bold?: string }[] {
  const candidates: { regular: string; bold?: string }[] = [];
  if (configured) candidates.push({ regular: configured });
  const notoRegular = packageFile('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
  if (notoRegular) {
    const notoBold = packageFile('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf');
    candidates.push({ regular: notoRegular, ...(notoBold ? { bold: notoBold } : {}) });
  }
  candidates.push(
    {
      regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular',
      bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc#NotoSansCJKsc-Bold',
    },
    { regular: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
    { regular: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei' },
  );
  return candidates;
}

export function loadFontSet(options: { cjkFont?: string } = {}): FontSet {
  const dejavu = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);
  const fonts: FontSet['fonts'] = {
    regular: fontkit.create(readFileSync(dejavu('DejaVuSans.ttf'))),
    bold: fontkit.create(readFileSync(dejavu('DejaVuSans-Bold.ttf'))),
  };
  let cjkSource: string | null = null;
  for (const candidate of cjkFontCandidates(options.cjkFont)) {
    const regular = loadFont(candidate.regular);
    if (!regular) continue;
    fonts.cjk = regular;
    fonts.cjkBold = (candidate.bold && loadFont(candidate.bold)) || regular;
    cjkSource = candidate.regular;
    break;
  }
  return { fonts, cjkSource };
}

export interface TextRun {
  font: FontKey;
  text: string;
}

/**
 * Splits text into runs of one font each: DejaVu where it has the glyph, else the CJK font, else the character's
 * compatibility form (a full-width yen sign becomes ¥), else DejaVu's missing-glyph box.
 */
export function splitRuns(fontSet: FontSet, text: string, bold: boolean): TextRun[] {
  const primaryKey: FontKey = bold ? 'bold' : 'regular';
  const fallbackKey: FontKey = bold ? 'cjkBold' : 'cjk';
  const primary = fontSet.fonts[primaryKey]!;
  const fallback = fontSet.fonts[fallbackKey];
  const runs: TextRun[] = [];
  let current: TextRun | null = null;
  for (const char of text) {
    let font: FontKey = primaryKey;
    let shown = char;
    const codePoint = char.codePointAt(0)!;
    if (codePoint > 0x7e && !primary.hasGlyphForCodePoint(codePoint)) {
      if (fallback?.hasGlyphForCodePoint(codePoint)) {
        font = fallbackKey;
      } else {
        const compatible = char.normalize('NFKC');
        if (
          compatible !== char &&
          [...compatible].every((c) => primary.hasGlyphForCodePoint(c.codePointAt(0)!))
        ) {
          shown = compatible;
        }
      }
    }
    if (current && current.font === font) {
      current.text += shown;
    } else {
      current = { font, text: shown };
      runs.push(current);
    }
  }
  return runs;
}
