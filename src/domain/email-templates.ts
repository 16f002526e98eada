/**
 * Email templates (issue 18): an admin may replace the subject and the opening text of each kind of email a client
 * gets, per language, with placeholders such as {{client.name}}. Pure: which kinds there are and which placeholders
 * each one knows. Filling them in is src/i18n/email-template-text.ts.
 */
export const EMAIL_TEMPLATE_KINDS = [
  'invoice',
  'reminder',
  'quote',
  'credit_note',
  'statement',
  'receipt',
  'portal_invitation',
  'portal_sign_in',
  'portal_password_reset',
] as const;
export type EmailTemplateKind = (typeof EMAIL_TEMPLATE_KINDS)[number];

export const EMAIL_TEMPLATE_KIND_NAMES: Record<EmailTemplateKind, string> = {
  invoice: 'Invoice',
  reminder: 'Payment reminder',
  quote: 'Quote',
  credit_note: 'Credit note',
  statement: 'Statement',
  receipt: 'Payment receipt',
  portal_invitation: 'Portal invitation',
  portal_sign_in: 'Portal sign-in link',
  portal_password_reset: 'Portal password reset',
};

/** The portal's account emails: their link is the email's button, which no template can drop or replace. */
export const PORTAL_TEMPLATE_KINDS = [
  'portal_invitation',
  'portal_sign_in',
  'portal_password_reset',
] as const;
export type PortalTemplateKind = (typeof PORTAL_TEMPLATE_KINDS)[number];

export function isPortalTemplateKind(kind: EmailTemplateKind): kind is PortalTemplateKind {
  return (PORTAL_TEMPLATE_KINDS as readonly string[]).includes(kind);
}

export function isEmailTemplateKind(value: unknown): value is EmailTemplateKind {
  return typeof value === 'string' && (EMAIL_TEMPLATE_KINDS as readonly string[]).includes(value);
}

const COMMON = ['business.name', 'client.name', 'portal_link'] as const;
const INVOICE = [...COMMON, 'document.number', 'total', 'amount_due', 'due_date'] as const;
const PORTAL = ['business.name', 'client.name', 'contact.name', 'link_expiry'] as const;

/** The placeholders each kind of email fills in, as written between double braces. */
export const EMAIL_TEMPLATE_PLACEHOLDERS: Record<EmailTemplateKind, readonly string[]> = {
  invoice: INVOICE,
  reminder: INVOICE,
  quote: [...COMMON, 'document.number', 'total', 'valid_until'],
  credit_note: [...COMMON, 'document.number', 'credit_total', 'credited_invoices'],
  statement: [...COMMON, 'period.start', 'period.end'],
  receipt: [
    'business.name',
    'client.name',
    'document.number',
    'payment.amount',
    'payment.date',
    'balance_due',
  ],
  portal_invitation: PORTAL,
  portal_sign_in: PORTAL,
  portal_password_reset: PORTAL,
};

/** The longest subject and opening a template may have. */
export const TEMPLATE_SUBJECT_MAX = 300;
export const TEMPLATE_BODY_MAX = 5000;

/** One email's placeholder values, already formatted for its reader ("€1,234.50", "12 December 2026"). */
export type TemplateValues = Partial<Record<string, string>>;

/** An admin's own subject and opening for one kind and language; null keeps that part standard. */
export interface EmailTemplateOverride {
  subject: string | null;
  body: string | null;
}
