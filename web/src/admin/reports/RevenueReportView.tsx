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
  plotted,
  RangeFields,
  SERIES_COLOURS,
  SelectField,
  yearOf,
} from './report-parts.tsx';

interface RevenueRow {
  key: string | null;
  label: string;
  currency: string;
  invoiced: string;
  collected: string;
  outstanding: string;
}

interface RevenueReport {
  groupBy: 'month' | 'client' | 'project';
  rows: RevenueRow[];
}

const SERIES = [
  ['invoiced', 'Invoiced'],
  ['collected', 'Collected'],
  ['outstanding', 'Outstanding'],
] as const;

export function RevenueReportView() {
  const [params, setParams] = useState<Params>({ ...yearOf(localToday()), groupBy: 'month' });
  const { data, error, loading, reload } = useAsync(
    () => api.get<RevenueReport>(`/reports/revenue${query(params)}`),
    [params],
  );
  const currencies = [...new Set(data?.rows.map((row) => row.currency) ?? [])];
  const labelOf = (row: RevenueRow) => row.label || (data?.groupBy === 'project' ? 'No project' : '—');
  return (
    <>
      <Filters onSubmit={setParams}>
        <RangeFields params={params} />
        <SelectField
          name="groupBy"
          label="Per"
          value={params.groupBy!}
          options={[
            ['month', 'Month'],
            ['client', 'Client'],
            ['project', 'Project'],
          ]}
        />
      </Filters>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what="Adding up revenue" />}
      {data && (
        <>
          <div className="toolbar">
            <p className="muted">
              Invoiced less credit notes, collected less refunds, and what is still due.
            </p>
            <DownloadLinks report="revenue" params={params} />
          </div>
          {data.rows.length === 0 && <p>Nothing was invoiced or collected in this range.</p>}
          {currencies.map((currency) => {
            const rows = data.rows.filter((row) => row.currency === currency);
            return (
              <div className="card" key={currency}>
                <div className="card-head">
                  <h2>Revenue in {currency}</h2>
                </div>
                <ChartFrame
                  summary={`Invoiced, collected and outstanding in ${currency} per ${data.groupBy}; the exact figures are in the table below`}
                >
                  <ResponsiveContainer width="100%" height={260}>
                    <BarChart
                      data={rows.map((row) => ({
                        label: labelOf(row),
                        invoiced: plotted(row.invoiced),
                        collected: plotted(row.collected),
                        outstanding: plotted(row.outstanding),
                      }))}
                    >
                      <CartesianGrid strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="label" />
                      <YAxis width={80} />
                      <Tooltip />
                      <Legend />
                      {SERIES.map(([key, name], index) => (
                        <Bar
                          key={key}
                          dataKey={key}
                          name={name}
                          fill={SERIES_COLOURS[index]}
                          isAnimationActive={false}
                        />
                      ))}
                    </BarChart>
                  </ResponsiveContainer>
                </ChartFrame>
                <FiguresTable
                  caption={`Revenue in ${currency} per ${data.groupBy}`}
                  rows={rows}
                  rowKey={(row) => `${row.key}-${row.currency}`}
                  columns={[
                    {
                      label:
                        data.groupBy === 'month' ? 'Month' : data.groupBy === 'client' ? 'Client' : 'Project',
                      value: labelOf,
                    },
                    ...SERIES.map(([key, name]) => ({
                      label: name,
                      numeric: true,
                      value: (row: RevenueRow) => money(row[key], currency),
                    })),
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
