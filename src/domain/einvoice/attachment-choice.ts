/**
 * What an invoice or credit note email carries: the plain PDF, the Factur-X PDF (PDF/A-3 with the CII inside), or
 * an e-invoice XML, which goes with the plain PDF so that a person can read the bill too. The default is the
 * client's preferred e-invoice format; a client without one gets the PDF.
 */
export const EMAIL_ATTACHMENT_CHOICES = [
  'pdf',
  'facturx',
  'ubl',
  'cii',
  'peppol',
  'xrechnung',
  'xrechnung-cii',
] as const;
export type EmailAttachmentChoice = (typeof EMAIL_ATTACHMENT_CHOICES)[number];

/** A choice that needs an e-invoice (every one but the plain PDF). */
export type EInvoiceAttachmentChoice = Exclude<EmailAttachmentChoice, 'pdf'>;

export function isEmailAttachmentChoice(value: string | null | undefined): value is EmailAttachmentChoice {
  return (EMAIL_ATTACHMENT_CHOICES as readonly (string | null | undefined)[]).includes(value);
}

/** The client's preferred format ('none': no e-invoice) as an attachment choice. */
export function attachmentForPreference(preference: string): EmailAttachmentChoice {
  return isEmailAttachmentChoice(preference) ? preference : 'pdf';
}

/** Words for the timeline and the staff app. */
export const EMAIL_ATTACHMENT_LABELS: Readonly<Record<EmailAttachmentChoice, string>> = {
  pdf: 'PDF',
  facturx: 'Factur-X PDF',
  ubl: 'UBL XML and PDF',
  cii: 'CII XML and PDF',
  peppol: 'Peppol BIS XML and PDF',
  xrechnung: 'XRechnung XML (UBL) and PDF',
  'xrechnung-cii': 'XRechnung XML (CII) and PDF',
};
