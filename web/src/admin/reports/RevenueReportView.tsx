import { money } from '../../format.ts';
import { BarsChart, RangeFilters, ReportResult, useRangeReport } from './report-frame.tsx';
import { FiguresTable, plotted, SelectField } from './report-parts.tsx';

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
  { key: 'invoiced', name: 'Invoiced' },
  { key: 'collected', name: 'Collected' },
  { key: 'outstanding', name: 'Outstanding' },
] as const;

const GROUP_LABELS = { month: 'Month', client: 'Client', project: 'Project' };

export function RevenueReportView() {
  const report = useRangeReport<RevenueReport>('revenue', { groupBy: 'month' });
  const labelOf = (row: RevenueRow) =>
    row.label || (report.state.data?.groupBy === 'project' ? 'No project' : '—');
  return (
    <>
      <RangeFilters report={report}>
        <SelectField
          name="groupBy"
          label="Per"
          value={report.params.groupBy!}
          options={Object.entries(GROUP_LABELS)}
        />
      </RangeFilters>
      <ReportResult
        report={report}
        loadingWhat="Adding up revenue"
        note={() => 'Invoiced less credit notes, collected less refunds, and what is still due.'}
        empty="Nothing was invoiced or collected in this range."
        heading={(currency) => `Revenue in ${currency}`}
      >
        {(rows, currency, data) => (
          <>
            <BarsChart
              summary={`Invoiced, collected and outstanding in ${currency} per ${data.groupBy}; the exact figures are in the table below`}
              height={260}
              xKey="label"
              series={[...SERIES]}
              data={rows.map((row) => ({
                label: labelOf(row),
                ...Object.fromEntries(SERIES.map(({ key }) => [key, plotted(row[key])])),
              }))}
            />
            <FiguresTable
              caption={`Revenue in ${currency} per ${data.groupBy}`}
              rows={rows}
              rowKey={(row) => `${row.key}-${row.currency}`}
              columns={[
                { label: GROUP_LABELS[data.groupBy], value: labelOf },
                ...SERIES.map(({ key, name }) => ({
                  label: name,
                  numeric: true,
                  value: (row: RevenueRow) => money(row[key], currency),
                })),
              ]}
            />
          </>
        )}
      </ReportResult>
    </>
  );
}
