import { portalApi } from '../api.ts';
import { type ClientStatement, StatementView } from '../components/StatementView.tsx';
import { usePageTitle } from '../router.tsx';
import type { PortalViewer } from './portal-types.ts';

/** The client's own statement for a period it picks, with the PDF; only for contacts signed in to an account. */
export function PortalStatement({ me }: { me: PortalViewer }) {
  usePageTitle('Your statement');
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Your statement</h1>
        <p className="muted">
          What {me.client.name} was invoiced, credited and paid over the period, and what is still open.
        </p>
      </div>
      <StatementView
        address="/api/portal/v1/statement"
        load={(search) => portalApi.get<ClientStatement>(`/statement${search}`)}
      />
    </section>
  );
}
