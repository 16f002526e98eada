import type {
  EmailTemplateOverride,
  PortalTemplateKind,
  TemplateValues,
} from '../../domain/email-templates.ts';
import { DEFAULT_LANGUAGE, type Reader } from '../../domain/language.ts';
import { formatMoment } from '../../domain/locale-format.ts';
import { fillTemplate, oneLine } from '../../i18n/email-template-text.ts';
import { translator } from '../../i18n/messages.ts';
import { type EmailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
import { greetingFor } from '../email/invoice-email.ts';
import type { OutgoingEmail } from '../email/queue-email.ts';

export { escapeHtml } from '../email/email-layout.ts';

interface Recipient {
  contactId: string;
  name: string;
  email: string;
}

interface MessageParts {
  kind: string;
  subject: string;
  greeting: string;
  paragraphs: string[];
  action: { label: string; url: string };
  footer: string;
  invoiceId?: string;
  quoteId?: string;
}

/** Plain text and HTML from the same parts, in the shared layout. */
function compose(to: Recipient, brand: EmailBrand, parts: MessageParts): OutgoingEmail {
  const html = renderEmailLayout(brand, parts.subject, {
    paragraphs: [parts.greeting, ...parts.paragraphs],
    button: { label: parts.action.label, href: parts.action.url },
    notes: [parts.footer],
  });
  const text = [
    parts.greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    `${parts.action.label}: ${parts.action.url}`,
    '',
    parts.footer,
    '',
    ...textSignature(brand),
  ].join('\n');
  return {
    kind: parts.kind,
    to: { address: to.email, name: to.name },
    subject: parts.subject,
    html,
    text,
    contactId: to.contactId,
    invoiceId: parts.invoiceId ?? null,
    quoteId: parts.quoteId ?? null,
  };
}

/** How a portal account email is written: in the contact's client's language, with the admin's template if any. */
export interface PortalAccountEmailInput {
  brand: EmailBrand;
  url: string;
  /** When the link stops working; the invitation names it. */
  expiresAt?: Date;
  /** The contact's client's language and locale; absent, English in the brand's locale. */
  reader?: Reader;
  /** The organisation's time zone, for the expiry; absent, UTC. */
  timeZone?: string;
  clientName?: string;
  template?: EmailTemplateOverride | null;
}

/** Each portal account email's message-file section and the kind its outbox messages carry. */
const PORTAL_EMAILS: Record<PortalTemplateKind, { messages: string; outboxKind: string }> = {
  portal_invitation: { messages: 'portalInvite', outboxKind: 'portal_invite' },
  portal_sign_in: { messages: 'portalSignIn', outboxKind: 'portal_login_link' },
  portal_password_reset: { messages: 'portalReset', outboxKind: 'portal_password_reset' },
};

/**
 * An invitation, sign-in link or password reset email. A template replaces the subject and the opening only: the
 * link is always the email's button (and its own line in the text part), with the expiry note under it.
 */
export function portalAccountEmail(
  kind: PortalTemplateKind,
  to: Recipient,
  input: PortalAccountEmailInput,
): OutgoingEmail {
  const reader = input.reader ?? { language: DEFAULT_LANGUAGE, locale: input.brand.locale };
  const t = translator(reader.language, 'emails');
  const { messages, outboxKind } = PORTAL_EMAILS[kind];
  const business = input.brand.businessName;
  const expires = input.expiresAt
    ? formatMoment(input.expiresAt, reader.locale, input.timeZone ?? 'UTC')
    : '';
  const values: TemplateValues = {
    'business.name': business,
    'client.name': input.clientName ?? '',
    'contact.name': to.name,
    link_expiry: expires,
  };
  const { template } = input;
  return compose(
    to,
    { ...input.brand, locale: reader.locale },
    {
      kind: outboxKind,
      subject: oneLine(
        template?.subject ? fillTemplate(template.subject, values) : t(`${messages}.subject`, { business }),
      ),
      greeting: greetingFor(t, to.name),
      paragraphs: [
        template?.body ? fillTemplate(template.body, values) : t(`${messages}.intro`, { business }),
      ],
      action: { label: t(`${messages}.button`), url: input.url },
      footer: t(`${messages}.footer`, { expires }),
    },
  );
}

export function invitationEmail(to: Recipient, input: PortalAccountEmailInput & { expiresAt: Date }) {
  return portalAccountEmail('portal_invitation', to, input);
}

export function passwordResetEmail(to: Recipient, input: PortalAccountEmailInput) {
  return portalAccountEmail('portal_password_reset', to, input);
}

export function magicLoginEmail(to: Recipient, input: PortalAccountEmailInput) {
  return portalAccountEmail('portal_sign_in', to, input);
}

/**
 * A fresh link to the invoice or quote an expired link opened, asked for from the portal: in the contact's client's
 * language, the expiry in the organisation's time zone.
 */
export function freshLinkEmail(
  to: Recipient,
  input: {
    brand: EmailBrand;
    url: string;
    document: { kind: 'invoice' | 'quote'; id: string; number: string | null };
    expiresAt: Date;
    reader: Reader;
    timeZone: string;
  },
) {
  const { reader } = input;
  const t = translator(reader.language, 'emails');
  const { kind, id, number } = input.document;
  const Kind = kind === 'invoice' ? 'Invoice' : 'Quote';
  const words = { business: input.brand.businessName, number: number ?? '' };
  return compose(
    to,
    { ...input.brand, locale: reader.locale },
    {
      kind: 'portal_link',
      subject: oneLine(t(`portalFreshLink.subject${Kind}`, words)),
      greeting: greetingFor(t, to.name),
      paragraphs: [t(`portalFreshLink.intro${Kind}`, words)],
      action: { label: t(`portalFreshLink.button${Kind}`), url: input.url },
      footer: t('portalFreshLink.footer', {
        expires: formatMoment(input.expiresAt, reader.locale, input.timeZone),
      }),
      ...(kind === 'invoice' ? { invoiceId: id } : { quoteId: id }),
    },
  );
}
