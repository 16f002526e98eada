import { Link } from '../../router.tsx';
import type { Client } from '../../types.ts';

/** Who automatic emails go to: every contact of the client with an email address. */
export function AutoSendRecipients({
  autoSend,
  client,
  recipients,
}: {
  autoSend: boolean;
  client: Client | undefined;
  recipients: Client['contacts'];
}) {
  if (!autoSend || !client) return null;
  if (recipients.length === 0) {
    return (
      <p className="alert alert-warning">
        {client.name} has no contact with an email address: invoices will wait as drafts until you{' '}
        <Link href={`/app/clients/${client.id}`}>add one</Link>.
      </p>
    );
  }
  return (
    <p className="muted small">
      Sent to {recipients.map((contact) => `${contact.name} <${contact.email}>`).join(', ')}.
    </p>
  );
}
