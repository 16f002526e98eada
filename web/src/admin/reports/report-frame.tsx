import { type ReactNode, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, query } from '../../api.ts';
import { ErrorBox, Loading, useAsync } from '../../components/ui.tsx';
import {
  ChartFrame,
  DownloadLinks,
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

/** A report as the API answers it: rows, each in one currency. */
interface Answer {
  rows: { currency: string }[];
}

/** A report over a date range: its name in the API's path, the filters shown, and the answer to them. */
export interface RangeReport<A> {
  name: string;
  params: Params;
  setParams: (params: Params) => void;
  state: { data: A | undefined; error: Error | undefined; loading: boolean; reload: () => void };
}

/** Loads GET /reports/{name} for this year at first, with the report's own filters (`initial`), then as filtered. */
export function useRangeReport<A>(name: string, initial: Params): RangeReport<A> {
  const [params, setParams] = useState<Params>(() => ({ ...yearOf(localToday()), ...initial }));
  const state = useAsync(() => api.get<A>(`/reports/${name}${query(params)}`), [name, params]);
  return { name, params, setParams, state };
}

/** The filters of a range report: from and to, then the report's own fields. */
export function RangeFilters({ report, children }: { report: RangeReport<unknown>; children: ReactNode }) {
  return (
    <Filters onSubmit={report.setParams}>
      <RangeFields params={report.params} />
      {children}
    </Filters>
  );
}

/** The choice of period (month, quarter, year) the figures are added up by. */
export function PeriodField({ params }: { params: Params }) {
  return <SelectField name="period" label="Per" value={params.period!} options={PERIOD_OPTIONS} />;
}

/**
 * A report's answer under its filters: the error or the loading state, then a note on what it counts with the
 * download links, and one card a currency (a report never adds amounts of different currencies).
 */
export function ReportResult<A extends Answer>({
  report,
  loadingWhat,
  note,
  empty,
  heading,
  children,
}: {
  report: RangeReport<A>;
  /** "Adding up taxes". */
  loadingWhat: string;
  note: (data: A) => ReactNode;
  /** Said when the range has no rows. */
  empty: string;
  heading: (currency: string) => string;
  /** The card's chart and table for the rows in one currency. */
  children: (rows: A['rows'], currency: string, data: A) => ReactNode;
}) {
  const { data, error, loading, reload } = report.state;
  const currencies = [...new Set(data?.rows.map((row) => row.currency) ?? [])];
  return (
    <>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what={loadingWhat} />}
      {data && (
        <>
          <div className="toolbar">
            <p className="muted">{note(data)}</p>
            <DownloadLinks report={report.name} params={report.params} />
          </div>
          {data.rows.length === 0 && <p>{empty}</p>}
          {currencies.map((currency) => (
            <div className="card" key={currency}>
              <div className="card-head">
                <h2>{heading(currency)}</h2>
              </div>
              {children(
                data.rows.filter((row) => row.currency === currency),
                currency,
                data,
              )}
            </div>
          ))}
        </>
      )}
    </>
  );
}

export interface ChartSeries {
  key: string;
  name: string;
}

/** A bar chart of a report's figures, one bar (or one stack of bars) per point of `data`. */
export function BarsChart({
  summary,
  data,
  xKey,
  series,
  stacked = false,
  height = 240,
}: {
  summary: string;
  data: Record<string, string | number>[];
  xKey: string;
  series: ChartSeries[];
  stacked?: boolean;
  height?: number;
}) {
  return (
    <ChartFrame summary={summary}>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey={xKey} />
          <YAxis width={80} />
          <Tooltip />
          <Legend />
          {series.map(({ key, name }, index) => (
            <Bar
              key={key}
              dataKey={key}
              name={name}
              stackId={stacked ? 'stack' : undefined}
              fill={SERIES_COLOURS[index % SERIES_COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

/** Rows per period as stacked bars: one bar a period, one segment a series (a tax, a payment method). */
export function stackedByPeriod<Row extends { period: string }>(
  rows: Row[],
  seriesOf: (row: Row) => string,
  amountOf: (row: Row) => string,
): { data: Record<string, string | number>[]; series: ChartSeries[] } {
  const periods = [...new Set(rows.map((row) => row.period))];
  return {
    series: [...new Set(rows.map(seriesOf))].map((name) => ({ key: name, name })),
    data: periods.map((period) => ({
      period,
      ...Object.fromEntries(
        rows.filter((row) => row.period === period).map((row) => [seriesOf(row), plotted(amountOf(row))]),
      ),
    })),
  };
}
