import type { ReactNode } from 'react';
import { api } from '../api.ts';
import { RecordHead } from '../components/FormParts.tsx';
import { Button, Dialog, ErrorBox, StatusBadge, useToast } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link, navigate } from '../router.tsx';

/** What the head of a staff document page says about the document (an invoice, a quote, a credit note). */
interface HeadDocument {
  status: string;
  client: { id: string; name: string };
  currency: string;
  totals: { total: string };
}

/**
 * The head of a staff document page: the list as breadcrumb, the title with the status, the client and total with
 * the kind's own detail (due date, validity, credited invoice), and the page's actions.
 */
export function DocumentPageHead({
  listHref,
  listLabel,
  title,
  document,
  detail,
  children,
}: {
  listHref: string;
  listLabel: string;
  title: string;
  document: HeadDocument;
  detail: ReactNode;
  /** The actions. */
  children: ReactNode;
}) {
  return (
    <RecordHead
      listHref={listHref}
      listName={listLabel}
      title={
        <>
          {title} <StatusBadge status={document.status} />
        </>
      }
      note={
        <p className="muted">
          <Link href={`/app/clients/${document.client.id}`}>{document.client.name}</Link> ·{' '}
          {money(document.totals.total, document.currency)} · {detail}
        </p>
      }
      actions={children}
    />
  );
}

/** The document's PDF, opened in a new tab. */
export function PdfLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a className="button button-secondary" href={href} target="_blank" rel="noopener">
      {children}
    </a>
  );
}

export interface AmountRow {
  label: string;
  amount: string;
  /** The row that sums up the others, shown larger. */
  grand?: boolean;
  testId?: string;
}

/** A card of amounts in the document's currency: the balance of an invoice, the credit of a credit note. */
export function AmountsCard({
  heading,
  currency,
  rows,
  children,
}: {
  heading: string;
  currency: string;
  rows: AmountRow[];
  /** Shown under the amounts. */
  children?: ReactNode;
}) {
  return (
    <div className="card">
      <h2>{heading}</h2>
      <dl className="totals-list">
        {rows.map((row) => (
          <div key={row.label} className={row.grand ? 'grand' : undefined}>
            <dt>{row.label}</dt>
            <dd data-testid={row.testId}>{money(row.amount, currency)}</dd>
          </div>
        ))}
      </dl>
      {children}
    </div>
  );
}

/** What the send buttons use of a page's actions (useDocumentActions). */
interface SendActions {
  setDialog: (name: 'send') => void;
  busy: string;
  act: (name: string, run: () => Promise<void>) => Promise<void>;
}

/** A draft's ways out: send it (the page's "send" dialog), or mark it as sent when it went out some other way. */
export function DraftSendButtons({
  noun,
  actions,
  markSent,
}: {
  /** "invoice": as in "Send invoice". */
  noun: string;
  actions: SendActions;
  markSent: () => Promise<void>;
}) {
  return (
    <>
      <Button variant="primary" onClick={() => actions.setDialog('send')}>
        Send {noun}
      </Button>
      <Button busy={actions.busy === 'mark-sent'} onClick={() => actions.act('mark-sent', markSent)}>
        Mark as sent
      </Button>
    </>
  );
}

/** What the delete dialog uses of a page's actions (useDocumentActions). */
interface DeleteActions {
  dialog: string;
  setDialog: (name: '') => void;
  busy: string;
  actionError: Error | null;
  act: (name: string, run: () => Promise<void>) => Promise<void>;
}

/** Asks before deleting a draft (open while the page's dialog is "delete"), then leaves for `leaveTo`. */
export function DeleteDraftDialog({
  actions,
  path,
  leaveTo,
  explanation,
}: {
  actions: DeleteActions;
  /** The API path of the draft: "/quotes/{id}". */
  path: string;
  leaveTo: string;
  /** What is removed, in the kind's words. */
  explanation: string;
}) {
  const toast = useToast();
  const { dialog, setDialog, busy, actionError, act } = actions;
  const close = () => setDialog('');
  const remove = () =>
    act('delete', async () => {
      await api.delete(path);
      toast('Draft deleted');
      navigate(leaveTo);
    });
  return (
    <Dialog open={dialog === 'delete'} title="Delete this draft?" onClose={close}>
      <p>{explanation}</p>
      {actionError && <ErrorBox error={actionError} />}
      <div className="form-actions">
        <Button onClick={close}>Keep it</Button>
        <Button variant="danger" busy={busy === 'delete'} onClick={remove}>
          Delete draft
        </Button>
      </div>
    </Dialog>
  );
}
