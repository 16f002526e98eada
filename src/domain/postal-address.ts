/**
 * A postal address as the lines printed on a document, in the order of its country (US "Springfield, IL 62704",
 * DE "10115 Berlin", GB city then postcode), through @fragaria/address-formatter (OpenCage's templates). Pure:
 * the PDF, the emails and the web app print addresses with it.
 */
import addressFormatter from '@fragaria/address-formatter';
import { countryCodeFromText, isCountryCode } from './country.ts';

export interface PostalAddress {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  /** As the user typed it; printed as the last line when given. */
  country: string;
  /** ISO 3166-1 alpha-2 when known; otherwise read from `country`. */
  countryCode?: string | null;
}

function countryOf(address: PostalAddress): string | null {
  const code = address.countryCode?.toUpperCase();
  if (code && isCountryCode(code)) return code;
  return countryCodeFromText(address.country);
}

/** The address's lines, empty ones left out; without a known country the lines keep the order they were typed in. */
export function postalAddressLines(address: PostalAddress): string[] {
  const trimmed = {
    street: [address.line1, address.line2].map((line) => line.trim()).filter(Boolean),
    city: address.city.trim(),
    region: address.region.trim(),
    postalCode: address.postalCode.trim(),
    country: address.country.trim(),
  };
  const code = countryOf(address);
  const empty = !trimmed.street.length && !trimmed.city && !trimmed.region && !trimmed.postalCode;
  if (!code || empty) {
    const cityLine = [[trimmed.postalCode, trimmed.city].filter(Boolean).join(' '), trimmed.region];
    return [...trimmed.street, cityLine.filter(Boolean).join(', '), trimmed.country].filter(Boolean);
  }
  const lines = addressFormatter.format(
    {
      // The street lines stay together and in their order; every template prints the road as one field.
      road: trimmed.street.join('\n'),
      city: trimmed.city,
      state: trimmed.region,
      postcode: trimmed.postalCode,
    },
    { countryCode: code, output: 'array', appendCountry: false, cleanupPostcode: false },
  );
  return [...lines.flatMap((line) => line.split('\n')), trimmed.country]
    .map((line) => line.replace(/\s+[.,]$/, '').trim())
    .filter(Boolean);
}
