import { ErrorBox, Loading } from '../components/ui.tsx';
import { Link, usePageTitle } from '../router.tsx';
import { AuditLogSettings } from './AuditLogSettings.tsx';
import { DocumentSeriesSettings } from './DocumentSeriesSettings.tsx';
import { EInvoiceSettings } from './EInvoiceSettings.tsx';
import { ReminderSettingsForm, SmtpSettingsForm } from './EmailSettings.tsx';
import { GatewaySettingsForm } from './GatewaySettings.tsx';
import { useSession } from './session.tsx';
import { AdminOnly } from './settings/AdminOnly.tsx';
import { BusinessSettings } from './settings/BusinessSettings.tsx';
import { EmailRetentionForm } from './settings/EmailRetentionForm.tsx';
import { EmailTemplateSettings } from './settings/EmailTemplateSettings.tsx';
import { InvoicingSettings } from './settings/InvoicingSettings.tsx';
import { PaymentReceiptsForm } from './settings/PaymentReceiptsForm.tsx';
import { TaxSettings } from './settings/TaxSettings.tsx';
import { TokenSettings } from './settings/TokenSettings.tsx';
import { UserSettings } from './settings/UserSettings.tsx';
import { TaxRateVatCategories } from './TaxRateVatCategories.tsx';
import { WebhookSettings } from './WebhookSettings.tsx';

const TABS = [
  { id: 'business', label: 'Business & branding' },
  { id: 'invoicing', label: 'Invoicing' },
  { id: 'taxes', label: 'Taxes' },
  { id: 'email', label: 'Email (SMTP)', adminOnly: true },
  { id: 'email-templates', label: 'Email templates' },
  { id: 'gateways', label: 'Payment gateways', adminOnly: true },
  { id: 'webhooks', label: 'Webhooks', adminOnly: true },
  { id: 'reminders', label: 'Reminders' },
  { id: 'users', label: 'Users & roles', adminOnly: true },
  { id: 'tokens', label: 'API tokens' },
  { id: 'audit', label: 'Audit log', adminOnly: true },
];

export function SettingsPage({ tab }: { tab: string }) {
  const { me, settings } = useSession();
  const current = TABS.find((t) => t.id === tab);
  usePageTitle(current ? `Settings: ${current.label}` : 'Settings');
  const isAdmin = me.role === 'admin';
  return (
    <section>
      <div className="page-head">
        <h1 tabIndex={-1}>Settings</h1>
      </div>
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="subnav">
          <ul>
            {TABS.filter((t) => !t.adminOnly || isAdmin).map((t) => (
              <li key={t.id}>
                <Link href={`/app/settings/${t.id}`} aria-current={t.id === tab ? 'page' : undefined}>
                  {t.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="settings-body">
          {!isAdmin && tab !== 'tokens' && tab !== 'users' && (
            <p className="alert alert-info">Only admins can change settings. You can read them here.</p>
          )}
          {!settings && <Loading what="Loading settings" />}
          {settings && tab === 'business' && <BusinessSettings settings={settings} readOnly={!isAdmin} />}
          {settings && tab === 'invoicing' && <InvoicingSettings settings={settings} readOnly={!isAdmin} />}
          {settings && tab === 'invoicing' && (
            <DocumentSeriesSettings settings={settings} readOnly={!isAdmin} />
          )}
          {settings && tab === 'invoicing' && <EInvoiceSettings settings={settings} readOnly={!isAdmin} />}
          {tab === 'taxes' && <TaxSettings />}
          {tab === 'taxes' && <TaxRateVatCategories readOnly={!isAdmin} />}
          {tab === 'users' && (isAdmin ? <UserSettings /> : <AdminOnly />)}
          {tab === 'tokens' && <TokenSettings />}
          {tab === 'email' && !isAdmin && <AdminOnly />}
          {tab === 'email' && isAdmin && <SmtpSettingsForm readOnly={false} />}
          {tab === 'email' && isAdmin && settings && (
            <EmailRetentionForm settings={settings} readOnly={false} />
          )}
          {tab === 'email-templates' && <EmailTemplateSettings readOnly={!isAdmin} />}
          {tab === 'gateways' && (isAdmin ? <GatewaySettingsForm readOnly={false} /> : <AdminOnly />)}
          {tab === 'gateways' && isAdmin && settings && <PaymentReceiptsForm settings={settings} />}
          {tab === 'webhooks' && (isAdmin ? <WebhookSettings /> : <AdminOnly />)}
          {tab === 'audit' && (isAdmin ? <AuditLogSettings /> : <AdminOnly />)}
          {tab === 'reminders' && <ReminderSettingsForm readOnly={!isAdmin} />}
          {!current && <ErrorBox error="There is no such settings section." />}
        </div>
      </div>
    </section>
  );
}
