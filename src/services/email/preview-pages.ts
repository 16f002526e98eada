import type { Db } from '../../db/client.ts';

/** Long enough to open a preview that was just made, short enough that old ones do not pile up. */
export const PREVIEW_PAGE_LIFETIME_MS = 10 * 60 * 1000;

/**
 * Keeps an email preview's HTML for its own page (GET /email-previews/{id}) and answers the page's id. Expired
 * pages go as a new one is written, so the table holds only the last few minutes of previews.
 */
export async function storePreviewPage(db: Db, ownerId: string, html: string, now: Date): Promise<string> {
  await db.deleteFrom('email_preview_pages').where('expires_at', '<', now).execute();
  const row = await db
    .insertInto('email_preview_pages')
    .values({ owner_id: ownerId, html, expires_at: new Date(now.getTime() + PREVIEW_PAGE_LIFETIME_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A preview page's HTML, for the staff member or token that made it and while it lasts; null otherwise. */
export async function readPreviewPage(
  db: Db,
  ownerId: string,
  id: string,
  now: Date,
): Promise<string | null> {
  const row = await db
    .selectFrom('email_preview_pages')
    .select('html')
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.html ?? null;
}
