import type { Trx } from '../../db/client.ts';
import type { PortalTokenPurpose } from '../../db/schema.ts';
import { generateToken, hashToken } from '../auth/secrets.ts';

/**
 * Single-use secrets sent by email (invitation, password reset, passwordless login). Issuing a new one cancels the
 * contact's unused ones of the same purpose, so only the latest email works.
 */
export async function issueOneTimeToken(
  trx: Trx,
  input: { contactId: string; purpose: PortalTokenPurpose; now: Date; ttlMs: number },
): Promise<string> {
  await trx
    .updateTable('portal_tokens')
    .set({ used_at: input.now })
    .where('contact_id', '=', input.contactId)
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .execute();
  const token = generateToken(`rp${input.purpose[0]}`);
  await trx
    .insertInto('portal_tokens')
    .values({
      contact_id: input.contactId,
      purpose: input.purpose,
      token_hash: hashToken(token),
      created_at: input.now,
      expires_at: new Date(input.now.getTime() + input.ttlMs),
    })
    .execute();
  return token;
}

/**
 * Uses a token up: it must exist for this purpose, be unexpired and unused. The row is locked and marked used in the
 * caller's transaction, so two requests with the same token cannot both succeed. Returns the contact id or null.
 */
export async function consumeOneTimeToken(
  trx: Trx,
  input: { token: string; purpose: PortalTokenPurpose; now: Date },
): Promise<string | null> {
  const row = await trx
    .selectFrom('portal_tokens')
    .select(['id', 'contact_id'])
    .where('token_hash', '=', hashToken(input.token))
    .where('purpose', '=', input.purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', input.now)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  const used = await trx
    .updateTable('portal_tokens')
    .set({ used_at: input.now })
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows === 1n ? row.contact_id : null;
}
