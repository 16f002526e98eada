import type { OutgoingEmail } from '../email/queue-email.ts';

/** Every piece of user-supplied text goes through this before it lands in HTML: names, numbers, business name. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

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

/** Plain text and HTML from the same parts; the HTML escapes each part, the URL included. */
function compose(to: Recipient, parts: MessageParts): OutgoingEmail {
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(parts.greeting)}</p>`,
    ...parts.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(parts.action.url)}">${escapeHtml(parts.action.label)}</a></p>`,
    `<p style="color:#666;font-size:small">${escapeHtml(parts.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  const text = [
    parts.greeting,
    '',
    ...parts.paragraphs.flatMap((p) => [p, '']),
    `${parts.action.label}: ${parts.action.url}`,
    '',
    parts.footer,
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

function sender(businessName: string): string {
  return businessName.trim() || 'Remit';
}

export function invitationEmail(
  to: Recipient,
  input: { businessName: string; url: string; expiresAt: Date },
) {
  const from = sender(input.businessName);
  return compose(to, {
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

export function passwordResetEmail(to: Recipient, input: { businessName: string; url: string }) {
  const from = sender(input.businessName);
  return compose(to, {
    kind: 'portal_password_reset',
    subject: `Reset your ${from} portal password`,
    greeting: `Hello ${to.name},`,
    paragraphs: ['Someone asked to reset the password of your client portal account.'],
    action: { label: 'Choose a new password', url: input.url },
    footer: 'The link works once within an hour. If you did not ask for it, ignore this email.',
  });
}

export function magicLoginEmail(to: Recipient, input: { businessName: string; url: string }) {
  const from = sender(input.businessName);
  return compose(to, {
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
    businessName: string;
    url: string;
    document: { kind: 'invoice' | 'quote'; id: string; number: string | null };
    expiresAt: Date;
  },
) {
  const from = sender(input.businessName);
  const { kind, id, number } = input.document;
  const named = number ? `${kind} ${number}` : `your ${kind}`;
  return compose(to, {
    kind: 'portal_link',
    subject: `A new link to ${named} from ${from}`,
    greeting: `Hello ${to.name},`,
    paragraphs: [`Here is a fresh link to ${named} from ${from}.`],
    action: { label: `View the ${kind}`, url: input.url },
    footer: `The link expires on ${input.expiresAt.toUTCString()}.`,
    ...(kind === 'invoice' ? { invoiceId: id } : { quoteId: id }),
  });
}
