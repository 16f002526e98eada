import { type Kysely, sql } from 'kysely';

/**
 * Messages queued before migration 012 (no `link_kind`) carried their token readable in the body. 012 scrubbed those
 * already finished; the ones still on their way were sent or given up afterwards by releases that did not scrub
 * them. This scrubs them the same way (a frozen copy of services/email/link-token.ts withoutReadableLinkTokens);
 * delivery now does it itself when such a message finishes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update email_outbox
    set html = regexp_replace(html, '(rl|rp[irm])_[A-Za-z0-9_-]{43}', '(link removed)', 'g'),
        text = regexp_replace(text, '(rl|rp[irm])_[A-Za-z0-9_-]{43}', '(link removed)', 'g')
    where link_kind is null and state in ('sent', 'failed', 'not_sent')
      and (html ~ '(rl|rp[irm])_[A-Za-z0-9_-]{43}' or text ~ '(rl|rp[irm])_[A-Za-z0-9_-]{43}');
  `.execute(db);
}

/** The removed tokens cannot be put back; nothing to undo. */
export async function down(): Promise<void> {}
