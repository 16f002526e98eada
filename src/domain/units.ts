/**
 * Units of measure for lines and catalogue items: codes of UN/ECE Recommendation 20 (and XPK, a package type of
 * Recommendation 21 that EN 16931 accepts in the same list), as e-invoices (UBL unitCode, CII unitCode) carry them,
 * with the English words people read. The list is curated: the units small businesses bill in. Adding a unit is one
 * row here; a code must come from the Rec 20/21 list used by EN 16931.
 *
 * C62 ("one") is the neutral unit: a count with no unit of its own. It is the catalogue's default and is shown as
 * the bare quantity. A line without a unit means the same thing.
 */
export interface Unit {
  code: string;
  /** The unit's name in the singular, as Rec 20 writes it ("hour", "square metre"). */
  label: string;
  /** The plural, for quantities other than one ("3 hours"). */
  plural: string;
}

export const UNITS = [
  { code: 'C62', label: 'one', plural: 'ones' },
  { code: 'H87', label: 'piece', plural: 'pieces' },
  { code: 'E48', label: 'service unit', plural: 'service units' },
  { code: 'LS', label: 'lump sum', plural: 'lump sums' },
  { code: 'MIN', label: 'minute', plural: 'minutes' },
  { code: 'HUR', label: 'hour', plural: 'hours' },
  { code: 'DAY', label: 'day', plural: 'days' },
  { code: 'WEE', label: 'week', plural: 'weeks' },
  { code: 'MON', label: 'month', plural: 'months' },
  { code: 'ANN', label: 'year', plural: 'years' },
  { code: 'GRM', label: 'gram', plural: 'grams' },
  { code: 'KGM', label: 'kilogram', plural: 'kilograms' },
  { code: 'MTR', label: 'metre', plural: 'metres' },
  { code: 'KMT', label: 'kilometre', plural: 'kilometres' },
  { code: 'MTK', label: 'square metre', plural: 'square metres' },
  { code: 'MTQ', label: 'cubic metre', plural: 'cubic metres' },
  { code: 'LTR', label: 'litre', plural: 'litres' },
  { code: 'KWH', label: 'kilowatt hour', plural: 'kilowatt hours' },
  { code: 'SET', label: 'set', plural: 'sets' },
  { code: 'PR', label: 'pair', plural: 'pairs' },
  { code: 'XPK', label: 'package', plural: 'packages' },
] as const satisfies readonly Unit[];

export type UnitCode = (typeof UNITS)[number]['code'];

export const UNIT_CODES = UNITS.map((unit) => unit.code) as [UnitCode, ...UnitCode[]];

/** The unit of catalogue items that name none. */
export const DEFAULT_UNIT: UnitCode = 'C62';

const BY_CODE = new Map<string, Unit>(UNITS.map((unit) => [unit.code, unit]));

export function isUnitCode(code: unknown): code is UnitCode {
  return typeof code === 'string' && BY_CODE.has(code);
}

export function findUnit(code: string | null | undefined): Unit | null {
  return (code && BY_CODE.get(code)) || null;
}

/** What a person is told when a unit code is not one of ours: the codes with their names. */
export const UNIT_CODE_MESSAGE = `Not a unit Remit knows; use a UN/ECE Recommendation 20 code: ${UNITS.map(
  (unit) => `${unit.code} (${unit.label})`,
).join(', ')}`;

/** Whether a decimal text is exactly one or minus one ("1", "1.0", "-1.000"): the quantities that take the singular. */
function isOne(quantity: string): boolean {
  return /^[+-]?0*1(\.0*)?$/.test(quantity.trim());
}

/**
 * The words shown after a quantity: "hours" for 3, "hour" for 1, nothing for C62 (a plain count) or no unit.
 * `quantity` is the exact decimal text, not a formatted one.
 */
export function unitWords(code: string | null | undefined, quantity: string): string {
  const unit = findUnit(code);
  if (!unit || unit.code === DEFAULT_UNIT) return '';
  return isOne(quantity) ? unit.label : unit.plural;
}

/** A quantity already formatted for the reader's locale, followed by its unit words: "3 hours", "1 day", "12". */
export function quantityWithUnit(
  formatted: string,
  quantity: string,
  code: string | null | undefined,
): string {
  const words = unitWords(code, quantity);
  return words ? `${formatted} ${words}` : formatted;
}
