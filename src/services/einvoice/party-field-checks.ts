/**
 * Checks on the e-invoice identifiers staff type for the organisation and for clients, made when they are saved so
 * a wrong VAT number, IBAN or Peppol id is named at once (422 with the field) rather than when an invoice is sent.
 * Each returns the value as it is stored (trimmed, VAT number and IBAN without spaces, upper case).
 */
import { countryCodeFromText, countryName, isCountryCode } from '../../domain/country.ts';
import { PEPPOL_EAS_CODES, peppolAddressProblem } from '../../domain/einvoice/eas.ts';
import { ibanProblem, normalizeIban } from '../../domain/einvoice/iban.ts';
import { isValidLeitwegId, looksLikeLeitwegId } from '../../domain/einvoice/leitweg-id.ts';
import { ValidationError } from '../../domain/errors.ts';

/** BR-CO-09: a VAT number starts with its two-letter country prefix (EL for Greece). */
const VAT_ID = /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/;
/** EAS codes are four digits, or EM (email) and a few letter codes of the list. */
const EAS_SCHEME = /^([0-9]{4}|EM|AN|AQ|AS|AU)$/;
/** ISO 6523 ICD: four digits. */
const ICD_SCHEME = /^[0-9]{4}$/;
const BIC = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function checkVatId(value: string, field: string): string {
  const vatId = value.replace(/\s+/g, '').toUpperCase();
  if (vatId !== '' && !VAT_ID.test(vatId)) {
    throw new ValidationError(
      field,
      `"${value}" is not a VAT number: it starts with the two-letter country prefix, e.g. DE123456789 or BE0123456749`,
    );
  }
  return vatId;
}

/** An electronic address (BT-34/BT-49): both parts or neither; Peppol ids with check digits must be right. */
export function checkElectronicAddress(
  value: { id?: string; scheme?: string },
  field: string,
): { id: string; scheme: string } {
  const id = (value.id ?? '').trim();
  const scheme = (value.scheme ?? '').trim().toUpperCase();
  if (id === '' && scheme === '') return { id, scheme };
  if (scheme === '') {
    throw new ValidationError(
      `${field}.scheme`,
      'Choose the scheme of the electronic address (for example 0208 Belgian enterprise number, 9930 German VAT number, 0088 GLN, EM email)',
    );
  }
  if (!EAS_SCHEME.test(scheme)) {
    throw new ValidationError(
      `${field}.scheme`,
      `"${scheme}" is not an electronic address scheme (EAS): four digits such as 0208 or 9930, or EM for email`,
    );
  }
  if (id === '') throw new ValidationError(`${field}.id`, 'Enter the electronic address for this scheme');
  if (scheme === 'EM' && !EMAIL.test(id)) {
    throw new ValidationError(`${field}.id`, `"${id}" is not an email address`);
  }
  if (PEPPOL_EAS_CODES.has(scheme)) {
    const problem = peppolAddressProblem(scheme, id);
    if (problem) throw new ValidationError(`${field}.id`, `${problem[0]?.toUpperCase()}${problem.slice(1)}`);
  }
  return { id, scheme };
}

/** A company registration number with its ISO 6523 scheme (BT-30); the scheme is optional. */
export function checkRegistrationScheme(value: string, field: string): string {
  const scheme = value.trim();
  if (scheme !== '' && !ICD_SCHEME.test(scheme)) {
    throw new ValidationError(
      field,
      `"${value}" is not an ISO 6523 scheme: four digits such as 0002 or 0208`,
    );
  }
  return scheme;
}

export function checkIban(value: string, field: string): string {
  const iban = normalizeIban(value);
  if (iban === '') return iban;
  const problem = ibanProblem(iban);
  if (problem) {
    const why =
      problem === 'checksum'
        ? 'its check digits do not match; please check it against the bank’s documents'
        : problem === 'length'
          ? 'it has the wrong length for its country'
          : 'it is not shaped like an IBAN (country code, check digits, account)';
    throw new ValidationError(field, `The IBAN ${value} is not valid: ${why}`);
  }
  return iban;
}

export function checkBic(value: string, field: string): string {
  const bic = value.replace(/\s+/g, '').toUpperCase();
  if (bic !== '' && !BIC.test(bic)) {
    throw new ValidationError(field, `"${value}" is not a BIC: 8 or 11 letters and digits, e.g. DEUTDEFF`);
  }
  return bic;
}

export function checkEmail(value: string, field: string): string {
  const email = value.trim();
  if (email !== '' && !EMAIL.test(email))
    throw new ValidationError(field, `"${value}" is not an email address`);
  return email;
}

/** A buyer reference that looks like a Leitweg-ID must carry its right check digits. */
export function checkBuyerReference(value: string, field: string): string {
  const reference = value.trim();
  if (reference !== '' && looksLikeLeitwegId(reference) && !isValidLeitwegId(reference)) {
    throw new ValidationError(
      field,
      `The Leitweg-ID ${reference} has wrong check digits (the last two digits); please check it with the client`,
    );
  }
  return reference;
}

/**
 * The address's country columns from what the request gave: a picked ISO code (its name, in `locale`, becomes the
 * printed text unless text was given too), or text only (its code read from it; null when unreadable, which the
 * API flags for review).
 */
export function countryColumns(
  input: { country?: string; countryCode?: string | null },
  field: string,
  locale: string,
): { country?: string; country_code?: string | null } {
  const { country, countryCode } = input;
  if (countryCode === undefined) {
    return country === undefined ? {} : { country, country_code: countryCodeFromText(country) };
  }
  if (countryCode === null)
    return country === undefined ? { country_code: null } : { country, country_code: null };
  const code = countryCode.trim().toUpperCase();
  if (!isCountryCode(code)) {
    throw new ValidationError(
      `${field}.countryCode`,
      `"${countryCode}" is not a country code (ISO 3166-1, e.g. DE, FR, BE)`,
    );
  }
  return { country: country ?? countryName(code, locale), country_code: code };
}

/** A country typed as text that could not be read as a country: shown for review, refused in e-invoices. */
export function countryNeedsReview(country: string, countryCode: string | null): boolean {
  return countryCode === null && country.trim() !== '';
}
