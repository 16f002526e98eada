/**
 * TrueType subsets for embedding, byte for byte what fontkit's own subsetter writes, without its cost per document.
 * fontkit decodes every glyph's outline and re-encodes the font's unchanged tables (hinting programs, control
 * values) for each PDF; here the tables that never change are encoded once per font and each glyph's bytes, parts
 * and metrics are read once per process, so a subset is a few array copies.
 *
 * Used for TrueType-outline fonts without variations (DejaVu, the Noto SC TTFs); others keep fontkit's subsetter.
 */
import type { LoadedFont } from './fonts.ts';

/** The part of fontkit's font this module reads (fontkit 2.0, pinned in package.json). */
interface FontkitTrueType extends LoadedFont {
  createSubset(): { includeGlyph(glyph: number): number; encode(): Uint8Array };
  getGlyph(gid: number): {
    advanceWidth: number;
    _decode(): { numberOfContours: number; components?: { glyphID: number; pos: number }[] } | null;
    _getMetrics(): { leftBearing: number };
  };
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  loca: { version: number; offsets: number[] };
  _variationProcessor?: unknown;
}

interface GlyphData {
  bytes: Uint8Array;
  /** Parts of a compound glyph: the glyph each refers to and where its id is written in `bytes`. */
  components: { glyphID: number; pos: number }[] | null;
  advance: number;
  bearing: number;
}

/** Tables in the order fontkit writes them; those the font lacks are left out. */
const TABLE_ORDER = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'] as const;
type TableTag = (typeof TABLE_ORDER)[number];

/** What one font's subsets share: its unchanging tables, already encoded, and its glyphs as they are read. */
export class TrueTypeSubsetSource {
  private readonly glyphs = new Map<number, GlyphData>();
  private readonly fixed: Partial<Record<TableTag, Uint8Array>>;
  private readonly tags: TableTag[];
  private readonly shortLoca: boolean;

  private constructor(private readonly font: FontkitTrueType) {
    this.shortLoca = font.loca.version === 0;
    // fontkit's own subset of .notdef alone gives its encoding of the tables that do not depend on the glyphs.
    const reference = readTables(font.createSubset().encode());
    this.tags = TABLE_ORDER.filter((tag) => reference.has(tag));
    this.fixed = Object.fromEntries(reference);
  }

  /** A source for the font, or null when its subsets must come from fontkit (CFF outlines, variations). */
  static for(font: LoadedFont): TrueTypeSubsetSource | null {
    const candidate = font as FontkitTrueType;
    if (!candidate.directory?.tables.glyf || !candidate.loca || candidate._variationProcessor) return null;
    return new TrueTypeSubsetSource(candidate);
  }

  createSubset(): TrueTypeSubset {
    return new TrueTypeSubset(this);
  }

  glyph(gid: number): GlyphData {
    let data = this.glyphs.get(gid);
    if (!data) {
      const { font } = this;
      const glyph = font.getGlyph(gid);
      const decoded = glyph._decode();
      const table = font.directory.tables.glyf!;
      const start = table.offset + font.loca.offsets[gid]!;
      const end = table.offset + font.loca.offsets[gid + 1]!;
      data = {
        bytes: font.stream.buffer.slice(start, end),
        components:
          decoded && decoded.numberOfContours < 0
            ? (decoded.components ?? []).map(({ glyphID, pos }) => ({ glyphID, pos }))
            : null,
        advance: glyph.advanceWidth,
        bearing: glyph._getMetrics().leftBearing,
      };
      this.glyphs.set(gid, data);
    }
    return data;
  }

  /** The font file holding `glyphIds`, numbered in that order (the ids the PDF's text refers to). */
  encode(glyphIds: number[], includeGlyph: (gid: number) => number): Uint8Array {
    const parts: Uint8Array[] = [];
    const offsets: number[] = [];
    let offset = 0;
    // Compound glyphs add their parts to the subset as they are met, so the list may grow during the loop.
    for (let index = 0; index < glyphIds.length; index++) {
      const data = this.glyph(glyphIds[index]!);
      let bytes = data.bytes;
      if (data.components) {
        bytes = Uint8Array.from(bytes);
        const view = new DataView(bytes.buffer);
        for (const component of data.components)
          view.setUint16(component.pos, includeGlyph(component.glyphID));
      }
      parts.push(bytes);
      offsets.push(offset);
      offset += bytes.length;
    }
    offsets.push(offset);
    const count = parts.length;

    const loca = new Uint8Array(offsets.length * (this.shortLoca ? 2 : 4));
    const locaView = new DataView(loca.buffer);
    offsets.forEach((value, index) => {
      if (this.shortLoca) locaView.setUint16(index * 2, value >>> 1);
      else locaView.setUint32(index * 4, value);
    });
    const hmtx = new Uint8Array(count * 4);
    const hmtxView = new DataView(hmtx.buffer);
    for (let index = 0; index < count; index++) {
      const data = this.glyph(glyphIds[index]!);
      hmtxView.setUint16(index * 4, data.advance);
      hmtxView.setInt16(index * 4 + 2, data.bearing);
    }
    const glyf = new Uint8Array(offset);
    for (let index = 0; index < count; index++) glyf.set(parts[index]!, offsets[index]);
    const hhea = Uint8Array.from(this.fixed.hhea!);
    new DataView(hhea.buffer).setUint16(34, count); // numberOfMetrics
    const maxp = Uint8Array.from(this.fixed.maxp!);
    new DataView(maxp.buffer).setUint16(4, count); // numGlyphs

    const variable: Partial<Record<TableTag, Uint8Array>> = { loca, glyf, hmtx, hhea, maxp };
    return writeTables(this.tags.map((tag) => [tag, variable[tag] ?? this.fixed[tag]!]));
  }
}

/** A subset being filled by one document: the interface pdfkit uses of fontkit's subsets. */
export class TrueTypeSubset {
  readonly glyphs: number[] = [];
  private readonly mapping = new Map<number, number>();

  constructor(private readonly source: TrueTypeSubsetSource) {
    this.includeGlyph(0);
  }

  includeGlyph(glyph: number | { id: number }): number {
    const gid = typeof glyph === 'object' ? glyph.id : glyph;
    let index = this.mapping.get(gid);
    if (index === undefined) {
      index = this.glyphs.push(gid) - 1;
      this.mapping.set(gid, index);
    }
    return index;
  }

  encode(): Uint8Array {
    return this.source.encode(this.glyphs, (gid) => this.includeGlyph(gid));
  }
}

/** The tables of a font file written as fontkit writes subsets: no checksums, no padding, in the order given. */
function writeTables(tables: [string, Uint8Array][]): Uint8Array {
  const headerLength = 12 + tables.length * 16;
  const size = tables.reduce((sum, [, bytes]) => sum + bytes.length, headerLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  const powerOf2 = 2 ** Math.floor(Math.log2(tables.length));
  out.set([0x74, 0x72, 0x75, 0x65]); // 'true'
  view.setUint16(4, tables.length);
  view.setUint16(6, powerOf2 * 16);
  view.setUint16(8, Math.log2(powerOf2));
  view.setUint16(10, tables.length * 16 - powerOf2 * 16);
  let offset = headerLength;
  tables.forEach(([tag, bytes], index) => {
    const entry = 12 + index * 16;
    for (let i = 0; i < 4; i++) out[entry + i] = tag.charCodeAt(i);
    view.setUint32(entry + 8, offset);
    view.setUint32(entry + 12, bytes.length);
    out.set(bytes, offset);
    offset += bytes.length;
  });
  return out;
}

function readTables(file: Uint8Array): Map<TableTag, Uint8Array> {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tables = new Map<TableTag, Uint8Array>();
  for (let index = 0; index < view.getUint16(4); index++) {
    const entry = 12 + index * 16;
    const tag = String.fromCharCode(...file.subarray(entry, entry + 4)) as TableTag;
    const offset = view.getUint32(entry + 8);
    tables.set(tag, file.slice(offset, offset + view.getUint32(entry + 12)));
  }
  return tables;
}
