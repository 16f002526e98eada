import { api } from '../api.ts';
import { DocumentLayout } from '../components/DocumentLayout.tsx';
import { DocumentPageLoader, useDocumentActions, useDocumentItems } from '../components/document-actions.tsx';
import { InvoiceDocument } from '../components/InvoiceDocument.tsx';
import { Button, Dialog, ErrorBox, useToast } from '../components/ui.tsx';
import { date, dateTime } from '../format.ts';
import { Link, navigate } from '../router.tsx';
import type { Invoice, InvoiceEvent, Payment } from '../types.ts';
import { CreateCreditNoteForm } from './CreateCreditNoteForm.tsx';
import {
  AmountsCard,
  DeleteDraftDialog,
  DocumentPageHead,
  DraftSendButtons,
  PdfLink,
} from './DocumentPageParts.tsx';
import { EInvoiceMenu } from './EInvoiceMenu.tsx';
import { EmailsCard, type EmailView } from './EmailsCard.tsx';
import { InvoiceCreditNotesCard } from './InvoiceCreditNotesCard.tsx';
import { PaymentForm } from './PaymentForm.tsx';
import { PaymentsCard } from './PaymentsCard.tsx';
import { PortalLinkAction } from './PortalLinkAction.tsx';
import { ReasonForm } from './ReasonForm.tsx';
import { RevisionsCard } from './RevisionsCard.tsx';
import { SendDocumentForm } from './SendDocumentForm.tsx';
import { useSession } from './session.tsx';
import { TimelineCard } from './Timeline.tsx';

const OPEN = new Set(['sent', 'viewed', 'partially_paid', 'overdue']);

const isZero = (amount: string) => /^-?0(\.0+)?$/.test(amount);

export function InvoicePage({ id }: { id: string }) {
  return (
    <DocumentPageLoader<Invoice>
      id={id}
      endpoint="/invoices"
      label="Invoice"
      view={({ document, setData }) => <InvoiceView invoice={document} onChange={setData} />}
    />
  );
}

function InvoiceView({ invoice, onChange }: { invoice: Invoice; onChange: (invoice: Invoice) => void }) {
  const toast = useToast();
  const { settings } = useSession();
  const logoUrl = settings?.logo ? '/api/v1/settings/logo' : null;
  const actions = useDocumentActions<
    'payment' | 'void' | 'send' | 'remind' | 'delete' | 'credit' | 'cancel'
  >();
  const { refresh, reloadCards, finished, dialog, setDialog, busy, actionError, act } = actions;
  const events = useDocumentItems<InvoiceEvent>(`/invoices/${invoice.id}/events`, invoice, refresh);
  const payments = useDocumentItems<Payment>(`/invoices/${invoice.id}/payments`, invoice, refresh);
  const emails = useDocumentItems<EmailView>(`/invoices/${invoice.id}/emails`, invoice, refresh);
  const status = invoice.status;
  const isOpen = OPEN.has(status);
  // Issued and not void: it can be corrected by a credit note (up to what it still has to credit).
  const creditable = status !== 'draft' && status !== 'void';
  // Where corrections need a credit note, an issued invoice is cancelled by one instead of being voided.
  const cancelWithCreditNote = isOpen && (settings?.correctionsNeedCreditNote ?? false);
  const amountCredited = invoice.totals.amountCredited ?? '0';
  const changed = (next: Invoice, message: string) => {
    onChange(next);
    finished(message);
  };

  const markSent = async () =>
    changed(await api.post<Invoice>(`/invoices/${invoice.id}/mark-sent`), 'Invoice marked as sent');
  const duplicate = () =>
    act('duplicate', async () => {
      const copy = await api.post<Invoice>(`/invoices/${invoice.id}/duplicate`);
      toast('Copied into a new draft');
      navigate(`/app/invoices/${copy.id}/edit`);
    });
  const portalLinkMade = reloadCards;

  return (
    <section>
      <DocumentPageHead
        listHref="/app/invoices"
        listLabel="Invoices"
        title={invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice'}
        document={invoice}
        detail={`due ${date(invoice.dueDate)}`}
      >
        {status === 'draft' && <DraftSendButtons noun="invoice" actions={actions} markSent={markSent} />}
        {isOpen && (
          <Button variant="primary" onClick={() => setDialog('payment')}>
            Record payment
          </Button>
        )}
        {isOpen && <Button onClick={() => setDialog('send')}>Resend</Button>}
        {isOpen && <Button onClick={() => setDialog('remind')}>Send reminder</Button>}
        {(status === 'draft' || isOpen) && (
          <Link className="button button-secondary" href={`/app/invoices/${invoice.id}/edit`}>
            Edit
          </Link>
        )}
        <PdfLink href={`/api/v1/invoices/${invoice.id}/pdf`}>PDF</PdfLink>
        {status !== 'void' && <EInvoiceMenu id={invoice.id} issued={invoice.number !== null} />}
        {creditable && (
          <PortalLinkAction
            clientId={invoice.client.id}
            path={`/invoices/${invoice.id}/portal-link`}
            noun="invoice"
            onCreated={portalLinkMade}
          />
        )}
        {creditable && <Button onClick={() => setDialog('credit')}>Create credit note</Button>}
        <Button busy={busy === 'duplicate'} onClick={duplicate}>
          Duplicate
        </Button>
        {isOpen && !cancelWithCreditNote && (
          <Button variant="danger" onClick={() => setDialog('void')}>
            Void
          </Button>
        )}
        {cancelWithCreditNote && (
          <Button variant="danger" onClick={() => setDialog('cancel')}>
            Cancel with credit note
          </Button>
        )}
        {status === 'draft' && (
          <Button variant="danger" onClick={() => setDialog('delete')}>
            Delete
          </Button>
        )}
      </DocumentPageHead>
      {actionError && <ErrorBox error={actionError} />}
      {status === 'void' && invoice.voidReason && (
        <p className="alert alert-warning">
          Voided {invoice.voidedAt ? dateTime(invoice.voidedAt) : ''}: {invoice.voidReason}
        </p>
      )}

      <DocumentLayout document={<InvoiceDocument invoice={invoice} business={settings} logoUrl={logoUrl} />}>
        <AmountsCard
          heading="Balance"
          currency={invoice.currency}
          rows={[
            { label: 'Total', amount: invoice.totals.total },
            { label: 'Paid', amount: invoice.totals.amountPaid },
            ...(isZero(amountCredited)
              ? []
              : [{ label: 'Credited', amount: amountCredited, testId: 'amount-credited' }]),
            { label: 'Balance due', amount: invoice.totals.balanceDue, grand: true, testId: 'balance-due' },
          ]}
        />
        {creditable && <InvoiceCreditNotesCard invoice={invoice} />}
        <PaymentsCard
          invoice={invoice}
          payments={payments.data?.items}
          error={payments.error}
          onChanged={changed}
        />
        <EmailsCard
          emails={emails.data?.items}
          onRetried={() => {
            reloadCards();
            toast('Email queued again');
          }}
        />
        <RevisionsCard<Invoice>
          endpoint={`/invoices/${invoice.id}`}
          field="invoice"
          reloadKey={invoice}
          noun="Invoice"
          render={(version) => (
            <InvoiceDocument
              invoice={version}
              parties={invoice.parties}
              business={settings}
              logoUrl={logoUrl}
            />
          )}
        />
        <TimelineCard events={events} currency={invoice.currency} noun="Invoice" />
      </DocumentLayout>

      <Dialog open={dialog === 'payment'} title="Record a payment" onClose={() => setDialog('')}>
        <PaymentForm invoice={invoice} onDone={(next) => changed(next, 'Payment recorded')} />
      </Dialog>
      <Dialog open={dialog === 'void'} title="Void this invoice" onClose={() => setDialog('')}>
        <ReasonForm
          intro="A void invoice keeps its number and stays on record, but nothing is owed on it any more. The client sees it as void."
          label="Reason"
          field="reason"
          submitLabel="Void invoice"
          onSubmit={async (reason) =>
            changed(await api.post<Invoice>(`/invoices/${invoice.id}/void`, { reason }), 'Invoice voided')
          }
        />
      </Dialog>
      <Dialog
        open={dialog === 'send' || dialog === 'remind'}
        title={dialog === 'remind' ? 'Send a reminder' : 'Send invoice'}
        onClose={() => setDialog('')}
      >
        <SendDocumentForm<{ invoice: Invoice }>
          clientId={invoice.client.id}
          path={`/invoices/${invoice.id}/${dialog === 'remind' ? 'remind' : 'send'}`}
          messageHint="Added above the invoice summary"
          templateKind={dialog === 'remind' ? 'reminder' : 'invoice'}
          attachment={dialog === 'remind' ? 'last-send' : 'client'}
          submitLabel={
            dialog === 'remind' ? 'Send reminder' : status === 'draft' ? 'Send invoice' : 'Send again'
          }
          onDone={(next) => changed(next.invoice, dialog === 'remind' ? 'Reminder queued' : 'Invoice sent')}
        />
      </Dialog>
      <Dialog open={dialog === 'credit'} title="Create a credit note" onClose={() => setDialog('')}>
        <CreateCreditNoteForm invoice={invoice} mode="credit" />
      </Dialog>
      <Dialog open={dialog === 'cancel'} title="Cancel with a credit note" onClose={() => setDialog('')}>
        <CreateCreditNoteForm invoice={invoice} mode="cancel" />
      </Dialog>
      <DeleteDraftDialog
        actions={actions}
        path={`/invoices/${invoice.id}`}
        leaveTo="/app/invoices"
        explanation="The draft and its lines are removed. This cannot be undone."
      />
    </section>
  );
}
