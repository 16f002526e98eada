import { type PostalAddress, postalAddressLines } from '../../../src/domain/postal-address.ts';

/** Loaded lazily by AddressLines, with the address formatter it needs. */
export function FormattedAddress({ address }: { address: PostalAddress }) {
  return postalAddressLines(address).map((line) => <p key={line}>{line}</p>);
}
