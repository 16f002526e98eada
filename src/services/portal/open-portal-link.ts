import type { Trx } from '../../db/client.ts';
import { DomainError } from '../../domain/errors.ts';
import { hashToken } from '../auth/secrets.ts';
import type { ServiceDeps } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { consumeRateLimit, ipKey, TOKEN_IP_POLICY } from '../rate-limit.ts';
import { type OpenedPortalSession, sessionForLink } from './portal-session.ts';

/** The link existed but has expired: the caller may ask for a fresh one (410); the document stays hidden. */
export class LinkExpiredError extends DomainError {
  constructor() {
    super('link_expired', 'This link has expired; ask for a fresh one to be emailed to you');
    this.name = 'LinkExpiredError';
  }
}

export interface PortalLinkRequest {
  token: string;
  ip: string;
  /** The browser's current portal session, if any: a signed-in contact keeps it. */
  previousToken?: string | undefined;
}

/** A usable link found by its token's hash, with the document it opens. */
export interface FoundPortalLink {
  id: string;
  contactId: string;
  expiresAt: Date;
  documentId: string;
}

export interface PortalLinkKind {
  /**
   * The link with this token hash, if it is not revoked, its contact may use the portal and its document (of this
   * kind) is addressed to that contact's client and is not a draft.
   */
  find(trx: Trx, tokenHash: string): Promise<FoundPortalLink | undefined>;
  /** Whether the session it starts sees only this invoice (invoice links) or is scoped by the link alone. */
  sessionSeesInvoice: boolean;
}

/**
 * Opens a portal link of either kind (invoice or quote): the caller's IP is rate limited, the link found by its
 * token's hash; unknown, revoked and unusable links all answer the same 404, an expired one 410. The link's use is
 * noted and a session started for it, in one transaction.
 */
export async function openPortalLink(
  deps: ServiceDeps,
  input: PortalLinkRequest,
  kind: PortalLinkKind,
): Promise<OpenedPortalSession & { documentId: string; contactId: string }> {
  const now = deps.clock.now();
  await consumeRateLimit(deps.db, [{ key: ipKey('portal-token', input.ip), policy: TOKEN_IP_POLICY }], now);
  return deps.db.transaction().execute(async (trx) => {
    const link = await kind.find(trx, hashToken(input.token));
    if (!link) throw new NotFoundError('Link');
    if (link.expiresAt <= now) throw new LinkExpiredError();
    await trx.updateTable('invoice_links').set({ last_used_at: now }).where('id', '=', link.id).execute();
    const session = await sessionForLink(trx, {
      contactId: link.contactId,
      now,
      previousToken: input.previousToken,
      link: {
        id: link.id,
        invoiceId: kind.sessionSeesInvoice ? link.documentId : null,
        expiresAt: link.expiresAt,
      },
    });
    return { ...session, documentId: link.documentId, contactId: link.contactId };
  });
}
