/**
 * The e-invoice profiles Remit writes: the plain norm and the CIUS (core invoice usage specifications) built on it.
 * A profile sets the specification identifier (BT-24) and, for Peppol, the business process (BT-23); the extra data
 * a CIUS requires is checked in profile-rules.ts.
 */
export type EInvoiceProfile = 'en16931' | 'peppol' | 'xrechnung' | 'facturx';

export const EN16931_ID = 'urn:cen.eu:en16931:2017';
export const PEPPOL_CUSTOMIZATION_ID = `${EN16931_ID}#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0`;
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';
export const XRECHNUNG_CUSTOMIZATION_ID = `${EN16931_ID}#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0`;

/** BT-24 specification identifier. Factur-X 1.0 profile EN 16931 uses the norm's own identifier. */
export function specificationId(profile: EInvoiceProfile): string {
  switch (profile) {
    case 'peppol':
      return PEPPOL_CUSTOMIZATION_ID;
    case 'xrechnung':
      return XRECHNUNG_CUSTOMIZATION_ID;
    default:
      return EN16931_ID;
  }
}

/** BT-23 business process type, where the profile defines one. */
export function businessProcessId(profile: EInvoiceProfile): string | null {
  return profile === 'peppol' ? PEPPOL_PROFILE_ID : null;
}
