import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ErrorBox, Loading } from '../../components/ui.tsx';
import { ChartFrame, DownloadLinks, type Params, plotted, SERIES_COLOURS } from './report-parts.tsx';

/** A report as the API answers it: rows, each in one currency. */
interface Answer {
  rows: { currency: string }[];
}

/**
 * A report's answer under its filters: the error or the loading state, then a note on what it counts with the
 * download links, and one card a currency (a report never adds amounts of different currencies).
 */
export function ReportResult<A extends Answer>({
  state,
  loadingWhat,
  note,
  report,
  params,
  empty,
  heading,
  children,
}: {
  state: { data: A | undefined; error: Error | undefined; loading: boolean; reload: () => void };
  /** "Adding up taxes". */
  loadingWhat: string;
  note: (data: A) => ReactNode;
  /** The report's name in the download links' path. */
  report: string;
  params: Params;
  /** Said when the range has no rows. */
  empty: string;
  heading: (currency: string) => string;
  /** The card's chart and table for the rows in one currency. */
  children: (rows: A['rows'], currency: string, data: A) => ReactNode;
}) {
  const { data, error, loading, reload } = state;
  const currencies = [...new Set(data?.rows.map((row) => row.currency) ?? [])];
  return (
    <>
      {error && <ErrorBox error={error} onRetry={reload} />}
      {loading && !data && <Loading what={loadingWhat} />}
      {data && (
        <>
          <div className="toolbar">
            <p className="muted">{note(data)}</p>
            <DownloadLinks report={report} params={params} />
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
