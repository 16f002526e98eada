import { api } from '../api.ts';
import { useAsync } from '../components/ui.tsx';
import { Link } from '../router.tsx';
import { useSession } from './session.tsx';
import { suggestedTimeZone } from './settings/first-setup.ts';

type SetupStep =
  | 'business_details'
  | 'logo'
  | 'tax_rates'
  | 'payment_details'
  | 'smtp'
  | 'first_client'
  | 'first_invoice';

/** GET /api/v1/dashboard/setup: which first-run steps the data shows as done. */
interface SetupChecklistState {
  complete: boolean;
  steps: { id: SetupStep; done: boolean }[];
}

const STEPS: Record<SetupStep, { label: string; hint: string; href: string; action: string }> = {
  business_details: {
    label: 'Business details',
    hint: 'Your business name, email and address, as they appear on invoices.',
    href: '/app/settings/business',
    action: 'Add business details',
  },
  logo: {
    label: 'Logo',
    hint: 'Shown on invoices, emails and the client portal.',
    href: '/app/settings/business',
    action: 'Upload a logo',
  },
  tax_rates: {
    label: 'Tax rates',
    hint: 'The rates you charge, to pick on invoice lines.',
    href: '/app/settings/taxes',
    action: 'Add a tax rate',
  },
  payment_details: {
    label: 'Getting paid',
    hint: 'Connect a payment gateway, or write your bank details in the payment instructions.',
    href: '/app/settings/gateways',
    action: 'Set up payments',
  },
  smtp: {
    label: 'Email (SMTP)',
    hint: 'The mail server invoices and reminders are sent through.',
    href: '/app/settings/email',
    action: 'Set up email',
  },
  first_client: {
    label: 'First client',
    hint: 'Who you bill, with the contacts who receive invoices.',
    href: '/app/clients/new',
    action: 'Add a client',
  },
  first_invoice: {
    label: 'First invoice',
    hint: 'Write an invoice and send it, or mark it as sent.',
    href: '/app/invoices/new',
    action: 'Create an invoice',
  },
};

/** The first-run checklist; it is gone once every step is done (or while it cannot be read). */
export function SetupChecklist() {
  const { data } = useAsync(() => api.get<SetupChecklistState>('/dashboard/setup'), []);
  const { settings } = useSession();
  if (!data || data.complete) return null;
  const timeZone = settings ? suggestedTimeZone(settings) : null;
  const done = data.steps.filter((step) => step.done).length;
  return (
    <section className="card setup-checklist" aria-labelledby="setup-checklist-title">
      <div className="card-head">
        <h2 id="setup-checklist-title">Get set up</h2>
        <span className="muted small">
          {done} of {data.steps.length} done
        </span>
      </div>
      <ul>
        {data.steps.map((step) => {
          const words = STEPS[step.id];
          return (
            <li key={step.id} data-step={step.id} data-done={step.done}>
              <span className="setup-mark" aria-hidden="true">
                {step.done ? '✓' : ''}
              </span>
              <span>
                <strong>{words.label}</strong>
                <span className="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
                <br />
                <span className="muted small">
                  {words.hint}
                  {step.id === 'business_details' && timeZone && (
                    <> The time zone is filled in from this browser: {timeZone}.</>
                  )}
                  {step.id === 'payment_details' && (
                    <>
                      {' '}
                      <Link href="/app/settings/business">Payment instructions</Link>.
                    </>
                  )}
                </span>
              </span>
              {!step.done && (
                <Link className="button button-secondary button-small" href={words.href}>
                  {words.action}
                </Link>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
