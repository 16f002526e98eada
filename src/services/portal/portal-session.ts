import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/client.ts';
import { generateToken, hashToken } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { contactMayUsePortal } from './portal-access.ts';
import {
  ACCOUNT_SESSION_TTL_MS,
  LINK_SESSION_TTL_MS,
  NO_INVOICE,
  type PortalPrincipal,
} from './portal-context.ts';

export interface OpenedPortalSession {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/**
 * Opens a portal session. The session the browser presented (if any) is deleted first: a login always gets a fresh
 * token, so a session id planted before login is worthless afterwards (session fixation).
 */
export async function openPortalSession(
  db: Db | Trx,
  input: {
    contactId: string;
    now: Date;
    previousToken?: string | undefined;
    /** The link that opened the session; `invoiceId` is null for a quote link (the link row names the quote). */
    link?: { id: string; invoiceId: string | null; expiresAt: Date };
  },
): Promise<OpenedPortalSession> {
  if (input.previousToken) await endPortalSession(db, input.previousToken);
  const sessionToken = generateToken('remit_portal');
  const csrfToken = randomBytes(24).toString('base64url');
  const ttlEnd = input.now.getTime() + (input.link ? LINK_SESSION_TTL_MS : ACCOUNT_SESSION_TTL_MS);
  const expiresAt = new Date(input.link ? Math.min(ttlEnd, input.link.expiresAt.getTime()) : ttlEnd);
  await db
    .insertInto('portal_sessions')
    .values({
      token_hash: hashToken(sessionToken),
      contact_id: input.contactId,
      csrf_token: csrfToken,
      invoice_id: input.link?.invoiceId ?? null,
      link_id: input.link?.id ?? null,
      created_at: input.now,
      expires_at: expiresAt,
    })
    .execute();
  return { sessionToken, csrfToken, expiresAt };
}

export async function endPortalSession(db: Db | Trx, sessionToken: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('token_hash', '=', hashToken(sessionToken)).execute();
}

/**
 * Resolves a portal session cookie. Checked on every request, in the database: the session is unexpired, the
 * contact may still use the portal, and a link session's link is neither revoked nor expired.
 */
export async function authenticatePortalSession(
  deps: ServiceDeps,
  sessionToken: string,
): Promise<PortalPrincipal | null> {
  const now = deps.clock.now();
  const row = await deps.db
    .selectFrom('portal_sessions')
    .innerJoin('contacts', 'contacts.id', 'portal_sessions.contact_id')
    .innerJoin('clients', 'clients.id', 'contacts.client_id')
    .leftJoin('invoice_links', 'invoice_links.id', 'portal_sessions.link_id')
    .select([
      'contacts.id',
      'contacts.client_id',
      'contacts.name',
      'contacts.email',
      'clients.name as client_name',
      'portal_sessions.invoice_id',
      'invoice_links.quote_id',
      'portal_sessions.csrf_token',
    ])
    .where('portal_sessions.token_hash', '=', hashToken(sessionToken))
    .where('portal_sessions.expires_at', '>', now)
    .where(contactMayUsePortal)
    .where(
      sql<boolean>`(portal_sessions.link_id is null or (invoice_links.revoked_at is null and invoice_links.expires_at > ${now}))`,
    )
    .executeTakeFirst();
  if (!row) return null;
  return {
    contactId: row.id,
    clientId: row.client_id,
    name: row.name,
    email: row.email,
    clientName: row.client_name,
    invoiceId: row.invoice_id ?? (row.quote_id ? NO_INVOICE : null),
    quoteId: row.quote_id ?? null,
    csrfToken: row.csrf_token,
  };
}

/**
 * The session an opened link gives: a contact already signed in with their account (an account session, not one
 * opened by another link) keeps that session and sees everything of theirs; any other session the browser carried
 * is replaced by one for this link, which sees the link's one document.
 */
export async function sessionForLink(
  trx: Trx,
  input: {
    contactId: string;
    now: Date;
    previousToken?: string | undefined;
    link: { id: string; invoiceId: string | null; expiresAt: Date };
  },
): Promise<OpenedPortalSession> {
  if (input.previousToken) {
    const current = await trx
      .selectFrom('portal_sessions')
      .select(['csrf_token', 'expires_at'])
      .where('token_hash', '=', hashToken(input.previousToken))
      .where('contact_id', '=', input.contactId)
      .where('link_id', 'is', null)
      .where('expires_at', '>', input.now)
      .executeTakeFirst();
    if (current) {
      return {
        sessionToken: input.previousToken,
        csrfToken: current.csrf_token,
        expiresAt: current.expires_at,
      };
    }
  }
  return openPortalSession(trx, input);
}
