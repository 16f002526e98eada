import { type ReactNode, useState } from 'react';
import { api } from '../api.ts';
import { Dialog, ErrorBox, Loading, useAsync } from '../components/ui.tsx';
import { dateTime, money } from '../format.ts';

/** One version of an issued document, from GET /<documents>/:id/revisions. */
export interface RevisionSummary {
  revision: number;
  current: boolean;
  total: string;
  currency: string;
  note: string;
  createdBy: { type: string; id: string | null; name: string };
  createdAt: string;
}

/**
 * The versions of an issued document (invoice or quote), newest first; an earlier one opens as it read then.
 * `endpoint` is the document's API path (`/invoices/<id>`), `field` the key its revision answer holds the document
 * under, and `render` draws that document. Hidden until the document has been issued.
 */
export function RevisionsCard<D>({
  endpoint,
  field,
  reloadKey,
  noun,
  issued = 'issued',
  render,
}: {
  endpoint: string;
  field: string;
  reloadKey: unknown;
  noun: string;
  /** How the document left Draft, in words: "issued" (invoices), "sent" (quotes). */
  issued?: string;
  render: (document: D) => ReactNode;
}) {
  const revisions = useAsync(
    () => api.get<{ items: RevisionSummary[] }>(`${endpoint}/revisions`),
    [endpoint, reloadKey],
  );
  const [open, setOpen] = useState<number | null>(null);
  const items = revisions.data?.items;
  if (items && items.length === 0) return null;
  return (
    <div className="card" data-testid="revisions">
      <h2>Revisions</h2>
      {revisions.error && <ErrorBox error={revisions.error} onRetry={revisions.reload} />}
      {!items && !revisions.error && <Loading what="Loading revisions" />}
      {items && items.length === 1 && (
        <p className="muted small">
          Not changed since it was {issued}. Edits keep every earlier version here.
        </p>
      )}
      {items && (
        <ol className="list revisions">
          {[...items].reverse().map((item) => (
            <li key={item.revision}>
              <div>
                <strong>Revision {item.revision}</strong>
                {item.current && <span className="badge">current</span>}{' '}
                <span className="muted small">
                  {dateTime(item.createdAt)} · {item.createdBy.name || 'Remit'} ·{' '}
                  {money(item.total, item.currency)}
                </span>
                {item.note && <p className="small revision-note">{item.note}</p>}
              </div>
              {!item.current && (
                <button type="button" className="button button-small" onClick={() => setOpen(item.revision)}>
                  View
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      <Dialog
        open={open !== null}
        title={`${noun} as of revision ${open ?? ''}`}
        onClose={() => setOpen(null)}
        wide
      >
        {open !== null && (
          <RevisionView<D> path={`${endpoint}/revisions/${open}`} field={field} render={render} />
        )}
      </Dialog>
    </div>
  );
}

function RevisionView<D>({
  path,
  field,
  render,
}: {
  path: string;
  field: string;
  render: (document: D) => ReactNode;
}) {
  const revision = useAsync(() => api.get<Record<string, D>>(path), [path]);
  if (revision.error) return <ErrorBox error={revision.error} onRetry={revision.reload} />;
  const document = revision.data?.[field];
  if (!document) return <Loading what="Loading revision" />;
  return <>{render(document)}</>;
}
