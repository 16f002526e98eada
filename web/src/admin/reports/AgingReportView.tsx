import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query } from '../../api.ts';
import { ErrorBox, Loading, useAsync } from '../../components/ui.tsx';
import { date, money } from '../../format.ts';
import { Link } from '../../router.tsx';
import {
  ChartFrame,
  DateField,
  DownloadLinks,
  FiguresTable,
  Filters,
  localToday,
  type Params,
  plotted,
  SERIES_COLOURS,
} from './report-parts.tsx';

type Buckets = Record<string, string>;

interface AgingReport {
  asOf: string;
  buckets: string[];
  clients: {
    clientId: string;
    clientName: string;
    currency: string;
    buckets: Buckets;
    total: string;
    invoiceCount: number;
  }[];
  totals: { currency: string; buckets: Buckets; total: string; invoiceCount: number }[];
  invoices?: {
    id: string;
    number: string | null;
    currency: string;
    issueDate: string;
    dueDate: string;
    daysPastDue: number;
    bucket: string;
    balance: string;
  }[];
}

const BUCKET_LABELS: Record<string, string> = {
  current: 'Current',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
};

export function AgingReportView() {
  const [params, setParams] = useState<Params>({ asOf: localToday() });
  const [client, setClient] = useState<{ id: string; name: string } | null>(null);
  const { data, error, loading, reload } = useAsync(
    () => api.get<AgingReport>(`/reports/aging${query(params)}`),
    [params],
  );
  return (
    <>
      <Filters onSubmit={setParams}>
        <DateField name="asOf" label="Balances as of" value={params.asOf!} />
      </Filters>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Ageing open balances" />}
      {data && (
        <>
          <div className="toolbar">
            <p className="muted">Open balances on {date(data.asOf)}, by days past due.</p>
            <DownloadLinks report="aging" params={params} />
          </div>
          {data.totals.length === 0 && <p>Nothing was open on that day.</p>}
          {data.totals.map((total) => (
            <div className="card" key={total.currency}>
              <div className="card-head">
                <h2>
                  {money(total.total, total.currency)} open in {total.currency}
                </h2>
              </div>
              <ChartFrame
                summary={`Open ${total.currency} balances by days past due: ${data.buckets
                  .map(
                    (bucket) => `${BUCKET_LABELS[bucket]} ${money(total.buckets[bucket]!, total.currency)}`,
                  )
                  .join(', ')}`}
              >
                <ResponsiveContainer width="100%" height={220}>
                  <BarChart
                    data={data.buckets.map((bucket) => ({
                      bucket: BUCKET_LABELS[bucket],
                      amount: plotted(total.buckets[bucket]!),
                      text: money(total.buckets[bucket]!, total.currency),
                    }))}
                  >
                    <CartesianGrid strokeDasharray="3 3" vertical={false} />
                    <XAxis dataKey="bucket" />
                    <YAxis width={80} />
                    <Tooltip formatter={(_value, _name, item) => [item.payload.text, 'Open']} />
                    <Bar dataKey="amount" name="Open" fill={SERIES_COLOURS[0]} isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </ChartFrame>
            </div>
          ))}
          {data.clients.length > 0 && (
            <div className="card">
              <div className="card-head">
                <h2>By client</h2>
              </div>
              <FiguresTable
                caption="Open balances per client and currency, by days past due"
                rows={data.clients}
                rowKey={(row) => `${row.clientId}-${row.currency}`}
                columns={[
                  {
                    label: 'Client',
                    value: (row) => (
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setClient({ id: row.clientId, name: row.clientName })}
                      >
                        {row.clientName}
                      </button>
                    ),
                  },
                  { label: 'Currency', value: (row) => row.currency },
                  ...data.buckets.map((bucket) => ({
                    label: BUCKET_LABELS[bucket]!,
                    numeric: true,
                    value: (row: AgingReport['clients'][number]) => money(row.buckets[bucket]!, row.currency),
                  })),
                  { label: 'Total', numeric: true, value: (row) => money(row.total, row.currency) },
                ]}
              />
            </div>
          )}
          {client && <ClientInvoices asOf={data.asOf} client={client} />}
        </>
      )}
    </>
  );
}

/** Drill-down: the open invoices behind one client's figures. */
function ClientInvoices({ asOf, client }: { asOf: string; client: { id: string; name: string } }) {
  const params = { asOf, clientId: client.id };
  const { data, error, loading } = useAsync(
    () => api.get<AgingReport>(`/reports/aging${query(params)}`),
    [asOf, client.id],
  );
  return (
    <div className="card">
      <div className="card-head">
        <h2>Open invoices of {client.name}</h2>
        <DownloadLinks report="aging" params={params} />
      </div>
      {error && <ErrorBox error={error} />}
      {loading && <Loading what="Finding the invoices" />}
      {data?.invoices && (
        <FiguresTable
          caption={`Open invoices of ${client.name} on ${asOf}`}
          rows={data.invoices}
          rowKey={(row) => row.id}
          columns={[
            { label: 'Invoice', value: (row) => <Link href={`/app/invoices/${row.id}`}>{row.number}</Link> },
            { label: 'Issued', value: (row) => date(row.issueDate) },
            { label: 'Due', value: (row) => date(row.dueDate) },
            { label: 'Days past due', numeric: true, value: (row) => row.daysPastDue },
            { label: 'Bucket', value: (row) => BUCKET_LABELS[row.bucket] },
            { label: 'Open', numeric: true, value: (row) => money(row.balance, row.currency) },
          ]}
        />
      )}
    </div>
  );
}
