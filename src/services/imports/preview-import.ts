import type { ImportKind } from '../../domain/imports/fields.ts';
import { describeImportFile, type ImportFileOptions, readImportFile } from './import-file.ts';

/**
 * The mapping step: how the file reads (encoding, delimiter, header), the preset recognised, the mapping suggested
 * (with the caller's changes) and the first rows. Nothing is checked against the records yet: the dry run does that.
 */
export function previewImport(
  kind: ImportKind,
  file: Uint8Array,
  options: ImportFileOptions,
  mapping: Record<string, string | undefined>,
) {
  return describeImportFile(readImportFile(kind, file, options, mapping, false));
}
