import type { Trx } from '../../db/client.ts';
import { insertRows } from '../../db/json-rows.ts';
import { recordTimelineAudit } from '../audit/record-timeline-audit.ts';
import type { Actor } from '../context.ts';

export interface InvoiceEventInput {
  invoiceId: string;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** The invoice_events row for an event (for writes that insert it in the same statement as another change). */
export function invoiceEventRow(actor: Actor, event: InvoiceEventInput) {
  return {
    invoice_id: event.invoiceId,
    type: event.type,
    from_status: event.fromStatus ?? null,
    to_status: event.toStatus ?? null,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_name: actor.name,
    data: JSON.stringify(event.data ?? {}),
    created_at: event.at,
  };
}

/**
 * Every change to an invoice leaves an event with who did it and when, in the same transaction; a staff or API
 * action also leaves an audit log entry (services/audit/record-timeline-audit.ts).
 */
export async function recordInvoiceEvent(trx: Trx, actor: Actor, event: InvoiceEventInput): Promise<void> {
  const row = invoiceEventRow(actor, event);
  await trx.insertInto('invoice_events').values(row).execute();
  await recordTimelineAudit(trx, actor, [row]);
}

/** Several events in one statement (e.g. many invoices' emails recorded as sent at once), as one JSON parameter. */
export async function recordInvoiceEvents(
  trx: Trx,
  actor: Actor,
  events: InvoiceEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((event) => invoiceEventRow(actor, event));
  // A jsonb column of the JSON rows takes the value itself, not its text.
  await insertRows(
    'invoice_events',
    rows.map((row, index) => ({ ...row, data: events[index]!.data ?? {} })),
  ).execute(trx);
  await recordTimelineAudit(trx, actor, rows);
}
