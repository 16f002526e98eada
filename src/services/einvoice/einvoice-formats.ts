/**
 * The e-invoice formats Remit serves for download, each a syntax (UBL or CII) written with a profile. Factur-X (the
 * CII inside a PDF/A-3) is served with the PDF, not here.
 */
import type { CiiProfile } from '../../domain/einvoice/cii.ts';
import type { EInvoiceProfile } from '../../domain/einvoice/profiles.ts';
import type { UblProfile } from '../../domain/einvoice/ubl.ts';

export const EINVOICE_DOWNLOAD_FORMATS = ['ubl', 'cii', 'peppol', 'xrechnung', 'xrechnung-cii'] as const;
export type EInvoiceDownloadFormat = (typeof EINVOICE_DOWNLOAD_FORMATS)[number];

export type EInvoiceFormatSpec =
  | { syntax: 'ubl'; profile: UblProfile; label: string }
  | { syntax: 'cii'; profile: CiiProfile; label: string };

export const EINVOICE_FORMAT_SPECS: Readonly<Record<EInvoiceDownloadFormat, EInvoiceFormatSpec>> = {
  ubl: { syntax: 'ubl', profile: 'en16931', label: 'UBL (EN 16931)' },
  cii: { syntax: 'cii', profile: 'en16931', label: 'CII (EN 16931)' },
  peppol: { syntax: 'ubl', profile: 'peppol', label: 'Peppol BIS Billing 3.0' },
  xrechnung: { syntax: 'ubl', profile: 'xrechnung', label: 'XRechnung 3.0 (UBL)' },
  'xrechnung-cii': { syntax: 'cii', profile: 'xrechnung', label: 'XRechnung 3.0 (CII)' },
};

export function profileOf(format: EInvoiceDownloadFormat): EInvoiceProfile {
  return EINVOICE_FORMAT_SPECS[format].profile;
}
