import type { Db, Trx } from '../../db/client.ts';
import type { EmailOutboxRow } from '../../db/schema.ts';
import { withLinkToken } from './link-token.ts';

/** A send's first email as its recipient will see it. */
export interface EmailPreview {
  to: { address: string; name: string };
  cc: string[];
  bcc: string[];
  /** How many emails the send would write (one per recipient). */
  emailCount: number;
  subject: string;
  html: string;
  text: string;
}

/** Stands where the recipient's own link token goes: a preview never makes a usable link. */
export const PREVIEW_LINK_TOKEN = 'preview';

class PreviewMade extends Error {
  constructor(readonly preview: EmailPreview) {
    super('preview made');
  }
}

function previewOf(row: EmailOutboxRow, emailCount: number): EmailPreview {
  return {
    to: { address: row.to_address, name: row.to_name },
    cc: row.cc,
    bcc: row.bcc,
    emailCount,
    subject: row.subject,
    html: withLinkToken(row.html, PREVIEW_LINK_TOKEN),
    text: withLinkToken(row.text, PREVIEW_LINK_TOKEN),
  };
}

/**
 * What a send would email, exactly as the outbox would hold it: the send itself runs, with every check it makes,
 * and its transaction is rolled back, so nothing is queued, issued or numbered. The first message is returned with
 * a placeholder for its link token.
 */
export async function previewSend(
  db: Db,
  send: (trx: Trx) => Promise<{ id: string }[]>,
): Promise<EmailPreview> {
  try {
    await db.transaction().execute(async (trx) => {
      const emails = await send(trx);
      const first = emails[0];
      if (!first) throw new Error('previewSend: the send wrote no email');
      const row = await trx
        .selectFrom('email_outbox')
        .selectAll()
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow();
      throw new PreviewMade(previewOf(row, emails.length));
    });
  } catch (error) {
    if (error instanceof PreviewMade) return error.preview;
    throw error;
  }
  throw new Error('previewSend: the send was not rolled back');
}
