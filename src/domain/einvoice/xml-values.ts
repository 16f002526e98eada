/** Value formats shared by the UBL and CII writers. */
import type { create } from 'xmlbuilder2';
import { formatMinor } from '../currency.ts';

/** An amount in the currency's own number of decimals ("1234.50", JPY "1234"). */
/** An element under construction (xmlbuilder2 does not export its builder type from the package root). */
export type XMLBuilder = ReturnType<typeof create>;

export function amountText(minor: bigint, exponent: number): string {
  return formatMinor(minor, exponent);
}

/** CII date format 102: YYYYMMDD. */
export function date102(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** Adds a child element with text, or nothing when the value is null or empty. */
export function optional(
  parent: XMLBuilder,
  name: string,
  value: string | null | undefined,
  attributes?: Record<string, string>,
): void {
  if (value === null || value === undefined || value === '') return;
  parent.ele(name, attributes).txt(value);
}

export function leaf(
  parent: XMLBuilder,
  name: string,
  value: string,
  attributes?: Record<string, string>,
): XMLBuilder {
  return parent.ele(name, attributes).txt(value).up();
}
