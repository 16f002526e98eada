import { useTranslation } from 'react-i18next';
import { portalApi } from '../api.ts';
import { type ClientStatement, StatementView } from '../components/StatementView.tsx';
import { usePageTitle } from '../router.tsx';
import type { PortalViewer } from './portal-types.ts';

/** The client's own statement for a period it picks, with the PDF; only for contacts signed in to an account. */
export function PortalStatement({ me }: { me: PortalViewer }) {
  const { t } = useTranslation();
  usePageTitle(t('statement.title'));
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>{t('statement.title')}</h1>
        <p className="muted">{t('statement.intro', { client: me.client.name })}</p>
      </div>
      <StatementView
        address="/api/portal/v1/statement"
        load={(search) => portalApi.get<ClientStatement>(`/statement${search}`)}
      />
    </section>
  );
}
