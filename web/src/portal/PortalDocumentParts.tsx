import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi, query } from '../api.ts';
import { DocumentLayout } from '../components/DocumentLayout.tsx';
import { LoadMore, usePagedList } from '../components/DocumentList.tsx';
import { Empty, ErrorBox, Loading, StatusBadge, useAsync } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import type { Page } from '../types.ts';
import type { PortalViewer } from './portal-types.ts';

/** Documents per page of a list; "Load more" adds the next. */
const PAGE_SIZE = 100;

interface ListedDocument {
  id: string;
  number: string | null;
  status: string;
}

/**
 * One of the signed-in client's lists (invoices, quotes, credit notes): the heading with who is signed in, then one
 * link per document with its number, a line of dates, its amount and status.
 */
export function PortalDocumentList<T extends ListedDocument>({
  title,
  loadingWhat,
  emptyTitle,
  me,
  path,
  params = {},
  filters,
  basePath,
  detail,
  amount,
}: {
  /** "Your invoices". */
  title: string;
  /** "Loading your invoices". */
  loadingWhat: string;
  /** "No invoices here". */
  emptyTitle: string;
  me: Pick<PortalViewer, 'contact' | 'client'>;
  /** The portal API list it shows ("/invoices"), filtered by `params`; read a page at a time. */
  path: string;
  params?: Record<string, string>;
  /** Shown between the heading and the list (status chips). */
  filters?: ReactNode;
  /** "/portal/invoices": each item links to `${basePath}/${id}`. */
  basePath: string;
  /** The dates line under the number. */
  detail: (row: T) => ReactNode;
  /** The amount, a `.num` span. */
  amount: (row: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const filter = query(params);
  const list = usePagedList(
    (cursor) => portalApi.get<Page<T>>(`${path}${query({ ...params, limit: PAGE_SIZE, cursor })}`),
    [path, filter],
  );
  const { data, error, loading, reload } = list;
  usePageTitle(title);
  return (
    <section>
      <div className="page-head">
        <div>
          <h1 tabIndex={-1}>{title}</h1>
          <p className="muted">
            {me.contact.name} · {me.client.name}
          </p>
        </div>
      </div>
      {filters}
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what={loadingWhat} />}
      {data && list.rows.length === 0 && <Empty title={emptyTitle} />}
      {list.rows.length > 0 && (
        <ul className="portal-list">
          {list.rows.map((row) => (
            <li key={row.id}>
              <Link href={`${basePath}/${row.id}`} className="portal-item">
                <span className="strong">{row.number}</span>
                <span className="muted small">{detail(row)}</span>
                {amount(row)}
                <StatusBadge status={row.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} label={t('list.loadMore')} />
    </section>
  );
}

/** E-invoice XML formats the portal offers, in the order shown after the client's preferred one. */
const XML_FORMATS: [string, string][] = [
  ['ubl', 'UBL'],
  ['cii', 'CII'],
  ['peppol', 'Peppol BIS'],
  ['xrechnung', 'XRechnung (UBL)'],
  ['xrechnung-cii', 'XRechnung (CII)'],
];

/**
 * The e-invoice downloads of an issued invoice or credit note: its XML in the client's preferred format first (UBL
 * when the client prefers none or Factur-X), the Factur-X PDF, and the other XML formats.
 */
function EInvoiceDownloads({ href, preferred }: { href: string; preferred?: string }) {
  const { t } = useTranslation();
  const first = XML_FORMATS.find(([code]) => code === preferred) ?? XML_FORMATS[0]!;
  const others = XML_FORMATS.filter(([code]) => code !== first[0]);
  const xml = (
    <a key="xml" className="button button-secondary" href={`${href}/e-invoice?format=${first[0]}`} download>
      {t('list.downloadXml', { format: first[1] })}
    </a>
  );
  const facturx = (
    <a key="facturx" className="button button-secondary" href={`${href}/pdf?format=facturx`} download>
      {t('list.downloadFacturx')}
    </a>
  );
  return (
    <>
      {preferred === 'facturx' ? [facturx, xml] : [xml, facturx]}
      <details className="einvoice-formats">
        <summary>{t('list.otherFormats')}</summary>
        <ul>
          {others.map(([code, label]) => (
            <li key={code}>
              <a href={`${href}/e-invoice?format=${code}`} download>
                {t('list.formatXml', { format: label })}
              </a>
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

/**
 * The heading of one portal document: back to the list (accounts only), title and status, and its PDF; invoices
 * and credit notes also their e-invoice downloads (`einvoice.href`: the document's API path).
 */
export function PortalDocumentHead({
  back,
  title,
  status,
  subtitle,
  pdfHref,
  einvoice,
}: {
  /** The list to go back to; null for a session opened from one document's link. */
  back: { href: string; label: string } | null;
  title: string;
  status: string;
  subtitle: ReactNode;
  pdfHref: string;
  einvoice?: { href: string; preferred?: string };
}) {
  const { t } = useTranslation();
  return (
    <div className="page-head">
      <div>
        {back && (
          <p className="breadcrumb">
            <Link href={back.href}>{back.label}</Link>
          </p>
        )}
        <h1 tabIndex={-1}>
          {title} <StatusBadge status={status} />
        </h1>
        <p className="muted">{subtitle}</p>
      </div>
      <div className="actions">
        <a className="button button-secondary" href={pdfHref} target="_blank" rel="noopener">
          {t('list.downloadPdf')}
        </a>
        {einvoice && <EInvoiceDownloads href={einvoice.href} preferred={einvoice.preferred} />}
      </div>
    </div>
  );
}

/** The kinds of portal document, as their messages are keyed ("quote.title"). */
type PortalKind = 'invoice' | 'quote' | 'creditNote';

/**
 * Loads one portal document (`path` under /api/portal/v1) with the page title following its number. While there is
 * nothing to show, `fallback` is what the page shows instead: the error with a retry, or the loading state.
 */
export function usePortalDocument<T extends { number: string | null }>(path: string, kind: PortalKind) {
  const loaded = useAsync(() => portalApi.get<T>(path), [path]);
  const { t } = useTranslation();
  const { data, error, loading, reload } = loaded;
  usePageTitle(data ? t(`${kind}.title`, { number: data.number }) : t(`${kind}.titleLoading`));
  const fallback = error ? (
    <ErrorBox error={error} onRetry={reload} />
  ) : loading && !data ? (
    <Loading what={t(`${kind}.loading`)} />
  ) : null;
  return { ...loaded, fallback };
}

/**
 * A portal document as the client reads it, beside the card of what it comes to (the amount due, the quote's
 * total, the credit) with a line under it and the card's own actions; then any further cards.
 */
export function PortalDocumentBody({
  document,
  heading,
  amount,
  note,
  actions,
  children,
}: {
  document: ReactNode;
  heading: string;
  amount: string;
  note: ReactNode;
  /** Under the note, in the card: pay or answer. */
  actions?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <DocumentLayout document={document}>
      <div className="card pay-card">
        <h2>{heading}</h2>
        <p className="amount-due">{amount}</p>
        <p className="muted small">{note}</p>
        {actions}
      </div>
      {children}
    </DocumentLayout>
  );
}
