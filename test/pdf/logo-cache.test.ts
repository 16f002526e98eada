import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { sampleInput } from '../../bench/pdf.bench.ts';
import { PdfkitInvoiceRenderer } from '../../src/adapters/pdf/pdfkit-invoice-renderer.ts';
import { makePng, makeRgbaPng, onPdfFile, pdfImages, pdfText } from './pdf-tools.ts';

const run = promisify(execFile);

/** Every image of the PDF (masks included) as pdfimages writes it out: PNG files, in order. */
async function extractedImages(pdf: Buffer): Promise<Buffer[]> {
  return onPdfFile(pdf, async (file) => {
    const dir = path.dirname(file);
    await run('pdfimages', ['-png', file, path.join(dir, 'img')]);
    const names = (await readdir(dir)).filter((name) => name.startsWith('img')).sort();
    return Promise.all(names.map((name) => readFile(path.join(dir, name))));
  });
}

/** The same bytes drawn by pdfkit itself, each document opening the image anew: the reference. */
function pdfkitOwnDrawing(image: Buffer): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  doc.image(image, 48, 48, { width: 100 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.end();
  });
}

function withLogo(image: Buffer, width: number, height: number) {
  return { ...sampleInput(), logo: { image, mimeType: 'image/png' as const, width, height } };
}

describe('the logo decoded once per renderer', () => {
  const transparent = makeRgbaPng(200, 60, (x, y) => [x, y * 4, 120, Math.round((x * 255) / 199)]);
  const opaque = makePng(90, 30, (x, y) => [200, x * 2, y * 8]);

  it('draws the same logo right in consecutive PDFs and shows a changed logo in the next one', async () => {
    const renderer = new PdfkitInvoiceRenderer();
    const expectedTransparent = await extractedImages(await pdfkitOwnDrawing(transparent));
    const expectedOpaque = await extractedImages(await pdfkitOwnDrawing(opaque));
    expect(expectedTransparent).toHaveLength(2); // the colours and the alpha mask
    expect(expectedOpaque).toHaveLength(1);

    const first = await renderer.renderDocument(withLogo(transparent, 200, 60));
    const second = await renderer.renderDocument(withLogo(transparent, 200, 60));
    for (const pdf of [first, second]) {
      expect(await pdfImages(pdf)).toEqual([{ width: 200, height: 60 }]);
      expect(await extractedImages(pdf)).toEqual(expectedTransparent);
      expect(await pdfText(pdf)).toContain('Northwind Studio LLC');
    }

    // A new logo (other bytes, same renderer) is in the very next PDF; the previous one still renders right.
    const changed = await renderer.renderDocument(withLogo(opaque, 90, 30));
    expect(await pdfImages(changed)).toEqual([{ width: 90, height: 30 }]);
    expect(await extractedImages(changed)).toEqual(expectedOpaque);
    const back = await renderer.renderDocument(withLogo(transparent, 200, 60));
    expect(await extractedImages(back)).toEqual(expectedTransparent);
  });

  it('prints the invoice without a logo pdfkit cannot read, every time', async () => {
    const renderer = new PdfkitInvoiceRenderer();
    const unreadable = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    for (let i = 0; i < 2; i++) {
      const pdf = await renderer.renderDocument(withLogo(unreadable, 120, 40));
      expect(await pdfImages(pdf)).toEqual([]);
      expect(await pdfText(pdf)).toContain('INV-2026-0042');
    }
  });
});
