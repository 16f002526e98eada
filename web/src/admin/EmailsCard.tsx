import { useState } from 'react';
import { api } from '../api.ts';
import { Button, ErrorBox, Loading } from '../components/ui.tsx';
import { dateTime } from '../format.ts';
import { EMAIL_KIND_LABELS } from './Timeline.tsx';

/** One email of a document, from GET /<documents>/:id/emails. */
export interface EmailView {
  id: string;
  kind: string;
  to: { address: string; name: string };
  subject: string;
  state: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** The emails of a document with their delivery state; a failed one can be retried now. */
export function EmailsCard({
  emails,
  noun = 'invoice',
  onRetried,
}: {
  emails?: EmailView[];
  noun?: string;
  onRetried: () => void;
}) {
  const [retrying, setRetrying] = useState('');
  const [retryError, setRetryError] = useState<Error | null>(null);
  // A failed email goes back to the outbox with its attempts from zero, and leaves at once.
  async function retry(email: EmailView) {
    setRetrying(email.id);
    setRetryError(null);
    try {
      await api.post(`/emails/${email.id}/retry`);
      onRetried();
    } catch (error) {
      setRetryError(error as Error);
    } finally {
      setRetrying('');
    }
  }
  return (
    <div className="card">
      <h2>Emails</h2>
      {retryError && <ErrorBox error={retryError} />}
      {!emails && <Loading what="Loading emails" />}
      {emails && emails.length === 0 && <p className="muted">No emails sent for this {noun}.</p>}
      {emails && emails.length > 0 && (
        <ul className="list">
          {emails.map((email) => (
            <li key={email.id}>
              <div>
                <strong>{email.to.name || email.to.address}</strong>{' '}
                <span className="muted small">
                  {EMAIL_KIND_LABELS[email.kind] ?? email.kind} · {dateTime(email.sentAt ?? email.createdAt)}
                </span>
                {email.lastError && <p className="field-error small">{email.lastError}</p>}
              </div>
              <span className="email-state">
                <span className={`badge badge-email-${email.state}`}>{email.state}</span>
                {email.state === 'failed' && (
                  <Button
                    small
                    busy={retrying === email.id}
                    onClick={() => retry(email)}
                    aria-label={`Retry now: email to ${email.to.name || email.to.address}`}
                  >
                    Retry now
                  </Button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
