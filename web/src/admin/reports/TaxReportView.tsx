import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query } from '../../api.ts';
import { ErrorBox, Loading, useAsync } from '../../components/ui.tsx';
import { money } from '../../format.ts';
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

interface TaxFigure {
  currency: string;
  name: string;
  rate: string;
  inclusive: boolean;
  vatCategory: string | null;
  taxableAmount: string;
  taxAmount: string;
}

interface TaxReport {
  basis: 'invoice' | 'cash';
  rows: (TaxFigure & { period: string })[];
  totals: TaxFigure[];
}

const taxLabel = (row: TaxFigure) =>
  `${row.name} ${row.rate} %${row.inclusive ? ' incl.' : ''}${row.vatCategory ? ` (${row.vatCategory})` : ''}`;

export function TaxReportView() {
  const [params, setParams] = useState<Params>({
    ...yearOf(localToday()),
    period: 'quarter',
    basis: 'invoice',
  });
  const { data, error, loading, reload } = useAsync(
    () => api.get<TaxReport>(`/reports/tax${query(params)}`),
    [params],
  );
  const currencies = [...new Set(data?.rows.map((row) => row.currency) ?? [])];
  return (
    <>
      <Filters onSubmit={setParams}>
        <RangeFields params={params} />
        <SelectField name="period" label="Per" value={params.period!} options={PERIOD_OPTIONS} />
        <SelectField
          name="basis"
          label="Basis"
          value={params.basis!}
          options={[
            ['invoice', 'Invoice (issue date)'],
            ['cash', 'Cash (payment date)'],
          ]}
        />
      </Filters>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Adding up taxes" />}
      {data && (
        <>
          <div className="toolbar">
            <p className="muted">
              {data.basis === 'invoice'
                ? 'Issued invoices by issue date, less credit notes.'
                : 'Payments by the day paid, each carrying its share of the invoice taxes; refunds subtract.'}
            </p>
            <DownloadLinks report="tax" params={params} />
          </div>
          {data.rows.length === 0 && <p>No taxed documents in this range.</p>}
          {currencies.map((currency) => {
            const rows = data.rows.filter((row) => row.currency === currency);
            const taxes = [...new Set(rows.map(taxLabel))];
            const periods = [...new Set(rows.map((row) => row.period))];
            const chartData = periods.map((period) => ({
              period,
              ...Object.fromEntries(
                rows
                  .filter((row) => row.period === period)
                  .map((row) => [taxLabel(row), plotted(row.taxAmount)]),
              ),
            }));
            return (
              <div className="card" key={currency}>
                <div className="card-head">
                  <h2>Tax in {currency}</h2>
                </div>
                <ChartFrame
                  summary={`Tax in ${currency} per period and tax; the exact figures are in the table below`}
                >
                  <ResponsiveContainer width="100%" height={240}>
                    <BarChart data={chartData}>
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="period" />
                      <YAxis width={80} />
                      <Tooltip />
                      <Legend />
                      {taxes.map((tax, index) => (
                        <Bar
                          key={tax}
                          dataKey={tax}
                          stackId="tax"
                          fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
                          isAnimationActive={false}
                        />
                      ))}
                    </BarChart>
                  </ResponsiveContainer>
                </ChartFrame>
                <FiguresTable
                  caption={`Taxable amount and tax in ${currency} per period and tax`}
                  rows={rows}
                  rowKey={(row) => `${row.period}-${taxLabel(row)}`}
                  columns={[
                    { label: 'Period', value: (row) => row.period },
                    { label: 'Tax', value: taxLabel },
                    {
                      label: 'Taxable amount',
                      numeric: true,
                      value: (row) => money(row.taxableAmount, currency),
                    },
                    { label: 'Tax amount', numeric: true, value: (row) => money(row.taxAmount, currency) },
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
