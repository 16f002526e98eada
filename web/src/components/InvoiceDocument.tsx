import { quantityWithUnit } from '../../../src/domain/units.ts';
import { date, money, STATUS_LABELS, termsLabel } from '../format.ts';
import type { Address, Invoice } from '../types.ts';

export interface Business {
  businessName: string;
  address: Address;
  email: string;
  phone: string;
  website?: string;
  taxId: string;
  accentColor?: string;
  paymentInstructions?: string;
  footer?: string;
}

function addressLines(address?: Address): string[] {
  if (!address) return [];
  const cityLine = [address.postalCode, address.city, address.region].filter(Boolean).join(' ');
  return [address.line1, address.line2, cityLine, address.country].filter(Boolean);
}

/**
 * The invoice as the client sees it, laid out like the paper/PDF version. Every figure is a string from the
 * server's totals engine, only formatted here.
 */
export function InvoiceDocument({
  invoice,
  business,
  logoUrl,
}: {
  invoice: Invoice;
  business: Business | null;
  logoUrl?: string | null;
}) {
  const accent =
    business?.accentColor && /^#[0-9a-f]{6}$/i.test(business.accentColor) ? business.accentColor : '#1d3a5f';
  const show = (amount: string) => money(amount, invoice.currency);
  const hasLineDiscounts = invoice.lines.some((line) => line.discount);
  const stamp = invoice.status === 'paid' || invoice.status === 'void' ? invoice.status : null;
  return (
    <article className="document" aria-label="Invoice document" style={{ ['--accent' as string]: accent }}>
      <header className="document-head">
        <div className="document-business">
          {logoUrl && (
            <img src={logoUrl} alt={`${business?.businessName ?? ''} logo`} className="document-logo" />
          )}
          <p className="document-business-name">{business?.businessName || 'Your business'}</p>
          {addressLines(business?.address).map((line) => (
            <p key={line}>{line}</p>
          ))}
          {business?.email && <p>{business.email}</p>}
          {business?.phone && <p>{business.phone}</p>}
          {business?.taxId && <p>Tax id {business.taxId}</p>}
        </div>
        <div className="document-title">
          <p className="document-kind">Invoice</p>
          <p className="document-number">{invoice.number ?? 'Draft'}</p>
          <dl className="document-meta">
            <div>
              <dt>Issued</dt>
              <dd>{date(invoice.issueDate)}</dd>
            </div>
            <div>
              <dt>Due</dt>
              <dd>{date(invoice.dueDate)}</dd>
            </div>
            <div>
              <dt>Terms</dt>
              <dd>{termsLabel(invoice.paymentTerms)}</dd>
            </div>
          </dl>
        </div>
      </header>
      <section className="document-billto">
        <p className="document-label">Bill to</p>
        <p className="strong">{invoice.client.name}</p>
        {invoice.client.company && invoice.client.company !== invoice.client.name && (
          <p>{invoice.client.company}</p>
        )}
        {invoice.project && <p className="muted">Project: {invoice.project.name}</p>}
      </section>
      <div className="table-wrap">
        <table className="document-lines">
          <caption className="visually-hidden">Line items</caption>
          <thead>
            <tr>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Unit price
              </th>
              {hasLineDiscounts && (
                <th scope="col" className="num">
                  Discount
                </th>
              )}
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {invoice.lines.map((line) => (
              <tr key={line.id}>
                <td className="document-description">
                  {line.description}
                  {line.taxes.length > 0 && (
                    <span className="muted small">
                      {' '}
                      · {line.taxes.map((tax) => `${tax.name} ${tax.rate}%`).join(', ')}
                    </span>
                  )}
                </td>
                <td className="num" data-label="Qty">
                  {quantityWithUnit(line.quantity, line.quantity, line.unit)}
                </td>
                <td className="num" data-label="Unit price">
                  {show(line.unitPrice)}
                </td>
                {hasLineDiscounts && (
                  <td className="num" data-label="Discount">
                    {line.discount
                      ? line.discount.kind === 'percent'
                        ? `${line.discount.value}%`
                        : show(line.discount.value)
                      : ''}
                  </td>
                )}
                <td className="num strong" data-label="Amount">
                  {show(line.amount)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="document-summary">
        {stamp ? (
          <p className={`stamp stamp-${stamp}`} aria-hidden="true">
            {STATUS_LABELS[stamp]}
          </p>
        ) : (
          <span />
        )}
        <dl className="document-totals">
          <div>
            <dt>Subtotal</dt>
            <dd>{show(invoice.totals.subtotal)}</dd>
          </div>
          {invoice.totals.discountTotal !== '0' && !/^-?0(\.0+)?$/.test(invoice.totals.discountTotal) && (
            <div>
              <dt>Discount</dt>
              <dd>−{show(invoice.totals.discountTotal)}</dd>
            </div>
          )}
          {invoice.totals.taxes.map((tax) => (
            <div key={`${tax.name}|${tax.rate}|${tax.inclusive}|${tax.compound}`}>
              <dt>
                {tax.name} {tax.rate}%{tax.inclusive ? ' (included)' : ''}
              </dt>
              <dd>{show(tax.amount)}</dd>
            </div>
          ))}
          <div className="grand">
            <dt>Total</dt>
            <dd>{show(invoice.totals.total)}</dd>
          </div>
          {!/^0(\.0+)?$/.test(invoice.totals.amountPaid) && (
            <div>
              <dt>Paid</dt>
              <dd>−{show(invoice.totals.amountPaid)}</dd>
            </div>
          )}
          <div className="due">
            <dt>Balance due</dt>
            <dd>{show(invoice.totals.balanceDue)}</dd>
          </div>
        </dl>
      </div>
      {(invoice.notes || invoice.terms || business?.paymentInstructions) && (
        <footer className="document-notes">
          {invoice.notes && (
            <div>
              <p className="document-label">Notes</p>
              <p className="pre">{invoice.notes}</p>
            </div>
          )}
          {invoice.terms && (
            <div>
              <p className="document-label">Terms</p>
              <p className="pre">{invoice.terms}</p>
            </div>
          )}
          {business?.paymentInstructions && (
            <div>
              <p className="document-label">How to pay</p>
              <p className="pre">{business.paymentInstructions}</p>
            </div>
          )}
        </footer>
      )}
      {business?.footer && <p className="document-footer">{business.footer}</p>}
    </article>
  );
}
