/**
 * The mapping step: which column of the file fills which field. A preset is recognised from the header (or named),
 * a mapping is suggested from it and from the usual column names, and the caller may change any field of it.
 */
import { ValidationError } from '../errors.ts';
import { IMPORT_FIELDS, type ImportKind, normalizeColumnName, REQUIRED_ONE_OF } from './fields.ts';
import { type ImportPreset, type ImportPresetId, PRESETS } from './presets.ts';

/** Field key -> column name as the header writes it. */
export type ImportMapping = Record<string, string>;

export interface SuggestedMapping {
  preset: ImportPreset | null;
  mapping: ImportMapping;
}

/** Names any file might use for the kind's fields: a preset is not recognised by these alone. */
function genericNames(kind: ImportKind): Set<string> {
  return new Set(
    IMPORT_FIELDS[kind].flatMap((field) => [field.key, field.label, ...field.names]).map(normalizeColumnName),
  );
}

/** How many of the header's columns the preset names, and how many of those only the preset uses. */
function presetMatches(preset: ImportPreset, kind: ImportKind, headers: string[]) {
  const names = new Set(Object.values(preset.columns[kind]).flat().map(normalizeColumnName));
  const generic = genericNames(kind);
  const matched = headers.map(normalizeColumnName).filter((name) => names.has(name));
  return { matched: matched.length, distinctive: matched.filter((name) => !generic.has(name)).length };
}

/**
 * The preset whose own column names the header uses (at least one name no generic file would use, and two columns
 * in all); null when none does. A catalogue file of name, description and price reads the same from any program,
 * so such a file needs its preset named.
 */
export function recognisePreset(kind: ImportKind, headers: string[]): ImportPreset | null {
  let best: ImportPreset | null = null;
  let bestScore = 0;
  for (const preset of Object.values(PRESETS)) {
    const { matched, distinctive } = presetMatches(preset, kind, headers);
    if (distinctive >= 1 && matched >= 2 && matched > bestScore) {
      best = preset;
      bestScore = matched;
    }
  }
  return best;
}

export function suggestMapping(
  kind: ImportKind,
  headers: string[],
  presetChoice: ImportPresetId | 'auto' | 'none' = 'auto',
): SuggestedMapping {
  const preset =
    presetChoice === 'none'
      ? null
      : presetChoice === 'auto'
        ? recognisePreset(kind, headers)
        : PRESETS[presetChoice];
  const byName = new Map(headers.map((header) => [normalizeColumnName(header), header]));
  const taken = new Set<string>();
  const mapping: ImportMapping = {};
  const find = (names: string[]) =>
    names.map((name) => byName.get(normalizeColumnName(name))).find((header) => header && !taken.has(header));
  // The preset's names first for every field, then the usual names for fields still open.
  for (const source of [preset?.columns[kind] ?? {}, null]) {
    for (const field of IMPORT_FIELDS[kind]) {
      if (mapping[field.key]) continue;
      const header = find(source ? (source[field.key] ?? []) : [field.key, field.label, ...field.names]);
      if (header) {
        mapping[field.key] = header;
        taken.add(header);
      }
    }
  }
  return { preset, mapping };
}

/**
 * The mapping to import with: the suggestion, with each field the caller names set to the column given (an empty
 * column name leaves the field out). Column names must be in the header; required fields must be mapped. Returns
 * field key -> column index.
 */
export function resolveMapping(
  kind: ImportKind,
  headers: string[],
  suggested: ImportMapping,
  changes: Record<string, string | undefined>,
  complete = true,
): Map<string, number> {
  const merged: ImportMapping = { ...suggested };
  for (const [key, column] of Object.entries(changes)) {
    if (column === undefined) continue;
    if (column.trim() === '') delete merged[key];
    else merged[key] = column.trim();
  }
  const indexes = new Map<string, number>();
  for (const [key, column] of Object.entries(merged)) {
    const index = headers.findIndex((header) => header === column);
    const loose =
      index >= 0 ? index : headers.findIndex((h) => normalizeColumnName(h) === normalizeColumnName(column));
    if (loose < 0) {
      throw new ValidationError(
        `map.${key}`,
        `The file has no column "${column}"; its columns are: ${headers.filter(Boolean).join(', ')}`,
      );
    }
    indexes.set(key, loose);
  }
  const missing = missingFields(kind, indexes)[0];
  if (complete && missing) throw new ValidationError(`map.${missing.field}`, missing.message);
  return indexes;
}

/** The fields an import needs that the mapping leaves out, with what to tell people. */
export function missingFields(
  kind: ImportKind,
  indexes: Map<string, number>,
): { field: string; message: string }[] {
  const missing = IMPORT_FIELDS[kind]
    .filter((field) => field.required && !indexes.has(field.key))
    .map((field) => ({
      field: field.key,
      message: `Choose the column that holds the ${field.label.toLowerCase()}`,
    }));
  for (const rule of REQUIRED_ONE_OF[kind]) {
    if (!rule.keys.some((key) => indexes.has(key)))
      missing.push({ field: rule.keys[0]!, message: rule.message });
  }
  return missing;
}

/** The header's columns no field reads: listed so people see what an import leaves out. */
export function unmappedColumns(headers: string[], indexes: Map<string, number>): string[] {
  const used = new Set(indexes.values());
  return headers.filter((header, index) => header !== '' && !used.has(index));
}
