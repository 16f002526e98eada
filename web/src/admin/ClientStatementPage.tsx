import { useState } from 'react';
import { api } from '../api.ts';
import { type ClientStatement, StatementView } from '../components/StatementView.tsx';
import { Button, Dialog, ErrorBox, useAsync, useToast } from '../components/ui.tsx';
import { date } from '../format.ts';
import { Link, usePageTitle } from '../router.tsx';
import type { Client } from '../types.ts';
import { SendDocumentForm } from './SendDocumentForm.tsx';

interface SentStatement {
  from: string;
  to: string;
  emails: { id: string; to: string; state: 'queued' | 'not_sent'; lastError: string | null }[];
}

/** A client's statement for a period: the figures, the PDF, and emailing it to the client's contacts. */
export function ClientStatementPage({ id }: { id: string }) {
  const client = useAsync(() => api.get<Client>(`/clients/${id}`), [id]);
  const [sending, setSending] = useState<{ from: string; to: string } | null>(null);
  const toast = useToast();
  usePageTitle(client.data ? `Statement: ${client.data.name}` : 'Statement');
  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/clients">Clients</Link> /{' '}
            <Link href={`/app/clients/${id}`}>{client.data?.name ?? '…'}</Link>
          </p>
          <h1 tabIndex={-1}>Statement</h1>
        </div>
      </div>
      {client.error && <ErrorBox error={client.error} onRetry={client.reload} />}
      <StatementView
        address={`/api/v1/clients/${id}/statement`}
        load={(search) => api.get<ClientStatement>(`/clients/${id}/statement${search}`)}
        actions={(period) => (
          <Button variant="primary" onClick={() => setSending(period)}>
            Email statement
          </Button>
        )}
      />
      <Dialog
        open={sending !== null}
        title={
          sending
            ? `Email the statement, ${date(sending.from)} to ${date(sending.to)}`
            : 'Email the statement'
        }
        onClose={() => setSending(null)}
      >
        {sending && (
          <SendDocumentForm<SentStatement>
            clientId={id}
            path={`/clients/${id}/statement/send`}
            templateKind="statement"
            body={sending}
            contactsField="recipients"
            messageHint="Added above the closing balances; the statement goes as a PDF"
            submitLabel="Send statement"
            onDone={(sent) => {
              setSending(null);
              const notSent = sent.emails.find((email) => email.state === 'not_sent');
              toast(
                notSent
                  ? `Not sent: ${notSent.lastError}`
                  : `Statement queued to ${sent.emails.length} contact(s)`,
              );
            }}
          />
        )}
      </Dialog>
    </section>
  );
}
