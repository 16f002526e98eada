import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query } from '../../api.ts';
import { ErrorBox, Loading, useAsync } from '../../components/ui.tsx';
import { money, PAYMENT_METHOD_LABELS, PROVIDER_LABELS } from '../../format.ts';
import {
  ChartFrame,
  DownloadLinks,
  FiguresTable,
  Filters,
  localToday,
  type Params,
  PERIOD_OPTIONS,
  plotted,
  RangeFields,
  SERIES_COLOURS,
  SelectField,
  yearOf,
} from './report-parts.tsx';

interface PaymentsRow {
  period: string;
  currency: string;
  method: string;
  gateway: string;
  count: number;
  received: string;
  refunded: string;
  net: string;
  fees: string | null;
}

const channel = (row: PaymentsRow) =>
  `${PAYMENT_METHOD_LABELS[row.method] ?? row.method} · ${PROVIDER_LABELS[row.gateway] ?? (row.gateway === 'offline' ? 'Recorded by staff' : row.gateway)}`;

export function PaymentsReportView() {
  const [params, setParams] = useState<Params>({ ...yearOf(localToday()), period: 'month' });
  const { data, error, loading, reload } = useAsync(
    () => api.get<{ rows: PaymentsRow[] }>(`/reports/payments${query(params)}`),
    [params],
  );
  const currencies = [...new Set(data?.rows.map((row) => row.currency) ?? [])];
  return (
    <>
      <Filters onSubmit={setParams}>
        <RangeFields params={params} />
        <SelectField name="period" label="Per" value={params.period!} options={PERIOD_OPTIONS} />
      </Filters>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Adding up payments" />}
      {data && (
        <>
          <div className="toolbar">
            <p className="muted">
              Payments by the day paid, refunds by the day given back. Gateway fees are not reported yet.
            </p>
            <DownloadLinks report="payments" params={params} />
          </div>
          {data.rows.length === 0 && <p>No payments in this range.</p>}
          {currencies.map((currency) => {
            const rows = data.rows.filter((row) => row.currency === currency);
            const channels = [...new Set(rows.map(channel))];
            const periods = [...new Set(rows.map((row) => row.period))];
            return (
              <div className="card" key={currency}>
                <div className="card-head">
                  <h2>Received in {currency}</h2>
                </div>
                <ChartFrame
                  summary={`Net payments in ${currency} per period and method; the exact figures are in the table below`}
                >
                  <ResponsiveContainer width="100%" height={240}>
                    <BarChart
                      data={periods.map((period) => ({
                        period,
                        ...Object.fromEntries(
                          rows
                            .filter((row) => row.period === period)
                            .map((row) => [channel(row), plotted(row.net)]),
                        ),
                      }))}
                    >
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="period" />
                      <YAxis width={80} />
                      <Tooltip />
                      <Legend />
                      {channels.map((name, index) => (
                        <Bar
                          key={name}
                          dataKey={name}
                          stackId="net"
                          fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
                          isAnimationActive={false}
                        />
                      ))}
                    </BarChart>
                  </ResponsiveContainer>
                </ChartFrame>
                <FiguresTable
                  caption={`Payments in ${currency} per period, method and gateway`}
                  rows={rows}
                  rowKey={(row) => `${row.period}-${row.method}-${row.gateway}`}
                  columns={[
                    { label: 'Period', value: (row) => row.period },
                    { label: 'Method', value: channel },
                    { label: 'Payments', numeric: true, value: (row) => row.count },
                    { label: 'Received', numeric: true, value: (row) => money(row.received, currency) },
                    { label: 'Refunded', numeric: true, value: (row) => money(row.refunded, currency) },
                    { label: 'Net', numeric: true, value: (row) => money(row.net, currency) },
                  ]}
                />
              </div>
            );
          })}
        </>
      )}
    </>
  );
}
