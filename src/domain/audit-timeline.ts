/**
 * Which timeline events (invoice_events, document_events) are staff or API actions the audit log records, and how:
 * the pure mapping from an event to an audit action, entity and before/after. Events of the system (recurring
 * invoices, the overdue sweep, gateways) and of client contacts (portal) stay in the document's timeline only.
 */
import type { AuditAction, AuditEntityType, AuditFields } from './audit.ts';

export interface TimelineEvent {
  kind: 'invoice' | 'quote' | 'credit_note';
  documentId: string;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  data: Record<string, unknown>;
}

export interface TimelineAudit {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  before: AuditFields | null;
  after: AuditFields | null;
}

const INVOICE_ACTIONS: Record<string, AuditAction> = {
  created: 'invoice.created',
  duplicated: 'invoice.created',
  updated: 'invoice.updated',
  revised: 'invoice.updated',
  cancelled_with_credit_note: 'invoice.cancelled',
  email_queued: 'invoice.email_queued',
  reminder_queued: 'invoice.reminder_queued',
  payment_recorded: 'payment.recorded',
  payment_deleted: 'payment.deleted',
  payment_refunded: 'payment.refunded',
  payment_accepted: 'payment.accepted',
  payment_rejected: 'payment.rejected',
  credit_applied: 'credit_note.applied',
};

const DOCUMENT_ACTIONS: Record<string, Record<string, AuditAction>> = {
  quote: {
    created: 'quote.created',
    updated: 'quote.updated',
    revised: 'quote.updated',
    email_queued: 'quote.email_queued',
  },
  credit_note: {
    created: 'credit_note.created',
    updated: 'credit_note.updated',
    email_queued: 'credit_note.email_queued',
    credit_refunded: 'credit_note.refunded',
  },
};

function statusAction(event: TimelineEvent): AuditAction {
  const { kind, fromStatus, toStatus } = event;
  if (kind === 'invoice') {
    if (toStatus === 'void') return 'invoice.voided';
    return fromStatus === 'draft' ? 'invoice.issued' : 'invoice.status_changed';
  }
  if (kind === 'credit_note') return 'credit_note.issued';
  if (fromStatus === 'draft') return 'quote.issued';
  if (toStatus === 'accepted') return 'quote.accepted';
  if (toStatus === 'declined') return 'quote.declined';
  if (toStatus === 'invoiced') return 'quote.invoiced';
  return 'quote.status_changed';
}

function actionOf(event: TimelineEvent): AuditAction | null {
  if (event.type === 'status_changed') return statusAction(event);
  if (event.kind === 'invoice') return INVOICE_ACTIONS[event.type] ?? null;
  return DOCUMENT_ACTIONS[event.kind]?.[event.type] ?? null;
}

/** The audit entry for a staff or API timeline event, or null when the event is not one the log records. */
export function timelineAudit(event: TimelineEvent): TimelineAudit | null {
  const action = actionOf(event);
  if (!action) return null;
  const entityType = action.slice(0, action.indexOf('.')) as AuditEntityType;
  const paymentId = typeof event.data.paymentId === 'string' ? event.data.paymentId : null;
  const entityId = entityType === 'payment' && paymentId ? paymentId : event.documentId;
  const status = event.type === 'status_changed';
  const document = entityType === event.kind ? {} : { [`${event.kind}Id`]: event.documentId };
  return {
    action,
    entityType,
    entityId,
    before: status ? { status: event.fromStatus } : null,
    after: { ...(status ? { status: event.toStatus } : {}), ...document, ...event.data },
  };
}
