/**
 * NUMERIC columns come back with their full scale ("1.500000"); the API shows the shortest exact form ("1.5"),
 * keeping at least `minScale` decimals (e.g. a unit price "150.00" in a 2-decimal currency).
 */
export function normalizeDecimalText(value: string, minScale = 0): string {
  const [whole = '0', fraction = ''] = value.split('.');
  let trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length < minScale) trimmed = trimmed.padEnd(minScale, '0');
  return trimmed ? `${whole}.${trimmed}` : whole;
}
