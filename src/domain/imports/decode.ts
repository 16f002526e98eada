/**
 * Turns the bytes of an uploaded CSV file into text. UTF-8 (with or without a byte order mark) and UTF-16 with a
 * byte order mark are read as they are. A file that is not valid UTF-8 is refused with a message saying what it
 * probably is, unless the caller names its encoding (windows-1252 or iso-8859-1): guessing a single-byte encoding
 * silently would turn "Müller" into "MÃ¼ller" in the records for good.
 */
import { ValidationError } from '../errors.ts';

export const IMPORT_ENCODINGS = [
  'auto',
  'utf-8',
  'utf-16le',
  'utf-16be',
  'windows-1252',
  'iso-8859-1',
] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

export interface DecodedFile {
  text: string;
  /** The encoding the text was read in, and whether a byte order mark said so. */
  encoding: Exclude<ImportEncoding, 'auto'>;
  bom: boolean;
}

function decode(bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ValidationError(
      'file',
      `The file is not valid ${label.toUpperCase()}: save it again as UTF-8 (CSV UTF-8 in spreadsheet programs)`,
    );
  }
}

/** Line (1-based) of the first byte that is not valid UTF-8, so the message can point at it. */
function firstBadUtf8Line(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte === 0x0a) line += 1;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : 4;
    if (byte >= 0x80 && (byte < 0xc2 || byte > 0xf4)) return line;
    for (let k = 1; k < length; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return line;
    }
    i += length;
  }
  return line;
}

/** Many NUL bytes in the first kilobyte: UTF-16 (or another wide encoding) without a byte order mark. */
function looksWide(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 1024);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros += 1;
  return sample.length > 0 && zeros * 4 >= sample.length;
}

export function decodeImportFile(bytes: Uint8Array, encoding: ImportEncoding = 'auto'): DecodedFile {
  if (bytes.length === 0)
    throw new ValidationError('file', 'The file is empty: send a CSV file with a header row');
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf16le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const utf16be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (encoding === 'auto') {
    if (utf8Bom) return { text: decode(bytes.subarray(3), 'utf-8'), encoding: 'utf-8', bom: true };
    if (utf16le) return { text: decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', bom: true };
    if (utf16be) return { text: decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', bom: true };
    if (looksWide(bytes)) {
      throw new ValidationError(
        'file',
        'The file looks like UTF-16 without a byte order mark: send it again with encoding=utf-16le (or utf-16be), ' +
          'or save it as UTF-8',
      );
    }
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
    } catch {
      throw new ValidationError(
        'file',
        `The file is not UTF-8 (line ${firstBadUtf8Line(bytes)} has a byte UTF-8 does not allow); it is probably ` +
          'Windows-1252 or Latin-1, as older spreadsheet programs save CSV. Save it as "CSV UTF-8", or send it ' +
          'again with encoding=windows-1252 (or iso-8859-1) if that is what it is',
      );
    }
  }
  const skip =
    encoding === 'utf-8' && utf8Bom
      ? 3
      : (encoding === 'utf-16le' && utf16le) || (encoding === 'utf-16be' && utf16be)
        ? 2
        : 0;
  // WHATWG maps the label iso-8859-1 to windows-1252, a superset for every printable character.
  return { text: decode(bytes.subarray(skip), encoding), encoding, bom: skip > 0 };
}
