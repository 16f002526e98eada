import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { accentForText, validAccent } from '../../../src/domain/brand-colors.ts';
import {
  type DescribedDocumentBody,
  type DescriptionWords,
  type DocumentParties,
  describePresentedDocument,
} from '../../../src/domain/document-description.ts';
import type { DocumentPresentation } from '../../../src/domain/document-presentation.ts';
import type { Address } from '../types.ts';

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
export type ViewedDocument = DescribedDocumentBody & {
  lines: (DescribedDocumentBody['lines'][number] & { id: string })[];
  /** Given by GET of one document; a revision is shown with the parties of the document it belongs to. */
  parties?: DocumentParties;
};

/** Builds the kind's presentation (title, rows beside it, rows after the total) in the reader's words. */
export type Present = (t: DescriptionWords, locale: string) => DocumentPresentation;

/**
 * A document as the client sees it, block by block as its PDF and its email print it: the same description
 * (src/domain/document-description.ts), in the reader's language (the client's: the documents messages, through the
 * web app's i18next), figures in the reader's locale. Nothing is computed here: every figure is the server's totals
 * engine's, formatted by the description.
 */
export function DocumentView({
  kind,
  document,
  parties,
  present,
  status,
  business,
  logoUrl,
  metaLinks = {},
}: {
  /** Which document it is: names the article for assistive technology in the reader's language. */
  kind: 'invoice' | 'quote' | 'creditNote';
  document: ViewedDocument;
  parties: DocumentParties | undefined;
  present: Present;
  /** Picks the stamp's colour (a `stamp-<status>` class) when the presentation has a stamp. */
  status: string;
  /** The letterhead's colour and footer (the blocks themselves come from `parties`). */
  business: Pick<Business, 'accentColor' | 'footer' | 'businessName'> | null;
  logoUrl?: string | null;
  /** Meta values shown as links (the credited invoice's number): the value's text to the link showing it. */
  metaLinks?: Record<string, ReactNode>;
}) {
  const { t, i18n, ready } = useTranslation('documents', {
    lng: parties?.language ?? 'en',
    useSuspense: false,
  });
  if (!parties || !ready) return <span className="spinner" aria-busy="true" />;
  // The description looks keys up by name (units, figures): the typed keys of the files do not apply.
  const lookUp = i18n.getFixedT(parties.language, 'documents') as unknown as DescriptionWords;
  const words: DescriptionWords = (key, values) => String(lookUp(key, values ?? {}));
  const presentation = present(words, parties.locale);
  const description = describePresentedDocument(document, presentation, parties, words);
  const accent = validAccent(business?.accentColor || '#1d3a5f');
  const hasLineDiscounts = description.lines.some((line) => line.discount);
  const totals = description.totals.filter((row) => row.kind !== 'due');
  const due = description.totals.find((row) => row.kind === 'due');
  const stamp = presentation.stamp;
  return (
    <article
      className="document"
      lang={parties.language}
      aria-label={t(`view.${kind}`)}
      style={{ ['--accent' as string]: accentForText(accent), ['--accent-fill' as string]: accent }}
    >
      <header className="document-head">
        <div className="document-business" data-block="seller">
          {logoUrl && <img src={logoUrl} alt={description.seller.name} className="document-logo" />}
          <p className="document-business-name">{description.seller.name}</p>
          {description.seller.lines.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
        <div className="document-title">
          <p className="document-kind">{description.title}</p>
          <p className="document-number">{description.number ?? t('meta.draft')}</p>
          <dl className="document-meta" data-block="meta">
            {description.meta.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{metaLinks[value] ?? value}</dd>
              </div>
            ))}
          </dl>
        </div>
      </header>
      <section className="document-billto" data-block="buyer">
        <p className="document-label">{description.buyer.heading}</p>
        <p className="strong">{description.buyer.name}</p>
        {description.buyer.lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </section>
      <div className="table-wrap">
        <table className="document-lines" data-block="lines">
          <thead>
            <tr>
              <th scope="col">{t('table.description')}</th>
              <th scope="col" className="num">
                {t('table.quantity')}
              </th>
              <th scope="col" className="num">
                {t('table.unitPrice')}
              </th>
              {hasLineDiscounts && (
                <th scope="col" className="num">
                  {t('figures.discount')}
                </th>
              )}
              <th scope="col" className="num">
                {t('table.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {description.lines.map((line, index) => (
              <tr key={document.lines[index]?.id ?? index}>
                <td className="document-description">
                  {line.description}
                  {line.taxes && <span className="muted small"> · {line.taxes}</span>}
                </td>
                <td className="num" data-label={t('table.quantity')}>
                  {line.quantity}
                </td>
                <td className="num" data-label={t('table.unitPrice')}>
                  {line.unitPrice}
                </td>
                {hasLineDiscounts && (
                  <td className="num" data-label={t('figures.discount')}>
                    {line.discount}
                  </td>
                )}
                <td className="num strong" data-label={t('table.amount')}>
                  {line.net}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="document-summary">
        {stamp ? (
          <p className={`stamp stamp-${status}`} aria-hidden="true">
            {stamp.text}
          </p>
        ) : (
          <span />
        )}
        <dl className="document-totals" data-block="totals">
          {totals.map((row) => (
            <div key={`${row.kind}|${row.label}`} className={row.kind === 'total' ? 'grand' : undefined}>
              <dt>{row.label}</dt>
              <dd>{row.amount}</dd>
            </div>
          ))}
          {due && (
            <div className="due">
              <dt>{due.label}</dt>
              <dd>{due.amount}</dd>
            </div>
          )}
        </dl>
      </div>
      {description.sections.length > 0 && (
        <footer className="document-notes" data-block="sections">
          {description.sections.map(([title, body]) => (
            <div key={title}>
              <p className="document-label">{title}</p>
              <p className="pre">{body}</p>
            </div>
          ))}
        </footer>
      )}
      {business?.footer && <p className="document-footer">{business.footer}</p>}
    </article>
  );
}
