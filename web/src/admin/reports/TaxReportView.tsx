import { useState } from 'react';
import { api, query } from '../../api.ts';
import { useAsync } from '../../components/ui.tsx';
import { money } from '../../format.ts';
import { BarsChart, ReportResult, stackedByPeriod } from './report-frame.tsx';
import {
  FiguresTable,
  Filters,
  localToday,
  type Params,
  PERIOD_OPTIONS,
  RangeFields,
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
  const state = useAsync(() => api.get<TaxReport>(`/reports/tax${query(params)}`), [params]);
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
      <ReportResult
        state={state}
        loadingWhat="Adding up taxes"
        note={(data) =>
          data.basis === 'invoice'
            ? 'Issued invoices by issue date, less credit notes.'
            : 'Payments by the day paid, each carrying its share of the invoice taxes; refunds subtract.'
        }
        report="tax"
        params={params}
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
