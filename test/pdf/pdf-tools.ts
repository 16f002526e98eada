import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';

const run = promisify(execFile);

/** Runs a poppler/qpdf tool on PDF bytes written to a temporary file. */
export async function onPdfFile<T>(bytes: Buffer, work: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'remit-pdf-'));
  const file = path.join(dir, 'invoice.pdf');
  try {
    await writeFile(file, bytes);
    return await work(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function qpdfCheck(bytes: Buffer): Promise<string> {
  return onPdfFile(bytes, async (file) => (await run('qpdf', ['--check', file])).stdout);
}

/** The text poppler extracts, with every kind of space folded into one plain space. */
export async function pdfText(bytes: Buffer, pages?: { first: number; last: number }): Promise<string> {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  const text = await onPdfFile(
    bytes,
    async (file) => (await run('pdftotext', [...range, file, '-'], { maxBuffer: 64 << 20 })).stdout,
  );
  return foldSpaces(text);
}

/**
 * The text in the order the page draws it (poppler's raw mode): a word set at an angle, such as a stamp, stays whole
 * instead of being read in pieces by position.
 */
export async function pdfDrawnText(bytes: Buffer): Promise<string> {
  const text = await onPdfFile(
    bytes,
    async (file) => (await run('pdftotext', ['-raw', file, '-'], { maxBuffer: 64 << 20 })).stdout,
  );
  return foldSpaces(text);
}

/** The text in poppler's layout mode, one string per printed line (spaces folded): a row's cells stay together. */
export async function pdfLines(bytes: Buffer): Promise<string[]> {
  const text = await onPdfFile(
    bytes,
    async (file) => (await run('pdftotext', ['-layout', file, '-'], { maxBuffer: 64 << 20 })).stdout,
  );
  return text
    .split('\n')
    .map((line) => foldSpaces(line).trim())
    .filter(Boolean);
}

export function foldSpaces(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/gu, ' ');
}

export async function pdfPageCount(bytes: Buffer): Promise<number> {
  const info = await onPdfFile(bytes, async (file) => (await run('pdfinfo', [file])).stdout);
  return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
}

export async function pdfImages(bytes: Buffer): Promise<{ width: number; height: number }[]> {
  const list = await onPdfFile(bytes, async (file) => (await run('pdfimages', ['-list', file])).stdout);
  return list
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[2] === 'image')
    .map((cols) => ({ width: Number(cols[3]), height: Number(cols[4]) }));
}

/** Renders page 1 to a PNG file (the test artifact to look at). */
export async function renderFirstPage(bytes: Buffer, pngPath: string, dpi = 110): Promise<void> {
  await onPdfFile(bytes, async (file) => {
    await run('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      pngPath.replace(/\.png$/, ''),
    ]);
  });
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real RGB PNG drawn pixel by pixel: `pixel(x, y)` returns [r, g, b]. */
export function makePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
): Buffer {
  return encodePng(width, height, 3, pixel);
}

/** A real RGBA PNG (with transparency) drawn pixel by pixel: `pixel(x, y)` returns [r, g, b, alpha]. */
export function makeRgbaPng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Buffer {
  return encodePng(width, height, 4, pixel);
}

function encodePng(
  width: number,
  height: number,
  channels: 3 | 4,
  pixel: (x: number, y: number) => number[],
) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 4 ? 6 : 2; // colour type: RGBA or RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * channels);
    for (let x = 0; x < width; x++) row.set(pixel(x, y), 1 + x * channels);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An RGB PNG whose IDAT chunk holds `pixelData` as given (damaged data for upload checks). */
export function pngWithPixelData(width: number, height: number, pixelData: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixelData),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A simple logo: a rounded accent square with a white "R"-ish bar pattern, then the name area. */
export function sampleLogo(): Buffer {
  return makePng(240, 80, (x, y) => {
    const inSquare = x >= 8 && x < 72 && y >= 8 && y < 72;
    if (inSquare) {
      const stroke =
        (x >= 24 && x < 34) ||
        (y >= 20 && y < 30 && x < 56) ||
        (y >= 40 && y < 50 && x < 56) ||
        (x >= 46 && x < 56 && y < 50 && y >= 20) ||
        (x - 30 === y - 40 && y >= 50) ||
        (Math.abs(x - 30 - (y - 40)) < 6 && y >= 50);
      return stroke ? [255, 255, 255] : [31, 78, 121];
    }
    const bar = y >= 30 && y < 50 && x >= 88 && x < 232 && (x - 88) % 36 < 28;
    return bar ? [31, 78, 121] : [255, 255, 255];
  });
}
