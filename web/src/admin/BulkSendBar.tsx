import { useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import type { ListSelectionContext } from '../components/DocumentListPage.tsx';
import { Button, ErrorBox } from '../components/ui.tsx';
import type { InvoiceSummary } from '../types.ts';
import { type BulkSend, BulkSendProgress, useBulkSendProgress } from './BulkSendProgress.tsx';

/** The list's filters as POST /invoices/bulk-send takes them (a status list rather than one status). */
function bulkFilter(filter: Record<string, string>) {
  const { status, ...rest } = filter;
  return { ...rest, ...(status ? { status: [status] } : {}) };
}

/**
 * Above the invoice list: emails the ticked invoices, or every invoice the list's filters match (POST
 * /invoices/bulk-send), then follows the background send until its emails have left. Drafts are skipped unless
 * "Issue drafts" is ticked.
 */
export function BulkSendBar({
  selected,
  clear,
  context,
}: {
  selected: InvoiceSummary[];
  clear: () => void;
  context: ListSelectionContext;
}) {
  const [started, setStarted] = useState<BulkSend | null>(null);
  const [allMatching, setAllMatching] = useState(false);
  const [issueDrafts, setIssueDrafts] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const { progress, error: pollError } = useBulkSendProgress(started);
  // "Every invoice matching" holds only while every shown row stays ticked.
  useEffect(() => {
    if (!context.moreThanShown) setAllMatching(false);
  }, [context.moreThanShown]);
  // Once the job has finished, the list shows the invoices as they are now (drafts issued, numbers taken).
  const reload = useRef(context.reload);
  reload.current = context.reload;
  const finishedId =
    progress && (progress.state === 'done' || progress.state === 'failed') ? progress.id : null;
  useEffect(() => {
    if (finishedId) reload.current();
  }, [finishedId]);
  const drafts = selected.filter((invoice) => invoice.status === 'draft').length;
  // Matching a filter, drafts may be among them unless the filter is another status.
  const offerDrafts = allMatching ? [undefined, 'draft'].includes(context.filter.status) : drafts > 0;

  async function send() {
    setBusy(true);
    setError(null);
    try {
      const bulk = await api.post<BulkSend>('/invoices/bulk-send', {
        ...(allMatching
          ? { filter: bulkFilter(context.filter) }
          : { invoiceIds: selected.map((invoice) => invoice.id) }),
        ...(offerDrafts && issueDrafts ? { issueDrafts: true } : {}),
      });
      clear();
      setAllMatching(false);
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
          <strong>
            {allMatching ? 'Every invoice matching this list is selected' : `${selected.length} selected`}
          </strong>
          {context.moreThanShown && !allMatching && (
            <Button small onClick={() => setAllMatching(true)}>
              Select every invoice matching this list
            </Button>
          )}
          {offerDrafts && (
            <label className="checkbox">
              <input type="checkbox" checked={issueDrafts} onChange={() => setIssueDrafts(!issueDrafts)} />
              {allMatching
                ? 'Issue any drafts among them and send them'
                : `Issue the ${drafts === 1 ? 'draft' : `${drafts} drafts`} and send ${drafts === 1 ? 'it' : 'them'}`}
            </label>
          )}
          <Button variant="primary" busy={busy} onClick={send}>
            Send
          </Button>
          <Button onClick={clear}>Clear selection</Button>
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {progress && <BulkSendProgress bulk={progress} pollError={pollError} />}
    </section>
  );
}
