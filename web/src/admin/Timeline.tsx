import { ErrorBox, Loading } from '../components/ui.tsx';
import { dateTime, money, PROVIDER_LABELS, STATUS_LABELS } from '../format.ts';
import type { DocumentEvent } from '../types.ts';

export const EMAIL_KIND_LABELS: Record<string, string> = {
  invoice: 'Invoice',
  reminder: 'Reminder',
  receipt: 'Receipt',
  payment_notice: 'Payment notice (to you)',
  payment_review: 'Payment to review (to you)',
  portal_link: 'New link (asked for in the portal)',
  quote: 'Quote',
  quote_decision: 'Quote answer (to you)',
  credit_note: 'Credit note',
};

const humanize = (type: string) => type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * One timeline entry in words. `noun` names the document ("Invoice", "Quote", "Credit note"); amounts are in its
 * currency.
 */
export function describeEvent(event: DocumentEvent, currency: string, noun: string): string {
  const data = event.data as Record<string, string | undefined>;
  const by = data.name ? ` by ${data.name}` : '';
  const note = data.note ? `: ${data.note}` : '';
  const fromQuote = (event.data as { fromQuote?: { number?: string | null } }).fromQuote;
  if (event.type === 'created')
    return fromQuote ? `Draft created from quote ${fromQuote.number ?? ''}` : 'Draft created';
  if (data.action === 'accept') return `Accepted${by}${note}`;
  if (data.action === 'decline') return `Declined${by}${note}`;
  if (data.action === 'convert') {
    return (event.data as { issue?: boolean }).issue
      ? 'Converted to an invoice, issued at once'
      : 'Converted to a draft invoice';
  }
  if (event.type === 'revised') {
    const revision = (event.data as { revision?: number }).revision;
    const back = event.toStatus === 'sent' ? ' (back to Sent: not viewed yet)' : '';
    return `Revision ${revision ?? ''} saved${back}${note}`;
  }
  if (event.type === 'status_changed' && event.toStatus === 'sent' && data.number) {
    return `${noun} ${data.number} issued`;
  }
  if (event.type === 'status_changed' && event.toStatus) {
    const to = STATUS_LABELS[event.toStatus] ?? event.toStatus;
    return data.reason ? `${to}: ${data.reason}` : `Status changed to ${to}`;
  }
  if ((event.type === 'credit_applied' || event.type === 'applied') && data.amount) {
    const where = data.invoiceNumber ? ` to invoice ${data.invoiceNumber}` : '';
    return `Credit of ${money(data.amount, currency)} applied${where}`;
  }
  if (event.type === 'credit_refunded' && data.amount) {
    const how = data.provider ? ` through ${PROVIDER_LABELS[data.provider] ?? data.provider}` : '';
    return `Credit of ${money(data.amount, currency)} refunded${how}`;
  }
  if (event.type === 'credit_refunded_through_payment' && data.amount) {
    const note = data.creditNoteNumber ? ` of credit note ${data.creditNoteNumber}` : '';
    return `Credit${note} of ${money(data.amount, currency)} refunded through this payment`;
  }
  if ((event.type === 'refund_recorded' || event.type === 'refunded') && data.amount) {
    return `Refund of ${money(data.amount, currency)} recorded`;
  }
  if (event.type === 'payment_rejected' && data.amount) {
    return `Payment of ${money(data.amount, currency)} rejected: ${data.note ?? ''}`;
  }
  if (event.type === 'payment_accepted' && data.amount) {
    return `Payment of ${money(data.amount, currency)} accepted after review`;
  }
  if (event.type === 'payment_needs_review' && data.amount) {
    return `Payment of ${money(data.amount, currency)} held for review: ${data.reason ?? ''}`;
  }
  if (event.type === 'email_sent' || event.type === 'email_failed') {
    const what = EMAIL_KIND_LABELS[data.kind ?? ''] ?? 'Email';
    return event.type === 'email_sent'
      ? `${what} emailed to ${data.to ?? 'the recipient'}`
      : `${what} to ${data.to ?? 'the recipient'} could not be delivered: ${data.error ?? ''}`;
  }
  if (event.type === 'email_retried') {
    const what = EMAIL_KIND_LABELS[data.kind ?? ''] ?? 'Email';
    return `${what} to ${data.to ?? 'the recipient'} queued again`;
  }
  if (event.type === 'email_queued') {
    if (data.reason) return `${noun} not emailed: ${data.reason}`;
    return data.resend ? `${noun} sent again by email` : `${noun} sent by email`;
  }
  if (event.type === 'portal_link_created') {
    return `Portal link created for ${data.contactName || data.contactEmail || 'a contact'}`;
  }
  if (event.type.includes('payment') && data.amount) {
    return `${humanize(event.type)}: ${money(data.amount, currency)}`;
  }
  return humanize(event.type);
}

/** A document's history, newest first. */
export function Timeline({
  events,
  currency,
  noun,
}: {
  events: DocumentEvent[];
  currency: string;
  noun: string;
}) {
  if (events.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline">
      {[...events].reverse().map((event) => (
        <li key={event.id}>
          <p className="timeline-what">{describeEvent(event, currency, noun)}</p>
          <p className="timeline-when">
            <time dateTime={event.at}>{dateTime(event.at)}</time> · {event.actor.name}
          </p>
        </li>
      ))}
    </ol>
  );
}

/** The Timeline card of a document page, while its events load and if they fail to. */
export function TimelineCard({
  events,
  currency,
  noun,
}: {
  events: { data?: { items: DocumentEvent[] }; error?: Error; reload: () => void };
  currency: string;
  noun: string;
}) {
  return (
    <div className="card">
      <h2>Timeline</h2>
      {events.error && <ErrorBox error={events.error} onRetry={events.reload} />}
      {!events.data && !events.error && <Loading what="Loading timeline" />}
      {events.data && <Timeline events={events.data.items} currency={currency} noun={noun} />}
    </div>
  );
}
