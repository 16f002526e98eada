/**
 * Stored rows as JSON for revision snapshots. JSON has no bigint or Date, so they travel as text and are read back
 * by column-name convention (`*_minor` -> bigint, `*_at` -> Date): a column added to a document table later is
 * carried along without the snapshot code knowing about it.
 */
export function rowToJson(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    out[key] =
      typeof value === 'bigint' ? value.toString() : value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

export function rowFromJson(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'string' && key.endsWith('_minor')) out[key] = BigInt(value);
    else if (typeof value === 'string' && key.endsWith('_at')) out[key] = new Date(value);
    else out[key] = value;
  }
  return out;
}
