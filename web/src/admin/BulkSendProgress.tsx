import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { ErrorBox } from '../components/ui.tsx';
import { Link } from '../router.tsx';

/** GET /invoices/bulk-send/{id}. */
export interface BulkSend {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  invoices: { total: number; pending: number; sent: number; skipped: number; failed: number };
  emails: { total: number; waiting: number; sent: number; failed: number; notSent: number };
  done: boolean;
  error: string | null;
  skipped: { invoiceId: string; number: string | null; reason: string; message: string }[];
  failed: { invoiceId: string; number: string | null; message: string }[];
}

const POLL_MS = 1000;

/** A bulk send read again every second until its job has finished and none of its emails is waiting. */
export function useBulkSendProgress(initial: BulkSend | null) {
  const [progress, setProgress] = useState<BulkSend | null>(initial);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => setProgress(initial), [initial]);
  useEffect(() => {
    if (!progress || progress.done || progress.state === 'failed') return;
    const timer = setTimeout(() => {
      api
        .get<BulkSend>(`/invoices/bulk-send/${progress.id}`)
        .then((next) => {
          setError(null);
          setProgress(next);
        })
        .catch((caught: Error) => {
          setError(caught);
          // Try again: a moment without the server is not the end of the send.
          setProgress({ ...progress });
        });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [progress]);
  return { progress, error };
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** One sentence for the live region: where the send is, in the words of each state. */
function statusLine(bulk: BulkSend): string {
  const { invoices } = bulk;
  const handled = invoices.total - invoices.pending;
  const outcome = [
    `${invoices.sent} sent`,
    ...(invoices.skipped > 0 ? [`${invoices.skipped} skipped`] : []),
    ...(invoices.failed > 0 ? [`${invoices.failed} failed`] : []),
  ].join(', ');
  if (bulk.state === 'queued') return `Waiting to start: ${plural(invoices.total, 'invoice')} to send.`;
  if (bulk.state === 'running')
    return `Sending: ${handled} of ${plural(invoices.total, 'invoice')} (${outcome}).`;
  if (bulk.state === 'failed')
    return `Stopped after ${handled} of ${plural(invoices.total, 'invoice')} (${outcome}): ${bulk.error ?? 'an error'}.`;
  return `Done: ${plural(invoices.total, 'invoice')}, ${outcome}.`;
}

function emailLine(bulk: BulkSend): string | null {
  const { emails } = bulk;
  if (emails.total === 0) return null;
  return [
    `Emails: ${emails.sent} of ${emails.total} delivered`,
    ...(emails.waiting > 0 ? [`${emails.waiting} on their way`] : []),
    ...(emails.failed > 0 ? [`${emails.failed} failed`] : []),
    ...(emails.notSent > 0 ? [`${emails.notSent} not sent (SMTP is not set up)`] : []),
  ].join(', ');
}

/**
 * The bar shows the invoices handled so far (sent, skipped or failed) out of all; the live region says the same in
 * words, then the emails' delivery. Skipped and failed invoices are listed with why, each linking to the invoice.
 */
export function BulkSendProgress({ bulk, pollError }: { bulk: BulkSend; pollError: Error | null }) {
  const { invoices } = bulk;
  const handled = invoices.total - invoices.pending;
  const emails = emailLine(bulk);
  return (
    <div className="bulk-progress">
      <p role="status" aria-live="polite">
        {statusLine(bulk)}
        {emails && (
          <>
            <br />
            {emails}.
          </>
        )}
      </p>
      <progress
        max={Math.max(invoices.total, 1)}
        value={handled}
        aria-label="Invoices handled"
        aria-valuetext={`${handled} of ${invoices.total} invoices`}
      />
      {pollError && <ErrorBox error={pollError} />}
      {bulk.failed.length > 0 && (
        <>
          <h3>Failed</h3>
          <ul className="bulk-skipped" aria-label="Failed invoices">
            {bulk.failed.map((failure) => (
              <li key={failure.invoiceId}>
                <Link href={`/app/invoices/${failure.invoiceId}`}>{failure.number ?? 'Draft'}</Link>:{' '}
                {failure.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {bulk.skipped.length > 0 && (
        <>
          <h3>Skipped</h3>
          <ul className="bulk-skipped" aria-label="Skipped invoices">
            {bulk.skipped.map((skip) => (
              <li key={skip.invoiceId}>
                {skip.reason === 'not_found' ? (
                  'An invoice that no longer exists'
                ) : (
                  <Link href={`/app/invoices/${skip.invoiceId}`}>{skip.number ?? 'Draft'}</Link>
                )}
                : {skip.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
