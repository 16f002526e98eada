import type { EmailTemplateOverride, PortalTemplateKind } from '../../domain/email-templates.ts';
import type { Reader } from '../../domain/language.ts';
import type { EmailBrand } from '../email/email-layout.ts';
import type { RenderedEmail } from '../email/invoice-email.ts';
import { renderReceiptEmail } from '../payments/receipt-email.ts';
import { portalAccountEmail } from '../portal/portal-emails.ts';

const SAMPLE_CLIENT = 'Example Client Ltd';

/** A receipt with made-up figures, written as a real one is, for a template's preview. */
export function sampleReceiptEmail(
  brand: EmailBrand,
  reader: Reader,
  currency: string,
  today: string,
  template: EmailTemplateOverride,
): RenderedEmail {
  return renderReceiptEmail({
    brand,
    reader,
    contactName: 'Ada',
    clientName: SAMPLE_CLIENT,
    facts: {
      amount: '500.00',
      currency,
      invoiceNumber: 'INV-0042',
      paidOn: today,
      providerName: null,
      balanceDue: '750.00',
    },
    attached: true,
    template,
  });
}

/** A portal account email with a made-up link, written as a real one is, for a template's preview. */
export function samplePortalEmail(
  kind: PortalTemplateKind,
  brand: EmailBrand,
  reader: Reader,
  timeZone: string,
  now: Date,
  template: EmailTemplateOverride,
): RenderedEmail {
  const { subject, html, text } = portalAccountEmail(
    kind,
    { contactId: '', name: 'Ada', email: 'ada@example.com' },
    {
      brand,
      url: 'https://example.com/portal/sign-in#token=example',
      expiresAt: new Date(now.getTime() + 60 * 60 * 1000),
      reader,
      timeZone,
      clientName: SAMPLE_CLIENT,
      template,
    },
  );
  return { subject, html, text };
}
