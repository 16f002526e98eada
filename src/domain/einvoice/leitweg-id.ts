/**
 * The Leitweg-ID routes an invoice to a German public buyer (BT-10 in XRechnung). Its shape is
 * `coarse[-fine]-check`: a coarse address of 2 to 12 digits, an optional fine address of up to 30 letters or
 * digits, and two check digits computed over both with ISO 7064 MOD 97-10 (letters count as 10..35), as the
 * KoSIT "Formatspezifikation Leitweg-ID" describes.
 */
import { mod97 } from './iban.ts';

const SHAPE = /^([0-9]{2,12})(?:-([A-Za-z0-9]{1,30}))?-([0-9]{2})$/;

/** Whether a buyer reference has the shape of a Leitweg-ID (whatever its check digits). */
export function looksLikeLeitwegId(value: string): boolean {
  return SHAPE.test(value.trim());
}

/** The two check digits for a coarse and fine address ("04011000", "1234512345" -> "06"). */
export function leitwegCheckDigits(coarse: string, fine = ''): string {
  const check = 98 - mod97(`${coarse}${fine}00`.toUpperCase());
  return String(check).padStart(2, '0');
}

/** Whether a Leitweg-ID has the right shape and check digits. */
export function isValidLeitwegId(value: string): boolean {
  const match = SHAPE.exec(value.trim());
  if (match === null) return false;
  const [, coarse = '', fine = '', check = ''] = match;
  return leitwegCheckDigits(coarse, fine) === check;
}
