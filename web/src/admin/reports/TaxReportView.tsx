import { money } from '../../format.ts';
import {
  BarsChart,
  PeriodField,
  RangeFilters,
  ReportResult,
  stackedByPeriod,
  useRangeReport,
} from './report-frame.tsx';
import { FiguresTable, SelectField } from './report-parts.tsx';

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
  const report = useRangeReport<TaxReport>('tax', { period: 'quarter', basis: 'invoice' });
  return (
    <>
      <RangeFilters report={report}>
        <PeriodField params={report.params} />
        <SelectField
          name="basis"
          label="Basis"
          value={report.params.basis!}
          options={[
            ['invoice', 'Invoice (issue date)'],
            ['cash', 'Cash (payment date)'],
          ]}
        />
      </RangeFilters>
      <ReportResult
        report={report}
        loadingWhat="Adding up taxes"
        note={(data) =>
          data.basis === 'invoice'
            ? 'Issued invoices by issue date, less credit notes.'
            : 'Payments by the day paid, each carrying its share of the invoice taxes; refunds subtract.'
        }
        empty="No taxed documents in this range."
        heading={(currency) => `Tax in ${currency}`}
      >
        {(rows, currency) => (
          <>
            <BarsChart
              summary={`Tax in ${currency} per period and tax; the exact figures are in the table below`}
              xKey="period"
              stacked
              {...stackedByPeriod(rows, taxLabel, (row) => row.taxAmount)}
            />
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
          </>
        )}
      </ReportResult>
    </>
  );
}
