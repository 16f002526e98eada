import { LINK_TOKEN_PLACEHOLDER, openLinkToken } from '../../src/services/email/link-token.ts';
import type { SendingTestApp } from './sending-app.ts';

/**
 * Turns an outbox row into what Remit wrote before migration 012: the link's token readable in html and text, no
 * `link_kind`, nothing encrypted beside it. The token stays the one its invoice link was issued with, so it works.
 * Returns that token.
 */
export async function asQueuedBeforeUpgrade(t: SendingTestApp, emailId: string): Promise<string> {
  const row = await t.deps.db
    .selectFrom('email_outbox')
    .select(['link_token_encrypted'])
    .where('id', '=', emailId)
    .executeTakeFirstOrThrow();
  if (!row.link_token_encrypted) throw new Error(`email ${emailId} has no token to put back`);
  const token = openLinkToken(t.deps.secretKey, emailId, row.link_token_encrypted);
  await t.database.pool.query(
    `update email_outbox
     set html = replace(html, $2, $3), text = replace(text, $2, $3), link_kind = null, link_token_encrypted = null
     where id = $1`,
    [emailId, LINK_TOKEN_PLACEHOLDER, token],
  );
  return token;
}

/**
 * Turns a failed outbox row into what migration 012 left of a message that had failed before it ran: the token
 * replaced by "(link removed)" in html and text, and no `link_kind`.
 */
export async function asFailedBeforeUpgrade(t: SendingTestApp, emailId: string): Promise<void> {
  const updated = await t.database.pool.query(
    `update email_outbox
     set html = replace(html, $2, '(link removed)'), text = replace(text, $2, '(link removed)'),
         link_kind = null, link_token_encrypted = null
     where id = $1 and state = 'failed'`,
    [emailId, LINK_TOKEN_PLACEHOLDER],
  );
  if (updated.rowCount !== 1) throw new Error(`email ${emailId} has not failed`);
}
