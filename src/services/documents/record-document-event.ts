import type { Trx } from '../../db/client.ts';
import { recordTimelineAudit } from '../audit/record-timeline-audit.ts';
import type { Actor } from '../context.ts';

export interface DocumentEventInput {
  kind: 'quote' | 'credit_note';
  documentId: string;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** A client contact acting in the portal (opening, accepting or declining a quote). */
export interface ContactActor {
  type: 'contact';
  id: string;
  name: string;
}

/** The document_events row for an event (for writes that insert it in the same statement as another change). */
export function documentEventRow(actor: Actor | ContactActor, event: DocumentEventInput) {
  return {
    document_kind: event.kind,
    document_id: event.documentId,
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

/** Every change to a quote or credit note leaves an event with who did it and when, in the same transaction. */
export async function recordDocumentEvent(
  trx: Trx,
  actor: Actor | ContactActor,
  event: DocumentEventInput,
): Promise<void> {
  const row = documentEventRow(actor, event);
  await trx.insertInto('document_events').values(row).execute();
  await recordTimelineAudit(trx, actor, [row]);
}
