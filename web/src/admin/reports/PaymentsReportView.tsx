import { money, PAYMENT_METHOD_LABELS, PROVIDER_LABELS } from '../../format.ts';
import {
  BarsChart,
  PeriodField,
  RangeFilters,
  ReportResult,
  stackedByPeriod,
  useRangeReport,
} from './report-frame.tsx';
import { FiguresTable } from './report-parts.tsx';

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
  const report = useRangeReport<{ rows: PaymentsRow[] }>('payments', { period: 'month' });
  return (
    <>
      <RangeFilters report={report}>
        <PeriodField params={report.params} />
      </RangeFilters>
      <ReportResult
        report={report}
        loadingWhat="Adding up payments"
        note={() =>
          'Payments by the day paid, refunds by the day given back. Gateway fees are not reported yet.'
        }
        empty="No payments in this range."
        heading={(currency) => `Received in ${currency}`}
      >
        {(rows, currency) => (
          <>
            <BarsChart
              summary={`Net payments in ${currency} per period and method; the exact figures are in the table below`}
              xKey="period"
              stacked
              {...stackedByPeriod(rows, channel, (row) => row.net)}
            />
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
          </>
        )}
      </ReportResult>
    </>
  );
}
