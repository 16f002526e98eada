import { Trans } from 'react-i18next';
import { portalApi } from '../api.ts';
import { useAsync } from '../components/ui.tsx';
import { money } from '../format.ts';
import { Link } from '../router.tsx';

interface PortalCredit {
  /** Credit left per currency; empty when none, or for a session opened by an emailed link. */
  credit: { currency: string; amount: string; creditNotes: number }[];
}

/** The client's credit left from its credit notes, shown above its invoices when there is any. */
export function PortalCreditBalance() {
  const { data } = useAsync(() => portalApi.get<PortalCredit>('/credit'), []);
  if (!data || data.credit.length === 0) return null;
  return (
    <p className="alert alert-info" data-testid="portal-credit">
      <Trans
        i18nKey="credit.balance"
        values={{ amounts: data.credit.map((entry) => money(entry.amount, entry.currency)).join(' · ') }}
        components={{ a: <Link href="/portal/credit-notes" /> }}
      />
    </p>
  );
}
