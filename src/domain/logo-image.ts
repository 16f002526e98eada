/**
 * Inspects an uploaded logo: the format is decided by the bytes (magic numbers), never by a file name or a
 * declared type, and the pixel size is read from the image header itself; a PNG's pixel data is decompressed once
 * to check it is whole. Pure: no I/O.
 */
import { inflateSync } from 'node:zlib';
import { ValidationError } from './errors.ts';

export type LogoMimeType = 'image/png' | 'image/jpeg';

export interface LogoImage {
  mimeType: LogoMimeType;
  width: number;
  height: number;
}

export const LOGO_MAX_BYTES = 1024 * 1024;
export const LOGO_MAX_PIXELS = 2000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7 interlacing: each pass's first column and row, and its steps. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The image data of a PNG: its IDAT chunks joined, in order. */
function idatOf(bytes: Buffer, damaged: () => ValidationError): Buffer {
  const parts: Buffer[] = [];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > bytes.length) throw damaged();
    if (type === 'IDAT') parts.push(bytes.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (parts.length === 0) throw damaged();
  return Buffer.concat(parts);
}

/**
 * Decompresses the pixel data and checks that every row is there with a known filter. The PDF renderer decodes the
 * logo in the background, where a damaged stream cannot be answered with an error any more: it is refused here.
 */
function checkPngPixels(bytes: Buffer, width: number, height: number, field: string): void {
  const damaged = () => new ValidationError(field, 'The PNG file is damaged: its pixel data cannot be read');
  const bitDepth = bytes[24]!;
  const bitsPerPixel = PNG_CHANNELS[bytes[25]!]! * bitDepth;
  const passes = bytes[28] === 1 ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let expected = 0;
  const rows: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const passHeight = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (passWidth === 0 || passHeight === 0) continue;
    const rowBytes = 1 + Math.ceil((passWidth * bitsPerPixel) / 8);
    for (let row = 0; row < passHeight; row += 1) rows.push(rowBytes);
    expected += rowBytes * passHeight;
  }
  const compressed = idatOf(bytes, damaged);
  let pixels: Buffer;
  try {
    pixels = inflateSync(compressed, { maxOutputLength: expected + 1024 });
  } catch {
    throw damaged();
  }
  if (pixels.length < expected) throw damaged();
  let offset = 0;
  for (const rowBytes of rows) {
    if (pixels[offset]! > 4) throw damaged(); // filter types 0 to 4
    offset += rowBytes;
  }
}

function pngSize(bytes: Buffer, field: string): { width: number; height: number } {
  // The first chunk of every PNG is IHDR: length (4), type (4), width (4), height (4), bit depth, colour type...
  if (bytes.length < 33 || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    throw new ValidationError(field, 'The PNG file is damaged: its header (IHDR) is missing');
  }
  const bitDepth = bytes[24]!;
  const colourType = bytes[25]!;
  const interlace = bytes[28]!;
  if (![0, 2, 3, 4, 6].includes(colourType) || interlace > 1 || ![1, 2, 4, 8, 16].includes(bitDepth)) {
    throw new ValidationError(field, 'The PNG file is damaged: its header holds an unknown colour type');
  }
  if (bytes.indexOf('IEND', 33, 'latin1') === -1) {
    throw new ValidationError(field, 'The PNG file is truncated: it has no end chunk (IEND)');
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Start-of-frame markers carry the size; DHT (C4), JPG (C8) and DAC (CC) share the range but are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Buffer, field: string): { width: number; height: number } {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image or start of scan before any frame header
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2) break;
    if (isStartOfFrame(marker)) {
      if (offset + 9 > bytes.length) break;
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  throw new ValidationError(field, 'The JPEG file is damaged: no frame header with its size was found');
}

/**
 * Validates a logo upload and returns its format and size. Throws a ValidationError naming `field` for anything
 * that is not a PNG or JPEG within the limits (1 MB, 2000 × 2000 pixels).
 */
export function inspectLogo(bytes: Buffer, field = 'logo'): LogoImage {
  if (bytes.length === 0) throw new ValidationError(field, 'The image is empty');
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new ValidationError(
      field,
      `The image is ${bytes.length} bytes; the limit is ${LOGO_MAX_BYTES} (1 MB)`,
    );
  }
  let mimeType: LogoMimeType;
  let size: { width: number; height: number };
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    mimeType = 'image/png';
    size = pngSize(bytes, field);
  } else if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    mimeType = 'image/jpeg';
    size = jpegSize(bytes, field);
  } else {
    throw new ValidationError(
      field,
      'The file is not a PNG or JPEG image (its content was checked, not its name)',
    );
  }
  if (size.width < 1 || size.height < 1) {
    throw new ValidationError(field, 'The image has no pixels');
  }
  if (size.width > LOGO_MAX_PIXELS || size.height > LOGO_MAX_PIXELS) {
    throw new ValidationError(
      field,
      `The image is ${size.width} × ${size.height} pixels; the limit is ${LOGO_MAX_PIXELS} × ${LOGO_MAX_PIXELS}`,
    );
  }
  // After the size limits, so a huge image is refused before it is decompressed.
  if (mimeType === 'image/png') checkPngPixels(bytes, size.width, size.height, field);
  return { mimeType, ...size };
}

/** Declared type of an upload versus what the bytes are: a PNG sent as image/jpeg is refused too. */
export function checkDeclaredType(declared: string | undefined, actual: LogoMimeType, field = 'logo'): void {
  const type = declared?.split(';')[0]?.trim().toLowerCase();
  if (type !== actual) {
    throw new ValidationError(field, `The bytes are ${actual} but the request said ${type ?? 'nothing'}`);
  }
}

const ACCENT_PATTERN = /^#[0-9a-fA-F]{6}$/;

/** An accent colour as '#rrggbb' (lower case); throws a ValidationError naming `field` otherwise. */
export function parseAccentColor(value: string, field = 'accentColor'): string {
  if (!ACCENT_PATTERN.test(value)) {
    throw new ValidationError(field, 'Use a colour as #rrggbb, e.g. #1f4e79');
  }
  return value.toLowerCase();
}
