import type { ServiceDeps } from '../context.ts';

/**
 * Portal use cases also build links for emails, so they need the public address of the app, and the app key that
 * keeps the links' tokens encrypted in the outbox until delivery (services/email/link-token.ts).
 */
export interface PortalDeps extends ServiceDeps {
  appUrl: string;
  secretKey: Buffer;
}

/**
 * Stands in `invoiceId` for a session opened by a quote link: every invoice query of the portal, scoped to
 * `invoiceId` when it is set, then matches nothing, so such a session sees its one quote and no invoice.
 */
export const NO_INVOICE = '00000000-0000-0000-0000-000000000000';

/**
 * A contact acting in the portal. `invoiceId` is set when the session came from an invoice link (NO_INVOICE for a
 * quote link); `quoteId` when it came from a quote link: it then sees that one quote only.
 */
export interface PortalPrincipal {
  contactId: string;
  clientId: string;
  name: string;
  email: string;
  clientName: string;
  invoiceId: string | null;
  quoteId: string | null;
  csrfToken: string;
}

export const ACCOUNT_SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const LINK_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;
export const MAGIC_TTL_MS = 15 * 60 * 1000;
