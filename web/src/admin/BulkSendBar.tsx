import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { Button, ErrorBox } from '../components/ui.tsx';
import { Link } from '../router.tsx';
import type { InvoiceSummary } from '../types.ts';

/** GET /invoices/bulk-send/{id}. */
interface BulkSend {
  id: string;
  invoices: { requested: number; queued: number; skipped: number };
  emails: { total: number; waiting: number; sent: number; failed: number; notSent: number };
  done: boolean;
  skipped: { invoiceId: string; number: string | null; reason: string; message: string }[];
}

const POLL_MS = 1000;

/** Progress of a bulk send, read again every second until no email is waiting. */
function useBulkSendProgress(initial: BulkSend | null) {
  const [progress, setProgress] = useState<BulkSend | null>(initial);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => setProgress(initial), [initial]);
  useEffect(() => {
    if (!progress || progress.done) return;
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

function Progress({ bulk }: { bulk: BulkSend }) {
  const { emails, invoices } = bulk;
  const finished = emails.sent + emails.failed + emails.notSent;
  return (
    <div className="bulk-progress">
      <p role="status" aria-live="polite">
        {bulk.done ? 'Done: ' : 'Sending: '}
        {emails.sent} of {emails.total} emails sent
        {emails.failed > 0 && `, ${emails.failed} failed`}
        {emails.notSent > 0 && `, ${emails.notSent} not sent (SMTP is not set up)`}
        {` for ${invoices.queued} ${invoices.queued === 1 ? 'invoice' : 'invoices'}`}
        {invoices.skipped > 0 && `; ${invoices.skipped} skipped`}.
      </p>
      <progress max={Math.max(emails.total, 1)} value={finished} aria-label="Emails sent" />
      {bulk.skipped.length > 0 && (
        <ul className="bulk-skipped">
          {bulk.skipped.map((skip) => (
            <li key={skip.invoiceId}>
              <Link href={`/app/invoices/${skip.invoiceId}`}>{skip.number ?? 'Draft'}</Link>: {skip.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Above the invoice list: emails the ticked invoices (POST /invoices/bulk-send) and follows their delivery. Drafts
 * are skipped unless "Issue drafts" is ticked.
 */
export function BulkSendBar({ selected, clear }: { selected: InvoiceSummary[]; clear: () => void }) {
  const [started, setStarted] = useState<BulkSend | null>(null);
  const [issueDrafts, setIssueDrafts] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const { progress, error: pollError } = useBulkSendProgress(started);
  const drafts = selected.filter((invoice) => invoice.status === 'draft').length;

  async function send() {
    setBusy(true);
    setError(null);
    try {
      const bulk = await api.post<BulkSend>('/invoices/bulk-send', {
        invoiceIds: selected.map((invoice) => invoice.id),
        ...(drafts > 0 && issueDrafts ? { issueDrafts: true } : {}),
      });
      clear();
      setStarted(bulk);
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }

  if (selected.length === 0 && !progress && !error) return null;
  return (
    <section className="card bulk-bar" aria-label="Send invoices">
      {selected.length > 0 && (
        <div className="bulk-actions">
          <strong>{selected.length} selected</strong>
          {drafts > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={issueDrafts} onChange={() => setIssueDrafts(!issueDrafts)} />
              Issue the {drafts === 1 ? 'draft' : `${drafts} drafts`} and send {drafts === 1 ? 'it' : 'them'}
            </label>
          )}
          <Button variant="primary" busy={busy} onClick={send}>
            Send
          </Button>
          <Button onClick={clear}>Clear selection</Button>
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {pollError && <ErrorBox error={pollError} />}
      {progress && <Progress bulk={progress} />}
    </section>
  );
}
