import { describe, expect, it } from 'vitest';
import { TrueTypeSubsetSource } from '../../src/adapters/pdf/font-subset.ts';
import { type LoadedFont, loadFontSet } from '../../src/adapters/pdf/fonts.ts';

interface SubsettableFont extends LoadedFont {
  createSubset(): { includeGlyph(gid: number): number; encode(): Uint8Array };
  layout(text: string): { glyphs: { id: number }[] };
}

const fontSet = loadFontSet();

/** Glyph ids in the order a document would first use them. */
function glyphIds(font: SubsettableFont, text: string): number[] {
  return font.layout(text).glyphs.map((glyph) => glyph.id);
}

const texts = [
  'Invoice INV-2026-0042: Consulting services, $1,234.56',
  // Accented letters are compound glyphs in DejaVu (a base glyph plus a mark): their parts join the subset.
  'Ærøskøbing Straße 5, Évry, Łódź, Ångström: À bientôt ça ŕ ǻ ḉ',
  'Счёт № 42 · Ρόδος · 1 234,56 €',
  '',
];

describe('TrueType subsets', () => {
  for (const key of ['regular', 'bold', 'cjk'] as const) {
    const font = fontSet.fonts[key] as SubsettableFont | undefined;
    it.skipIf(!font)(`are byte for byte fontkit's own for the ${key} font`, () => {
      const source = TrueTypeSubsetSource.for(font!)!;
      expect(source).not.toBeNull();
      for (const text of [...texts, key === 'cjk' ? '請求書 合計 ¥12,000 お支払い期限' : texts.join(' ')]) {
        const ours = source.createSubset();
        const theirs = font!.createSubset();
        for (const gid of glyphIds(font!, text)) {
          expect(ours.includeGlyph(gid)).toBe(theirs.includeGlyph(gid));
        }
        // Several subsets from one source: what one reads of the glyphs must not leak into the next.
        expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.encode())), text).toBe(true);
        expect(ours.glyphs).toEqual((theirs as unknown as { glyphs: number[] }).glyphs);
      }
    });
  }

  it('take in the parts of compound glyphs', () => {
    const font = fontSet.fonts.regular as SubsettableFont;
    const subset = TrueTypeSubsetSource.for(font)!.createSubset();
    const used = glyphIds(font, texts[1]!);
    for (const gid of used) subset.includeGlyph(gid);
    subset.encode();
    expect(subset.glyphs.length).toBeGreaterThan(new Set([0, ...used]).size);
  });
});
