import type { ReactNode } from 'react';
import { accentForText, validAccent } from '../../../src/domain/brand-colors.ts';
import { quantityWithUnit } from '../../../src/domain/units.ts';
import { money } from '../format.ts';
import type { Address, Invoice, InvoiceLine, Totals } from '../types.ts';
import { AddressLines } from './AddressLines.tsx';

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

/** What every kind of document shows (an invoice, a quote, a credit note), as the API returns it. */
export interface ViewedDocument {
  number: string | null;
  currency: string;
  client: Pick<Invoice['client'], 'name' | 'company'>;
  project: { name: string } | null;
  lines: Pick<
    InvoiceLine,
    'id' | 'description' | 'quantity' | 'unitPrice' | 'unit' | 'discount' | 'taxes' | 'amount'
  >[];
  totals: Pick<Totals, 'subtotal' | 'discountTotal' | 'taxes' | 'total'>;
  notes: string;
  terms: string;
}

/** A row under the title: "Issued", "Due", "Valid until", "Credits invoice". */
export interface MetaRow {
  label: string;
  value: ReactNode;
}

/** A row under the total: what was paid or credited (`subtract`: shown as a minus), or what is left (`due`). */
export interface SummaryRow {
  label: string;
  /** A decimal string in the document's currency, from the server's totals engine. */
  amount: string;
  subtract?: boolean;
  due?: boolean;
}

/**
 * A document as the client sees it, laid out like the paper/PDF version. Every figure is a string from the server's
 * totals engine, only formatted here. The caller names the kind (`title`), its dates and links (`meta`), and what
 * follows the total (`summary`: a quote has none, an invoice its payments and balance due).
 */
export function DocumentView({
  title,
  document,
  meta,
  summary = [],
  stamp,
  partyLabel = 'Bill to',
  business,
  logoUrl,
}: {
  /** The kind, as printed: "Invoice", "Quote", "Credit note". Also names the article for assistive technology. */
  title: string;
  document: ViewedDocument;
  meta: MetaRow[];
  summary?: SummaryRow[];
  /** A stamp across the totals' side ("Paid", "Void"); `tone` picks its colour (a `stamp-<tone>` class). */
  stamp?: { label: string; tone: string } | null;
  partyLabel?: string;
  business: Business | null;
  logoUrl?: string | null;
}) {
  const accent = validAccent(business?.accentColor || '#1d3a5f');
  const show = (amount: string) => money(amount, document.currency);
  const hasLineDiscounts = document.lines.some((line) => line.discount);
  return (
    <article
      className="document"
      aria-label={`${title} document`}
      style={{ ['--accent' as string]: accentForText(accent), ['--accent-fill' as string]: accent }}
    >
      <header className="document-head">
        <div className="document-business">
          {logoUrl && (
            <img src={logoUrl} alt={`${business?.businessName ?? ''} logo`} className="document-logo" />
          )}
          <p className="document-business-name">{business?.businessName || 'Your business'}</p>
          <AddressLines address={business?.address} />
          {business?.email && <p>{business.email}</p>}
          {business?.phone && <p>{business.phone}</p>}
          {business?.taxId && <p>Tax id {business.taxId}</p>}
        </div>
        <div className="document-title">
          <p className="document-kind">{title}</p>
          <p className="document-number">{document.number ?? 'Draft'}</p>
          <dl className="document-meta">
            {meta.map((row) => (
              <div key={row.label}>
                <dt>{row.label}</dt>
                <dd>{row.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      </header>
      <section className="document-billto">
        <p className="document-label">{partyLabel}</p>
        <p className="strong">{document.client.name}</p>
        {document.client.company && document.client.company !== document.client.name && (
          <p>{document.client.company}</p>
        )}
        {document.project && <p className="muted">Project: {document.project.name}</p>}
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
            {document.lines.map((line) => (
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
          <p className={`stamp stamp-${stamp.tone}`} aria-hidden="true">
            {stamp.label}
          </p>
        ) : (
          <span />
        )}
        <dl className="document-totals">
          <div>
            <dt>Subtotal</dt>
            <dd>{show(document.totals.subtotal)}</dd>
          </div>
          {document.totals.discountTotal !== '0' && !/^-?0(\.0+)?$/.test(document.totals.discountTotal) && (
            <div>
              <dt>Discount</dt>
              <dd>−{show(document.totals.discountTotal)}</dd>
            </div>
          )}
          {document.totals.taxes.map((tax) => (
            <div key={`${tax.name}|${tax.rate}|${tax.inclusive}|${tax.compound}`}>
              <dt>
                {tax.name} {tax.rate}%{tax.inclusive ? ' (included)' : ''}
              </dt>
              <dd>{show(tax.amount)}</dd>
            </div>
          ))}
          <div className="grand">
            <dt>Total</dt>
            <dd>{show(document.totals.total)}</dd>
          </div>
          {summary.map((row) => (
            <div key={row.label} className={row.due ? 'due' : undefined}>
              <dt>{row.label}</dt>
              <dd>
                {row.subtract ? '−' : ''}
                {show(row.amount)}
              </dd>
            </div>
          ))}
        </dl>
      </div>
      {(document.notes || document.terms || business?.paymentInstructions) && (
        <footer className="document-notes">
          {document.notes && (
            <div>
              <p className="document-label">Notes</p>
              <p className="pre">{document.notes}</p>
            </div>
          )}
          {document.terms && (
            <div>
              <p className="document-label">Terms</p>
              <p className="pre">{document.terms}</p>
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
