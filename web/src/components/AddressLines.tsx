import { lazy, Suspense } from 'react';
import type { PostalAddress } from '../../../src/domain/postal-address.ts';

// The address formatter carries every country's templates (about 300 KB): it loads in a chunk of its own, only
// where an address shows.
const FormattedAddress = lazy(() =>
  import('./FormattedAddress.tsx').then((module) => ({ default: module.FormattedAddress })),
);

/** A postal address as its country prints it, a paragraph a line (nothing for no address). */
export function AddressLines({ address }: { address?: PostalAddress }) {
  if (!address) return null;
  return (
    <Suspense fallback={null}>
      <FormattedAddress address={address} />
    </Suspense>
  );
}
