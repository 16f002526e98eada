import { useState } from 'react';
import { api } from '../api.ts';
import { Button, Dialog, ErrorBox, Loading, useToast } from '../components/ui.tsx';
import { date, money, PAYMENT_METHOD_LABELS, PROVIDER_LABELS } from '../format.ts';
import type { Invoice, Payment } from '../types.ts';
import { ReasonForm } from './ReasonForm.tsx';

const isZero = (amount: string) => /^0(\.0+)?$/.test(amount);

/** "Card via Stripe", "Bank transfer": how the money came. */
function howPaid(payment: Payment): string {
  const method = PAYMENT_METHOD_LABELS[payment.method] ?? payment.method;
  const provider = PROVIDER_LABELS[payment.provider];
  return provider ? `${method} via ${provider}` : method;
}

/** Whether a payment was received: it then has a receipt (deleted, pending and failed ones have none). */
const hasReceipt = (payment: Payment) => payment.deletedAt === null && payment.status === 'succeeded';

/**
 * The invoice's payments: download or email a received payment's receipt, delete offline ones recorded by
 * mistake, decide on gateway payments held for review.
 */
export function PaymentsCard({
  invoice,
  payments,
  error,
  onChanged,
}: {
  invoice: Invoice;
  payments?: Payment[];
  error?: Error;
  onChanged: (invoice: Invoice, message: string) => void;
}) {
  const [busy, setBusy] = useState('');
  const [failure, setFailure] = useState<Error | null>(null);
  const [rejecting, setRejecting] = useState<Payment | null>(null);
  const toast = useToast();

  async function run(payment: Payment, action: () => Promise<{ invoice: Invoice }>, message: string) {
    setBusy(payment.id);
    setFailure(null);
    try {
      onChanged((await action()).invoice, message);
    } catch (caught) {
      setFailure(caught as Error);
    } finally {
      setBusy('');
    }
  }
  const remove = (payment: Payment) => {
    if (
      !window.confirm(
        `Delete the payment of ${money(payment.amount, payment.currency)}? The balance comes back.`,
      )
    )
      return;
    void run(
      payment,
      () => api.delete(`/invoices/${invoice.id}/payments/${payment.id}`, { reason: 'Recorded by mistake' }),
      'Payment deleted',
    );
  };
  async function emailReceipt(payment: Payment) {
    setBusy(`receipt:${payment.id}`);
    setFailure(null);
    try {
      const sent = await api.post<{ emails: { to: string; state: string }[] }>(
        `/payments/${payment.id}/receipt/send`,
        {},
      );
      const to = sent.emails.map((email) => email.to).join(', ');
      toast(
        sent.emails.some((email) => email.state === 'not_sent')
          ? `Receipt not sent: set up email in Settings first`
          : `Receipt emailed to ${to}`,
      );
    } catch (caught) {
      setFailure(caught as Error);
    } finally {
      setBusy('');
    }
  }
  const accept = (payment: Payment) =>
    run(
      payment,
      () => api.post(`/invoices/${invoice.id}/payments/${payment.id}/review`, { decision: 'accept' }),
      'Payment accepted',
    );

  return (
    <div className="card">
      <h2>Payments</h2>
      {error && <ErrorBox error={error} />}
      {failure && <ErrorBox error={failure} />}
      {!payments && !error && <Loading what="Loading payments" />}
      {payments && payments.length === 0 && <p className="muted">No payments yet.</p>}
      {payments && payments.length > 0 && (
        <ul className="list payments">
          {payments.map((payment) => {
            const waiting = payment.review !== null && payment.review.decision === null;
            return (
              <li key={payment.id} className={payment.deletedAt ? 'deleted' : undefined}>
                <div className="payment-facts">
                  <strong>{money(payment.amount, payment.currency)}</strong>{' '}
                  <span className="muted">
                    {howPaid(payment)} · {date(payment.paidOn)}
                  </span>
                  {payment.reference && (
                    <span className="payment-reference muted small">{payment.reference}</span>
                  )}
                  {payment.deletedAt && <span className="badge badge-void">Deleted</span>}
                  {!isZero(payment.refundedAmount) && (
                    <span className="muted small">
                      {' '}
                      Refunded {money(payment.refundedAmount, payment.currency)}
                    </span>
                  )}
                  {!isZero(payment.creditRefundedAmount) && (
                    <span className="muted small">
                      {' '}
                      Credit refunded through it {money(payment.creditRefundedAmount, payment.currency)}
                    </span>
                  )}
                  {waiting && (
                    <div className="alert alert-warning small payment-review">
                      <p>
                        <strong>Needs your review:</strong> {payment.review?.reason}. It does not count until
                        you accept it.
                      </p>
                      {invoice.status !== 'void' && (
                        <div className="payment-actions">
                          <Button
                            small
                            variant="primary"
                            busy={busy === payment.id}
                            onClick={() => accept(payment)}
                          >
                            Accept
                          </Button>
                          <Button small onClick={() => setRejecting(payment)}>
                            Reject
                          </Button>
                        </div>
                      )}
                    </div>
                  )}
                  {payment.review?.decision === 'rejected' && (
                    <p className="muted small">
                      <span className="badge badge-void">Rejected</span> {payment.review.note}
                    </p>
                  )}
                  {payment.review?.decision === 'accepted' && (
                    <p className="muted small">Accepted after review ({payment.review.reason}).</p>
                  )}
                </div>
                <div className="payment-actions">
                  {hasReceipt(payment) && (
                    <>
                      <a
                        className="button button-ghost button-small"
                        href={`/api/v1/payments/${payment.id}/receipt.pdf`}
                        target="_blank"
                        rel="noopener"
                      >
                        Receipt
                      </a>
                      <Button
                        small
                        variant="ghost"
                        busy={busy === `receipt:${payment.id}`}
                        onClick={() => emailReceipt(payment)}
                      >
                        Email receipt
                      </Button>
                    </>
                  )}
                  {!payment.deletedAt && payment.provider === 'offline' && invoice.status !== 'void' && (
                    <Button small variant="ghost" busy={busy === payment.id} onClick={() => remove(payment)}>
                      Delete
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <Dialog open={rejecting !== null} title="Reject this payment" onClose={() => setRejecting(null)}>
        {rejecting && (
          <ReasonForm
            intro={`The payment of ${money(rejecting.amount, rejecting.currency)} will never count towards this invoice. Return the money to the client at ${PROVIDER_LABELS[rejecting.provider] ?? rejecting.provider}.`}
            label="Why"
            field="note"
            submitLabel="Reject payment"
            onSubmit={async (note) => {
              const result = await api.post<{ invoice: Invoice }>(
                `/invoices/${invoice.id}/payments/${rejecting.id}/review`,
                { decision: 'reject', note },
              );
              setRejecting(null);
              onChanged(result.invoice, 'Payment rejected');
            }}
          />
        )}
      </Dialog>
    </div>
  );
}
