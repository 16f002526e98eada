import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../api.ts';
import { useClientProjects } from '../api-queries.ts';
import { CurrencySelect } from '../components/CurrencySelect.tsx';
import {
  type ChargesChange,
  chargesFields,
  chargesPayload,
  liveFieldError,
  liveTotals,
  newCharges,
  taxOf,
} from '../components/charges.ts';
import { DiscountAndTaxesFields } from '../components/DiscountAndTaxesFields.tsx';
import { LineItemsEditor } from '../components/LineItemsEditor.tsx';
import { TotalsCard } from '../components/TotalsCard.tsx';
import { UnplacedErrors } from '../components/UnplacedErrors.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Client, Page, RecurringProfile, Settings, TaxRate } from '../types.ts';
import { RecurringPreview, type SchedulePreviewRequest } from './RecurringPreview.tsx';
import { profileName } from './RecurringSchedule.tsx';
import { AutoSendRecipients } from './recurring/AutoSendRecipients.tsx';
import {
  ANCHOR_FIELDS,
  draftOf,
  numberErrors,
  type ProfileDraft,
  scheduleOf,
  todayLocal,
} from './recurring/profile-draft.ts';
import { ScheduleFields, shownScheduleFields } from './recurring/ScheduleFields.tsx';
import { useSession } from './session.tsx';

interface EditorData {
  profile: RecurringProfile | null;
  clients: Client[];
  taxRates: TaxRate[];
}

export function RecurringProfileEditorPage({ id }: { id?: string }) {
  const { settings } = useSession();
  const { search } = useLocation();
  const loaded = useAsync(async (): Promise<EditorData> => {
    const [profile, clients, taxRates] = await Promise.all([
      id ? api.get<RecurringProfile>(`/recurring-profiles/${id}`) : Promise.resolve(null),
      api.get<Page<Client>>('/clients?limit=100'),
      api.get<{ items: TaxRate[] }>('/tax-rates'),
    ]);
    return { profile, clients: clients.items, taxRates: taxRates.items };
  }, [id]);
  usePageTitle(id ? 'Edit recurring profile' : 'New recurring profile');

  if (loaded.error) {
    return (
      <section>
        <h1 tabIndex={-1}>{id ? 'Edit recurring profile' : 'New recurring profile'}</h1>
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
        <Link href="/app/recurring">Back to recurring invoices</Link>
      </section>
    );
  }
  if (!loaded.data || !settings) return <Loading what="Preparing the editor" />;
  return (
    <ProfileEditor data={loaded.data} settings={settings} presetClientId={search.get('clientId') ?? ''} />
  );
}

function ProfileEditor({
  data,
  settings,
  presetClientId,
}: {
  data: EditorData;
  settings: Settings;
  presetClientId: string;
}) {
  const toast = useToast();
  const { profile, clients, taxRates } = data;
  const activeRates = taxRates.filter((rate) => !rate.archived);
  const [draft, setDraft] = useState<ProfileDraft>(() => {
    if (profile) return draftOf(profile);
    const client = clients.find((c) => c.id === presetClientId) ?? clients[0];
    // A repeating invoice's terms count from each issue date: a fixed date cannot carry over.
    const defaultTerms =
      settings.defaultPaymentTerms !== 'fixed_date' ? settings.defaultPaymentTerms : 'net_30';
    return {
      name: '',
      clientId: client?.id ?? '',
      projectId: '',
      currency: client?.currency ?? settings.defaultCurrency,
      frequency: 'monthly',
      interval: '1',
      dayOfMonth: '',
      startDate: todayLocal(),
      endKind: 'never',
      endAfterCount: '',
      endDate: '',
      paymentTerms: defaultTerms,
      autoSend: false,
      ...newCharges(activeRates.filter((rate) => settings.defaultTaxRateIds.includes(rate.id)).map(taxOf)),
      notes: settings.defaultNotes,
      terms: settings.defaultTerms,
    };
  });
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const { projects } = useClientProjects(draft.clientId);
  const projectChoices = projects.filter((project) => !project.archived || project.id === draft.projectId);
  const client = clients.find((c) => c.id === draft.clientId);
  const recipients = (client?.contacts ?? []).filter((contact) => contact.email.trim() !== '');

  const update = (patch: Partial<ProfileDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const changeCharges = (change: ChargesChange) => setDraft((d) => ({ ...d, ...change(d) }));

  // Each invoice's figures from the same engine the server uses, with today's rounding settings.
  const live = useMemo(
    () =>
      liveTotals({
        currency: draft.currency,
        charges: draft,
        settings: { taxRounding: settings.taxRounding, invoiceDiscountMode: settings.invoiceDiscountMode },
      }),
    [draft, settings],
  );

  const localErrors = numberErrors(draft);
  const scheduleReady = Object.keys(localErrors).length === 0 && draft.startDate !== '';
  const schedule = scheduleReady ? scheduleOf(draft) : null;
  // What a save sends of the schedule. Editing, an unchanged frequency or start date is left out: sent, it would
  // restart the schedule from today.
  const scheduleBody = !schedule
    ? null
    : profile
      ? {
          ...Object.fromEntries(
            ANCHOR_FIELDS.filter((field) => schedule[field] !== profile[field]).map((field) => [
              field,
              schedule[field],
            ]),
          ),
          endAfterCount: schedule.endAfterCount,
          endDate: schedule.endDate,
        }
      : schedule;
  // The dates saving would give: a new schedule's from its start, an edited one's as the edit applies them.
  const previewRequest: SchedulePreviewRequest | null = scheduleBody && {
    path: profile ? `/recurring-profiles/${profile.id}/preview` : '/recurring-profiles/preview',
    body: { ...scheduleBody, paymentTerms: draft.paymentTerms },
  };

  const fieldError = (field: string): string | undefined => {
    if (serverError instanceof ApiError) {
      const message = serverError.fieldMessage(field);
      if (message) return message;
    }
    return localErrors[field] ?? previewError?.fieldMessage(field) ?? liveFieldError(live, field);
  };

  useEffect(() => {
    if (serverError) document.querySelector<HTMLElement>('[aria-invalid="true"], .alert-error')?.focus();
  }, [serverError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!scheduleBody) {
      setServerError(new Error('Please correct the highlighted fields.'));
      return;
    }
    setBusy(true);
    setServerError(null);
    try {
      const body = {
        clientId: draft.clientId,
        name: draft.name,
        projectId: draft.projectId || null,
        currency: draft.currency,
        paymentTerms: draft.paymentTerms,
        autoSend: draft.autoSend,
        ...chargesPayload(draft),
        notes: draft.notes,
        terms: draft.terms,
        ...scheduleBody,
      };
      const saved = profile
        ? await api.patch<RecurringProfile>(`/recurring-profiles/${profile.id}`, body)
        : await api.post<RecurringProfile>('/recurring-profiles', body);
      toast(profile ? 'Recurring profile saved' : 'Recurring profile created');
      navigate(`/app/recurring/${saved.id}`);
    } catch (error) {
      setServerError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  // The fields shown next to an input; the server's errors on any other are listed below the form.
  const placed = new Set<string>([...chargesFields(draft), ...shownScheduleFields(draft)]);
  const track = (field: string) => {
    placed.add(field);
    return fieldError(field);
  };

  const form = (
    <form className="editor" onSubmit={save} noValidate>
      <div className="card form">
        <h2>Profile</h2>
        <div className="grid-3">
          <Field label="Profile name" hint="For you, e.g. Monthly retainer" error={track('name')}>
            {(props) => (
              <input
                {...props}
                value={draft.name}
                maxLength={200}
                autoComplete="off"
                onChange={(event) => update({ name: event.target.value })}
              />
            )}
          </Field>
          <Field label="Client" error={track('clientId')}>
            {(props) => (
              <select
                {...props}
                value={draft.clientId}
                onChange={(event) => {
                  const chosen = clients.find((c) => c.id === event.target.value);
                  update({
                    clientId: event.target.value,
                    projectId: '',
                    currency: chosen?.currency ?? settings.defaultCurrency,
                  });
                }}
              >
                <option value="">Choose a client…</option>
                {clients.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.company && c.company !== c.name ? ` (${c.company})` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {(projectChoices.length > 0 || draft.projectId) && (
            <Field label="Project" hint="Optional" error={track('projectId')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.projectId}
                  onChange={(event) => update({ projectId: event.target.value })}
                >
                  <option value="">No project</option>
                  {projectChoices.map((project) => (
                    <option key={project.id} value={project.id}>
                      {project.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Currency" error={track('currency')}>
            {(props) => (
              <CurrencySelect
                {...props}
                locale={settings.locale}
                value={draft.currency}
                onChange={(currency) => update({ currency })}
              />
            )}
          </Field>
        </div>
      </div>

      <div className="recurring-schedule">
        <ScheduleFields draft={draft} profile={profile} update={update} fieldError={fieldError} />
        <RecurringPreview request={previewRequest} onError={setPreviewError} />
      </div>

      <LineItemsEditor
        charges={draft}
        onChange={changeCharges}
        rates={activeRates}
        currency={draft.currency}
        totals={live.totals}
        leftOut={live.leftOut}
        fieldError={fieldError}
      />

      <div className="editor-bottom">
        <div className="card form">
          <h2>Discount and taxes</h2>
          <DiscountAndTaxesFields
            charges={draft}
            onChange={changeCharges}
            rates={activeRates}
            currency={draft.currency}
            fieldError={fieldError}
          />
          <Field label="Notes to the client" error={track('notes')}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={draft.notes}
                onChange={(event) => update({ notes: event.target.value })}
              />
            )}
          </Field>
          <Field label="Terms" error={track('terms')}>
            {(props) => (
              <textarea
                {...props}
                rows={2}
                value={draft.terms}
                onChange={(event) => update({ terms: event.target.value })}
              />
            )}
          </Field>
          <h2>Sending</h2>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.autoSend}
              onChange={(event) => update({ autoSend: event.target.checked })}
            />
            Email each invoice to the client as soon as it is created
          </label>
          {track('autoSend') && <p className="field-error">{fieldError('autoSend')}</p>}
          <AutoSendRecipients autoSend={draft.autoSend} client={client} recipients={recipients} />
        </div>
        <TotalsCard live={live} currency={draft.currency} />
      </div>

      {serverError && <UnplacedErrors error={serverError} placed={placed} />}

      <div className="sticky-actions">
        <Link
          className="button button-ghost"
          href={profile ? `/app/recurring/${profile.id}` : '/app/recurring'}
        >
          Cancel
        </Link>
        <Button type="submit" variant="primary" busy={busy}>
          {profile ? 'Save profile' : 'Create profile'}
        </Button>
      </div>
    </form>
  );

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/recurring">Recurring invoices</Link>
            {profile && (
              <>
                {' / '}
                <Link href={`/app/recurring/${profile.id}`}>{profileName(profile)}</Link>
              </>
            )}
          </p>
          <h1 tabIndex={-1}>{profile ? `Edit ${profileName(profile)}` : 'New recurring profile'}</h1>
        </div>
      </div>
      {profile && (
        <p className="alert alert-info">
          Changes apply to the invoices created from now on; those already created stay as they are.
        </p>
      )}
      {clients.length === 0 && !profile ? (
        <p className="alert alert-info">
          You need a client first. <Link href="/app/clients/new">Add a client</Link>.
        </p>
      ) : (
        form
      )}
    </section>
  );
}
