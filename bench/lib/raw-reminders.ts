import { type RawBuilder, sql } from 'kysely';

/**
 * The body Remit stores for a reminder, with `{number}`, `{name}`, `{total}`, `{due}` and `{date}` to fill in: the
 * same markup, hence about the same size (1.9 kB of HTML, 0.3 kB of text), as invoice-email.ts renders.
 */
const HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Reminder: invoice {number} from Remit, {due} due today, {date}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:Helvetica,Arial,sans-serif;color:#222;font-size:15px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-top:4px solid #1f4e79;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px;color:#1f4e79">Remit</h1>
<p style="margin:0 0 12px">Hello {name},</p>
<p style="margin:0 0 12px">This is a reminder about invoice {number} from Remit.</p>

<table role="presentation" style="border-collapse:collapse;margin:16px 0">
<tr><td style="padding:4px 16px 4px 0;color:#555">Invoice</td><td style="padding:4px 0;text-align:right">{number}</td></tr>
<tr><td style="padding:4px 16px 4px 0;color:#555">Total</td><td style="padding:4px 0;text-align:right">{total}</td></tr>
<tr><td style="padding:4px 16px 4px 0;color:#555">Amount due</td><td style="padding:4px 0;text-align:right"><strong>{due}</strong></td></tr>
<tr><td style="padding:4px 16px 4px 0;color:#555">Due</td><td style="padding:4px 0;text-align:right">{date}</td></tr>
</table>
<p style="margin:24px 0"><a href="http://localhost:3000/portal/link/{{remit:link-token}}" style="background:#1f4e79;color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px;display:inline-block">View and pay invoice {number}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#555">Or open this link: <a href="http://localhost:3000/portal/link/{{remit:link-token}}">http://localhost:3000/portal/link/{{remit:link-token}}</a></p>
<hr style="border:0;border-top:1px solid #ddd;margin:24px 0">
<p style="margin:0;font-size:13px;color:#555">Remit</p>
</div>
</body></html>
`;

const TEXT = `Hello {name},

This is a reminder about invoice {number} from Remit.

Invoice: {number}
Total: {total}
Amount due: {due}
Due today, {date}

View and pay the invoice: http://localhost:3000/portal/link/{{remit:link-token}}

--
Remit
`;

const NOT_SENT = 'SMTP is not configured: set it up in Settings > Email, then send again';

/** A body template filled in from the `m` row of the statement below. */
function filled(template: string): RawBuilder<string> {
  return sql<string>`replace(replace(replace(replace(replace(${template}::text,
    '{number}', m.number), '{name}', m.name), '{total}', m.total), '{due}', m.due), '{date}', m.date)`;
}

/**
 * The best set-based SQL for the reminders Remit queues on `today`, writing what Remit writes (checked against
 * its rows): the slot, one portal link (hashed random token) and one outbox row per contact with the same
 * columns and body sizes (not sent, as Remit records them without SMTP settings), and a `reminder_queued` event
 * listing the emails. What it leaves out is Remit's own work: no totals engine (stored totals instead), no locale
 * formatting, no checks of attachments.
 */
export function remindersRawSql(today: string): RawBuilder<unknown> {
  return sql`
    with due as (
      select i.id, i.client_id, i.number, i.currency, i.total_minor,
             i.total_minor - i.amount_paid_minor - i.amount_credited_minor as due_minor,
             ${today}::text || '/due' as slot
      from invoices i
      where i.status in ('sent', 'viewed', 'partially_paid')
        and i.total_minor - i.amount_paid_minor - i.amount_credited_minor > 0 and i.due_date = ${today}::date
        and not exists (select 1 from invoice_reminders r where r.invoice_id = i.id and r.slot = ${today}::text || '/due')
      for update of i
    ),
    claimed as (
      insert into invoice_reminders (invoice_id, slot, created_at) select id, slot, now() from due
      on conflict do nothing returning invoice_id
    ),
    m as materialized (
      select d.id as invoice_id, d.slot, d.number, c.id as contact_id, c.email, c.name,
             gen_random_uuid() as outbox_id, sha256(uuid_send(gen_random_uuid())) as token_hash,
             d.currency || ' ' || to_char(d.total_minor / 100.0, 'FM999,999,990.00') as total,
             d.currency || ' ' || to_char(d.due_minor / 100.0, 'FM999,999,990.00') as due,
             to_char(${today}::date, 'FMMonth FMDD, YYYY') as date
      from claimed join due d on d.id = claimed.invoice_id join contacts c on c.client_id = d.client_id
      where c.email <> ''
    ),
    links as (
      insert into invoice_links (invoice_id, contact_id, token_hash, created_at, expires_at)
      select invoice_id, contact_id, encode(token_hash, 'hex'), now(), now() + interval '30 days' from m
      returning 1
    ),
    emails as (
      insert into email_outbox (id, kind, invoice_id, contact_id, to_address, to_name, subject, html, text,
                                attach_invoice_pdf, attachment, dedupe_key, state, last_error, next_attempt_at,
                                created_at, link_kind)
      select outbox_id, 'reminder', invoice_id, contact_id, email, name,
             'Reminder: invoice ' || number || ' from Remit, ' || due || ' due today, ' || date,
             ${filled(HTML)}, ${filled(TEXT)}, true, 'pdf', 'reminder:' || invoice_id || ':' || slot || ':' || contact_id,
             'not_sent', ${NOT_SENT}, now(), now(), 'invoice_link'
      from m
      returning invoice_id
    ),
    events as (
      insert into invoice_events (invoice_id, type, actor_type, actor_name, data)
      select d.id, 'reminder_queued', 'system', 'Remit',
             jsonb_build_object('slot', d.slot, 'when', 'on_due', 'emails', coalesce(sent.emails, '[]'))
      from claimed join due d on d.id = claimed.invoice_id
      left join (
        select invoice_id, jsonb_agg(jsonb_build_object('id', outbox_id, 'to', email, 'state', 'not_sent')) as emails
        from m group by invoice_id
      ) sent on sent.invoice_id = d.id
      returning 1
    )
    select (select count(*) from claimed) as reminders, (select count(*) from emails) as emails,
           (select count(*) from links) as links, (select count(*) from events) as events`;
}
