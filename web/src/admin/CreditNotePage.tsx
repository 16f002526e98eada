import { api } from '../api.ts';
import { CreditNoteDocument } from '../components/CreditNoteDocument.tsx';
import { DocumentLayout } from '../components/DocumentLayout.tsx';
import { DocumentPageLoader, useDocumentActions, useDocumentItems } from '../components/document-actions.tsx';
import { Button, Dialog, ErrorBox } from '../components/ui.tsx';
import { date, money, PAYMENT_METHOD_LABELS, PROVIDER_LABELS } from '../format.ts';
import { Link } from '../router.tsx';
import type { CreditNote, DocumentEvent } from '../types.ts';
import { ApplyCreditForm, RefundForm } from './CreditActionsForms.tsx';
import { AmountsCard, DeleteDraftDialog, DocumentPageHead, PdfLink } from './DocumentPageParts.tsx';
import { PortalLinkAction } from './PortalLinkAction.tsx';
import { SendDocumentForm } from './SendDocumentForm.tsx';
import { useSession } from './session.tsx';
import { TimelineCard } from './Timeline.tsx';

const isZero = (amount: string) => /^-?0(\.0+)?$/.test(amount);

/** Some routes answer `{ creditNote }`, others the credit note itself. */
const noteOf = (result: CreditNote | { creditNote: CreditNote }): CreditNote =>
  'creditNote' in result ? result.creditNote : result;

export function CreditNotePage({ id }: { id: string }) {
  return (
    <DocumentPageLoader<CreditNote>
      id={id}
      endpoint="/credit-notes"
      label="Credit note"
      view={({ document, setData, reload }) => (
        <CreditNoteView note={document} onChange={setData} reload={reload} />
      )}
    />
  );
}

type DialogName = 'send' | 'apply' | 'refund' | 'delete' | 'issue';

function CreditNoteView({
  note,
  onChange,
  reload,
}: {
  note: CreditNote;
  onChange: (note: CreditNote) => void;
  reload: () => void;
}) {
  const { settings } = useSession();
  const actions = useDocumentActions<DialogName>();
  const { refresh, reloadCards, finished, dialog, setDialog, busy, actionError, act } = actions;
  const events = useDocumentItems<DocumentEvent>(`/credit-notes/${note.id}/events`, note, refresh);
  const issued = note.status === 'issued';
  const creditLeft = issued && !isZero(note.credit.remaining);
  const done = (message: string, next?: CreditNote) => {
    if (next) onChange(next);
    else reload();
    finished(message);
  };

  const issue = () =>
    act('issue', async () =>
      done('Credit note issued', noteOf(await api.post<CreditNote>(`/credit-notes/${note.id}/issue`))),
    );
  const invoiceLink = (
    <Link href={`/app/invoices/${note.invoice.id}`}>{note.invoice.number ?? 'the invoice'}</Link>
  );

  return (
    <section>
      <DocumentPageHead
        listHref="/app/credit-notes"
        listLabel="Credit notes"
        title={note.number ? `Credit note ${note.number}` : 'Draft credit note'}
        document={note}
        detail={<>credits invoice {invoiceLink}</>}
      >
        {!issued && (
          <Button variant="primary" busy={busy === 'issue'} onClick={issue}>
            Issue credit note
          </Button>
        )}
        {!issued && (
          <Link className="button button-secondary" href={`/app/credit-notes/${note.id}/edit`}>
            Edit draft
          </Link>
        )}
        {issued && (
          <Button variant="primary" onClick={() => setDialog('send')}>
            {note.sentAt ? 'Send again' : 'Send credit note'}
          </Button>
        )}
        {creditLeft && <Button onClick={() => setDialog('apply')}>Apply credit to an invoice</Button>}
        {creditLeft && <Button onClick={() => setDialog('refund')}>Record refund</Button>}
        <PdfLink href={`/api/v1/credit-notes/${note.id}/pdf`}>Download PDF</PdfLink>
        {issued && (
          <PortalLinkAction
            clientId={note.client.id}
            path={`/credit-notes/${note.id}/portal-link`}
            noun="credit note"
            onCreated={reloadCards}
          />
        )}
        {!issued && (
          <Button variant="danger" onClick={() => setDialog('delete')}>
            Delete draft
          </Button>
        )}
      </DocumentPageHead>
      {actionError && <ErrorBox error={actionError} />}
      {!issued && (
        <p className="alert alert-info">
          A draft changes nothing yet. Issuing gives it its number and takes its total off the balance due of
          invoice {note.invoice.number}; what exceeds that balance stays as the client's credit.
        </p>
      )}

      <DocumentLayout
        document={
          <CreditNoteDocument
            note={note}
            invoiceLink={invoiceLink}
            business={settings}
            logoUrl={settings?.logo ? '/api/v1/settings/logo' : null}
          />
        }
      >
        {issued && (
          <AmountsCard
            heading="Credit"
            currency={note.currency}
            rows={[
              { label: 'Total', amount: note.totals.total },
              { label: 'Applied', amount: note.credit.applied, testId: 'credit-applied' },
              { label: 'Refunded', amount: note.credit.refunded, testId: 'credit-refunded' },
              { label: 'Remaining', amount: note.credit.remaining, grand: true, testId: 'credit-remaining' },
            ]}
          >
            {note.issuedAt && <p className="muted small">Issued {date(note.issuedAt)}</p>}
          </AmountsCard>
        )}
        {(note.allocations.length > 0 || note.refunds.length > 0) && (
          <div className="card">
            <h2>Where the credit went</h2>
            <ul className="list">
              {note.allocations.map((allocation) => (
                <li key={allocation.id}>
                  <span>
                    Applied to{' '}
                    <Link href={`/app/invoices/${allocation.invoiceId}`}>
                      {allocation.invoiceNumber ?? 'an invoice'}
                    </Link>{' '}
                    <span className="muted small">{date(allocation.createdAt)}</span>
                  </span>
                  <span className="num">{money(allocation.amount, note.currency)}</span>
                </li>
              ))}
              {note.refunds.map((refund) => (
                <li key={refund.id}>
                  <span>
                    Refunded ·{' '}
                    {refund.paymentId
                      ? `through ${PROVIDER_LABELS[refund.provider] ?? refund.provider}`
                      : (PAYMENT_METHOD_LABELS[refund.method] ?? refund.method)}
                    {refund.reference ? ` · ${refund.reference}` : ''}{' '}
                    <span className="muted small">{date(refund.refundedOn)}</span>
                  </span>
                  <span className="num">{money(refund.amount, note.currency)}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <TimelineCard events={events} currency={note.currency} noun="Credit note" />
      </DocumentLayout>

      <Dialog open={dialog === 'send'} title="Send credit note" onClose={() => setDialog('')}>
        <SendDocumentForm<CreditNote | { creditNote: CreditNote }>
          clientId={note.client.id}
          path={`/credit-notes/${note.id}/send`}
          templateKind="credit_note"
          messageHint="Added above the credit note summary"
          attachment="client"
          submitLabel={note.sentAt ? 'Send again' : 'Send credit note'}
          onDone={(result) => done('Credit note sent', noteOf(result))}
        />
      </Dialog>
      <Dialog open={dialog === 'apply'} title="Apply credit to an invoice" onClose={() => setDialog('')}>
        <ApplyCreditForm note={note} onDone={() => done('Credit applied')} />
      </Dialog>
      <Dialog open={dialog === 'refund'} title="Record a refund" onClose={() => setDialog('')}>
        <RefundForm note={note} onDone={() => done('Refund recorded')} />
      </Dialog>
      <DeleteDraftDialog
        actions={actions}
        path={`/credit-notes/${note.id}`}
        leaveTo={`/app/invoices/${note.invoice.id}`}
        explanation="The draft credit note is removed; the invoice is not changed. This cannot be undone."
      />
    </section>
  );
}
