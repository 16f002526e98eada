import { useState } from 'react';
import { api } from '../api.ts';
import { Button, ErrorBox } from '../components/ui.tsx';

interface Check {
  format: string;
  ready: boolean;
  problems: { code: string; field: string; message: string }[];
}

const FORMATS: [string, string][] = [
  ['xrechnung', 'XRechnung (UBL)'],
  ['xrechnung-cii', 'XRechnung (CII)'],
  ['peppol', 'Peppol BIS 3.0'],
  ['ubl', 'UBL (EN 16931)'],
  ['cii', 'CII (EN 16931)'],
];

/** Where a problem is fixed: the organisation's data in Settings, the client's on the client page, else here. */
function whereToFix(field: string): string {
  if (field.startsWith('seller.') || field.startsWith('paymentMeans')) return 'Settings, Invoicing';
  if (field.startsWith('buyer.')) return 'the client';
  if (/^(lines\.\d+\.)?taxes/.test(field)) return 'Settings, Taxes';
  return 'this invoice';
}

/**
 * The invoice page's e-invoice download: choose a format, see whether it can be made (and every reason why not),
 * then download the XML. `kind` picks the invoice or credit-note routes.
 */
export function EInvoiceMenu({
  id,
  kind = 'invoices',
  issued,
}: {
  id: string;
  kind?: 'invoices' | 'credit-notes';
  issued: boolean;
}) {
  const [format, setFormat] = useState('');
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  async function choose(next: string) {
    setFormat(next);
    setCheck(null);
    setError(null);
    if (!next) return;
    setBusy(true);
    try {
      setCheck(await api.get<Check>(`/${kind}/${id}/e-invoice/check?format=${next}`));
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  }
  const label = FORMATS.find(([code]) => code === format)?.[1] ?? format;
  return (
    <div className="einvoice-menu">
      <label htmlFor={`einvoice-${id}`} className="visually-hidden">
        E-invoice format
      </label>
      <select
        id={`einvoice-${id}`}
        value={format}
        onChange={(event) => choose(event.target.value)}
        aria-busy={busy || undefined}
      >
        <option value="">E-invoice…</option>
        {FORMATS.map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
      {error && <ErrorBox error={error} />}
      {check?.ready && issued && (
        <a
          className="button button-secondary"
          href={`/api/v1/${kind}/${id}/e-invoice?format=${format}`}
          download
        >
          Download {label}
        </a>
      )}
      {check?.ready && !issued && (
        <p className="muted small">Ready: the {label} can be downloaded once issued.</p>
      )}
      {check && !check.ready && (
        <div className="alert alert-warning" role="status">
          <p>
            Not possible as {label} yet:{' '}
            {check.problems.length === 1 ? 'one thing needs' : `${check.problems.length} things need`} fixing.
          </p>
          <ul>
            {check.problems.map((problem) => (
              <li key={`${problem.code}-${problem.field}`}>
                {problem.message} <span className="muted small">(fix in {whereToFix(problem.field)})</span>
              </li>
            ))}
          </ul>
          <Button small variant="ghost" onClick={() => choose(format)}>
            Check again
          </Button>
        </div>
      )}
    </div>
  );
}
