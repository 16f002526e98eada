import { type ReactNode, useState } from 'react';
import { DateField, Filters, localToday, type Params } from '../admin/reports/report-parts.tsx';
import { query } from '../api.ts';
import { date, money } from '../format.ts';
import { RecordTable } from './ListCard.tsx';
import { ErrorBox, Loading, useAsync } from './ui.tsx';

/** A client statement as the staff API and the portal give it (ClientStatement in the OpenAPI document). */
export interface ClientStatement {
  client: { id: string; name: string; company: string };
  from: string;
  to: string;
  currencies: {
    currency: string;
    openingBalance: string;
    entries: {
      date: string;
      kind: 'invoice' | 'credit_note' | 'payment' | 'refund' | 'credit_refund' | 'void';
      documentId: string;
      documentNumber: string;
      amount: string;
      balance: string;
    }[];
    closingBalance: string;
    aging: Record<string, string> & { total: string };
  }[];
}

const ENTRY_LABELS: Record<ClientStatement['currencies'][number]['entries'][number]['kind'], string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  payment: 'Payment',
  refund: 'Refund',
  credit_refund: 'Credit refunded',
  void: 'Voided',
};

const AGING_LABELS: [string, string][] = [
  ['current', 'Current'],
  ['1-30', '1–30 days'],
  ['31-60', '31–60 days'],
  ['61-90', '61–90 days'],
  ['90+', 'Over 90 days'],
];

const LEDGER_COLUMNS = [
  { label: 'Date' },
  { label: 'Description' },
  { label: 'Amount', className: 'num' },
  { label: 'Balance', className: 'num' },
];

/** The first of this month to today: a statement's usual period. */
export function thisMonth(): { from: string; to: string } {
  const today = localToday();
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/**
 * A statement with its period picker and PDF download, for the staff app and the portal alike. `address` is the
 * statement's URL without query (staff or portal API), `load` fetches it with a query through that API's client;
 * `actions` adds buttons beside the PDF link.
 */
export function StatementView({
  address,
  load,
  actions,
}: {
  address: string;
  load: (search: string) => Promise<ClientStatement>;
  actions?: (period: { from: string; to: string }) => ReactNode;
}) {
  const [params, setParams] = useState<Params>(thisMonth());
  const { data, error, loading, reload } = useAsync(() => load(query(params)), [params]);
  const period = { from: params.from!, to: params.to! };
  return (
    <div className="statement">
      <Filters onSubmit={setParams}>
        <DateField name="from" label="From" value={period.from} />
        <DateField name="to" label="To" value={period.to} />
      </Filters>
      <div className="toolbar">
        <p className="muted">
          Statement from {date(period.from)} to {date(period.to)}
        </p>
        <div className="statement-actions">
          <a
            className="button button-ghost"
            href={`${address}${query({ ...params, format: 'pdf' })}`}
            download
          >
            Download PDF
          </a>
          {actions?.(period)}
        </div>
      </div>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Loading the statement" />}
      {data && <StatementFigures statement={data} />}
    </div>
  );
}

function StatementFigures({ statement }: { statement: ClientStatement }) {
  if (statement.currencies.length === 0) {
    return (
      <p className="muted">
        Nothing to show from {date(statement.from)} to {date(statement.to)}.
      </p>
    );
  }
  return (
    <>
      {statement.currencies.map((ledger) => {
        const show = (amount: string) => money(amount, ledger.currency);
        return (
          <section
            key={ledger.currency}
            className="card statement-ledger"
            aria-label={`${ledger.currency} statement`}
          >
            <h2>{ledger.currency}</h2>
            <dl className="statement-balances">
              <div>
                <dt>Opening balance on {date(statement.from)}</dt>
                <dd className="num">{show(ledger.openingBalance)}</dd>
              </div>
              <div>
                <dt>Closing balance on {date(statement.to)}</dt>
                <dd className="num strong">{show(ledger.closingBalance)}</dd>
              </div>
            </dl>
            <RecordTable
              caption={
                <>
                  {ledger.currency} movements from {date(statement.from)} to {date(statement.to)}
                </>
              }
              columns={LEDGER_COLUMNS}
            >
              {ledger.entries.map((entry, index) => (
                <tr key={`${entry.kind}-${entry.documentId}-${index}`}>
                  <td data-label="Date">{date(entry.date)}</td>
                  <td data-label="Description">
                    {ENTRY_LABELS[entry.kind]} {entry.documentNumber}
                  </td>
                  <td data-label="Amount" className="num">
                    {show(entry.amount)}
                  </td>
                  <td data-label="Balance" className="num">
                    {show(entry.balance)}
                  </td>
                </tr>
              ))}
            </RecordTable>
            <h3>Open invoices by days past due</h3>
            <dl className="statement-aging">
              {[...AGING_LABELS, ['total', 'Total due'] as [string, string]].map(([bucket, label]) => (
                <div key={bucket}>
                  <dt>{label}</dt>
                  <dd className="num">{show(ledger.aging[bucket] ?? '0')}</dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </>
  );
}
