import { type RawBuilder, sql } from 'kysely';
import type { EmailLinkKind } from '../../db/schema.ts';
import { decryptSecret, encryptSecret } from '../settings/secret-box.ts';

/**
 * Bearer tokens in emails (invoice links, portal invitations, password resets, sign-in links) never sit readable in
 * the outbox. The stored body holds this placeholder where the token goes; the token itself is stored beside it,
 * encrypted with the app key (APP_SECRET or DATA_DIR/secret.key, which a database dump does not contain), and bound
 * to its outbox row. Delivery puts the token back into the message it hands to SMTP; once the message is sent or
 * given up the encrypted token is wiped, so nothing usable stays in the database. Retries after a failed attempt
 * still have it; "retry now" on a message given up issues a fresh token (services/email/retry-email.ts).
 */
export const LINK_TOKEN_PLACEHOLDER = '{{remit:link-token}}';

export interface LinkToken {
  kind: EmailLinkKind;
  token: string;
}

function purposeOf(outboxId: string): string {
  return `email_outbox.link_token:${outboxId}`;
}

export function sealLinkToken(key: Buffer, outboxId: string, token: string): string {
  return encryptSecret(key, token, purposeOf(outboxId));
}

/** Throws SecretUnreadableError when the app key changed since the message was queued. */
export function openLinkToken(key: Buffer, outboxId: string, sealed: string): string {
  return decryptSecret(key, sealed, purposeOf(outboxId));
}

/** The body as stored: every occurrence of the token replaced by the placeholder. */
export function withoutLinkToken(body: string, token: string): string {
  return body.replaceAll(token, LINK_TOKEN_PLACEHOLDER);
}

/** The body as sent. The token is base64url, so it reads the same in HTML as in text. */
export function withLinkToken(body: string, token: string): string {
  return body.replaceAll(LINK_TOKEN_PLACEHOLDER, token);
}

/** What stands in a body where a readable token was scrubbed, e.g. `/portal/link/(link removed)`. */
export const LINK_REMOVED = '(link removed)';

/**
 * A body column with every readable token scrubbed, as SQL: what migration 012 did to finished messages written
 * before it (which keeps its own frozen copy). Only rows without `link_kind` can hold one, never a newer row.
 */
export function withoutReadableLinkTokens(column: 'html' | 'text'): RawBuilder<string> {
  return sql<string>`regexp_replace(${sql.ref(column)}, '(rl|rp[irm])_[A-Za-z0-9_-]{43}', ${LINK_REMOVED}, 'g')`;
}
