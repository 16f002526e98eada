import { type EmailBrand, renderEmailLayout, textSignature } from '../email/email-layout.ts';
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

export function invitationEmail(to: Recipient, input: { brand: EmailBrand; url: string; expiresAt: Date }) {
  const from = input.brand.businessName;
  return compose(to, input.brand, {
    kind: 'portal_invite',
    subject: `${from} invites you to the client portal`,
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `${from} invited you to its client portal, where you can see and download your invoices.`,
      'Choose a password to activate your access.',
    ],
    action: { label: 'Set your password', url: input.url },
    footer: `This link works once and expires on ${input.expiresAt.toUTCString()}.`,
  });
}

export function passwordResetEmail(to: Recipient, input: { brand: EmailBrand; url: string }) {
  const from = input.brand.businessName;
  return compose(to, input.brand, {
    kind: 'portal_password_reset',
    subject: `Reset your ${from} portal password`,
    greeting: `Hello ${to.name},`,
    paragraphs: ['Someone asked to reset the password of your client portal account.'],
    action: { label: 'Choose a new password', url: input.url },
    footer: 'The link works once within an hour. If you did not ask for it, ignore this email.',
  });
}

export function magicLoginEmail(to: Recipient, input: { brand: EmailBrand; url: string }) {
  const from = input.brand.businessName;
  return compose(to, input.brand, {
    kind: 'portal_login_link',
    subject: `Your ${from} portal sign-in link`,
    greeting: `Hello ${to.name},`,
    paragraphs: [`Use the link below to sign in to the ${from} client portal without a password.`],
    action: { label: 'Sign in', url: input.url },
    footer: 'The link works once within 15 minutes. If you did not ask for it, ignore this email.',
  });
}

/** A fresh link to the invoice or quote an expired link opened, asked for from the portal. */
export function freshLinkEmail(
  to: Recipient,
  input: {
    brand: EmailBrand;
    url: string;
    document: { kind: 'invoice' | 'quote'; id: string; number: string | null };
    expiresAt: Date;
  },
) {
  const from = input.brand.businessName;
  const { kind, id, number } = input.document;
  const named = number ? `${kind} ${number}` : `your ${kind}`;
  return compose(to, input.brand, {
    kind: 'portal_link',
    subject: `A new link to ${named} from ${from}`,
    greeting: `Hello ${to.name},`,
    paragraphs: [`Here is a fresh link to ${named} from ${from}.`],
    action: { label: `View the ${kind}`, url: input.url },
    footer: `The link expires on ${input.expiresAt.toUTCString()}.`,
    ...(kind === 'invoice' ? { invoiceId: id } : { quoteId: id }),
  });
}
