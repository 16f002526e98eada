import { Link, usePageTitle } from '../../router.tsx';
import { AgingReportView } from './AgingReportView.tsx';
import { PaymentsReportView } from './PaymentsReportView.tsx';
import { RevenueReportView } from './RevenueReportView.tsx';
import { TaxReportView } from './TaxReportView.tsx';

const REPORTS = [
  { id: 'aging', label: 'Receivables aging' },
  { id: 'tax', label: 'Tax' },
  { id: 'revenue', label: 'Revenue' },
  { id: 'payments', label: 'Payments received' },
];

/** Reports: one page each, with a chart, the same figures as a table, and a CSV download. */
export default function ReportsPage({ report }: { report: string }) {
  const current = REPORTS.find((entry) => entry.id === report);
  usePageTitle(current ? `Reports: ${current.label}` : 'Reports');
  return (
    <section className="reports">
      <div className="page-head">
        <h1 tabIndex={-1}>{current ? current.label : 'Reports'}</h1>
      </div>
      <nav aria-label="Reports" className="report-nav chips">
        {REPORTS.map((entry) => (
          <Link
            key={entry.id}
            className="chip"
            href={`/app/reports/${entry.id}`}
            aria-current={entry.id === report ? 'page' : undefined}
          >
            {entry.label}
          </Link>
        ))}
      </nav>
      {report === 'aging' && <AgingReportView />}
      {report === 'tax' && <TaxReportView />}
      {report === 'revenue' && <RevenueReportView />}
      {report === 'payments' && <PaymentsReportView />}
      {!current && <p>There is no such report. Choose one above.</p>}
    </section>
  );
}
