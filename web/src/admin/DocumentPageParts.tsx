import type { ReactNode } from 'react';
import { Button, Dialog, ErrorBox, StatusBadge } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link } from '../router.tsx';

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
    <div className="page-head">
      <div>
        <p className="breadcrumb">
          <Link href={listHref}>{listLabel}</Link>
        </p>
        <h1 tabIndex={-1}>
          {title} <StatusBadge status={document.status} />
        </h1>
        <p className="muted">
          <Link href={`/app/clients/${document.client.id}`}>{document.client.name}</Link> ·{' '}
          {money(document.totals.total, document.currency)} · {detail}
        </p>
      </div>
      <div className="actions">{children}</div>
    </div>
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

/** The document as the client sees it, with the page's cards beside it. */
export function DocumentLayout({ document, children }: { document: ReactNode; children: ReactNode }) {
  return (
    <div className="invoice-layout">
      <div className="invoice-main">{document}</div>
      <aside className="invoice-side">{children}</aside>
    </div>
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

/** Asks before deleting a draft; what it says is removed is the kind's own. */
export function DeleteDraftDialog({
  open,
  onClose,
  explanation,
  error,
  busy,
  onDelete,
}: {
  open: boolean;
  onClose: () => void;
  explanation: string;
  error: Error | null;
  busy: boolean;
  onDelete: () => void;
}) {
  return (
    <Dialog open={open} title="Delete this draft?" onClose={onClose}>
      <p>{explanation}</p>
      {error && <ErrorBox error={error} />}
      <div className="form-actions">
        <Button onClick={onClose}>Keep it</Button>
        <Button variant="danger" busy={busy} onClick={onDelete}>
          Delete draft
        </Button>
      </div>
    </Dialog>
  );
}
