import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { currencyExponent, parseMoney } from '../../../src/domain/currency.ts';
import { dueDateFor, parsePaymentTerms } from '../../../src/domain/dates.ts';
import { ApiError, api, query } from '../api.ts';
import {
  type ChargesChange,
  type ChargesDraft,
  chargesFields,
  chargesOf,
  chargesPayload,
  liveTotals,
  newCharges,
  taxOf,
} from '../components/charges.ts';
import { DiscountAndTaxesFields } from '../components/DiscountAndTaxesFields.tsx';
import { LineItemsEditor } from '../components/LineItemsEditor.tsx';
import { TotalsCard } from '../components/TotalsCard.tsx';
import { UnplacedErrors } from '../components/UnplacedErrors.tsx';
import { Button, ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { date } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { Client, Invoice, Page, Project, Settings, TaxRate } from '../types.ts';
import { useSession } from './session.tsx';

interface Draft extends ChargesDraft {
  clientId: string;
  projectId: string;
  currency: string;
  issueDate: string;
  paymentTerms: string;
  dueDate: string;
  notes: string;
  terms: string;
  revisionNote: string;
}

const TERMS = [
  ['due_on_receipt', 'Due on receipt'],
  ['net_7', 'Net 7'],
  ['net_15', 'Net 15'],
  ['net_30', 'Net 30'],
  ['net_45', 'Net 45'],
  ['net_60', 'Net 60'],
  ['fixed_date', 'Fixed date'],
] as const;

function todayLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function draftOf(invoice: Invoice): Draft {
  return {
    clientId: invoice.client.id,
    projectId: invoice.project?.id ?? '',
    currency: invoice.currency,
    issueDate: invoice.issueDate,
    paymentTerms: invoice.paymentTerms,
    dueDate: invoice.dueDate,
    ...chargesOf(invoice),
    notes: invoice.notes,
    terms: invoice.terms,
    revisionNote: '',
  };
}

interface EditorData {
  invoice: Invoice | null;
  clients: Client[];
  taxRates: TaxRate[];
}

export function InvoiceEditorPage({ id }: { id?: string }) {
  const { settings } = useSession();
  const { search } = useLocation();
  const loaded = useAsync(async (): Promise<EditorData> => {
    const [invoice, clients, taxRates] = await Promise.all([
      id ? api.get<Invoice>(`/invoices/${id}`) : Promise.resolve(null),
      api.get<Page<Client>>('/clients?limit=100'),
      api.get<{ items: TaxRate[] }>('/tax-rates'),
    ]);
    return { invoice, clients: clients.items, taxRates: taxRates.items };
  }, [id]);
  usePageTitle(id ? 'Edit invoice' : 'New invoice');

  if (loaded.error) return <ErrorBox error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || !settings) return <Loading what="Preparing the editor" />;
  return <Editor data={loaded.data} settings={settings} presetClientId={search.get('clientId') ?? ''} />;
}

function Editor({
  data,
  settings,
  presetClientId,
}: {
  data: EditorData;
  settings: Settings;
  presetClientId: string;
}) {
  const toast = useToast();
  const { invoice, clients, taxRates } = data;
  const activeRates = taxRates.filter((rate) => !rate.archived);
  const issued = invoice !== null && invoice.status !== 'draft';
  const [draft, setDraft] = useState<Draft>(() => {
    if (invoice) return draftOf(invoice);
    const client = clients.find((c) => c.id === presetClientId);
    return {
      clientId: client?.id ?? '',
      projectId: '',
      currency: client?.currency ?? settings.defaultCurrency,
      issueDate: todayLocal(),
      paymentTerms: settings.defaultPaymentTerms || 'net_30',
      dueDate: '',
      ...newCharges(activeRates.filter((rate) => settings.defaultTaxRateIds.includes(rate.id)).map(taxOf)),
      notes: settings.defaultNotes,
      terms: settings.defaultTerms,
      revisionNote: '',
    };
  });
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const [sendUpdated, setSendUpdated] = useState(false);

  const projects = useAsync(
    () =>
      draft.clientId
        ? api.get<Page<Project>>(`/projects${query({ clientId: draft.clientId, limit: 100 })}`)
        : Promise.resolve({ items: [], nextCursor: null }),
    [draft.clientId],
  );

  const update = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const changeCharges = (change: ChargesChange) => setDraft((d) => ({ ...d, ...change(d) }));

  // Live totals from the same engine the server uses; a field the engine refuses is reported next to its input.
  const live = useMemo(
    () =>
      liveTotals({
        currency: draft.currency,
        charges: draft,
        amountPaid: invoice
          ? parseMoney(invoice.totals.amountPaid, currencyExponent(invoice.currency), 'amountPaid')
          : 0n,
        settings: {
          taxRounding: invoice?.taxRounding ?? settings.taxRounding,
          invoiceDiscountMode: invoice?.invoiceDiscountMode ?? settings.invoiceDiscountMode,
        },
      }),
    [draft, invoice, settings],
  );

  const dueDatePreview = useMemo(() => {
    try {
      return dueDateFor(draft.issueDate, parsePaymentTerms(draft.paymentTerms), draft.dueDate || null);
    } catch {
      return null;
    }
  }, [draft.issueDate, draft.paymentTerms, draft.dueDate]);

  const fieldError = (field: string): string | undefined => {
    if (serverError instanceof ApiError) {
      const message = serverError.fieldMessage(field);
      if (message) return message;
    }
    return live.error?.field === field ? live.error.message : undefined;
  };

  useEffect(() => {
    if (serverError) document.querySelector<HTMLElement>('[aria-invalid="true"], .alert-error')?.focus();
  }, [serverError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setServerError(null);
    const body = {
      ...(invoice ? {} : { clientId: draft.clientId }),
      ...(invoice && !issued ? { clientId: draft.clientId } : {}),
      projectId: draft.projectId || null,
      ...(issued ? {} : { currency: draft.currency }),
      issueDate: draft.issueDate,
      paymentTerms: draft.paymentTerms,
      dueDate: draft.paymentTerms === 'fixed_date' ? draft.dueDate || null : null,
      ...chargesPayload(draft),
      notes: draft.notes,
      terms: draft.terms,
      ...(issued ? { revisionNote: draft.revisionNote || undefined, sendUpdated } : {}),
    };
    try {
      const saved = invoice
        ? await api.patch<Invoice>(`/invoices/${invoice.id}`, body)
        : await api.post<Invoice>('/invoices', body);
      toast(invoice ? 'Invoice saved' : 'Draft invoice saved');
      navigate(`/app/invoices/${saved.id}`);
    } catch (error) {
      setServerError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  // The fields shown next to an input; the server's errors on any other are listed below the form.
  const placed = new Set<string>(chargesFields(draft));
  const track = (field: string) => {
    placed.add(field);
    return fieldError(field);
  };

  const form = (
    <form className="editor" onSubmit={save} noValidate>
      <div className="card form">
        <h2>Bill to</h2>
        <div className="grid-3">
          <Field label="Client" error={track('clientId')}>
            {(props) => (
              <select
                {...props}
                value={draft.clientId}
                disabled={issued}
                onChange={(event) => {
                  const client = clients.find((c) => c.id === event.target.value);
                  update({
                    clientId: event.target.value,
                    projectId: '',
                    currency: client?.currency ?? settings.defaultCurrency,
                  });
                }}
              >
                <option value="">Choose a client…</option>
                {clients.map((client) => (
                  <option key={client.id} value={client.id}>
                    {client.name}
                    {client.company && client.company !== client.name ? ` (${client.company})` : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Project" hint="Optional" error={track('projectId')}>
            {(props) => (
              <select
                {...props}
                value={draft.projectId}
                onChange={(event) => update({ projectId: event.target.value })}
              >
                <option value="">No project</option>
                {(projects.data?.items ?? [])
                  .filter((project) => !project.archived || project.id === draft.projectId)
                  .map((project) => (
                    <option key={project.id} value={project.id}>
                      {project.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
          <Field label="Currency" error={track('currency')}>
            {(props) => (
              <input
                {...props}
                value={draft.currency}
                maxLength={3}
                disabled={issued}
                autoComplete="off"
                onChange={(event) => update({ currency: event.target.value.toUpperCase() })}
              />
            )}
          </Field>
          <Field label="Issue date" error={track('issueDate')}>
            {(props) => (
              <input
                {...props}
                type="date"
                value={draft.issueDate}
                onChange={(event) => update({ issueDate: event.target.value })}
              />
            )}
          </Field>
          <Field
            label="Payment terms"
            error={track('paymentTerms')}
            hint={
              draft.paymentTerms !== 'fixed_date' && dueDatePreview
                ? `Due ${date(dueDatePreview)}`
                : undefined
            }
          >
            {(props) => (
              <select
                {...props}
                value={draft.paymentTerms}
                onChange={(event) => update({ paymentTerms: event.target.value })}
              >
                {TERMS.map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
                {!TERMS.some(([value]) => value === draft.paymentTerms) && (
                  <option value={draft.paymentTerms}>{draft.paymentTerms}</option>
                )}
              </select>
            )}
          </Field>
          {draft.paymentTerms === 'fixed_date' && (
            <Field label="Due date" error={track('dueDate')}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  value={draft.dueDate}
                  onChange={(event) => update({ dueDate: event.target.value })}
                />
              )}
            </Field>
          )}
        </div>
      </div>

      <LineItemsEditor
        charges={draft}
        onChange={changeCharges}
        rates={activeRates}
        currency={draft.currency}
        totals={live.totals}
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
          {issued && (
            <>
              <Field label="What changed" hint="Kept with the revision history" error={track('revisionNote')}>
                {(props) => (
                  <input
                    {...props}
                    value={draft.revisionNote}
                    onChange={(event) => update({ revisionNote: event.target.value })}
                  />
                )}
              </Field>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={sendUpdated}
                  onChange={(event) => setSendUpdated(event.target.checked)}
                />
                Email the updated invoice to the client
              </label>
            </>
          )}
        </div>
        <TotalsCard live={live} currency={draft.currency} />
      </div>

      {serverError && <UnplacedErrors error={serverError} placed={placed} />}

      <div className="sticky-actions">
        <Link
          className="button button-ghost"
          href={invoice ? `/app/invoices/${invoice.id}` : '/app/invoices'}
        >
          Cancel
        </Link>
        <Button type="submit" variant="primary" busy={busy}>
          {issued ? 'Save revision' : invoice ? 'Save draft' : 'Save draft invoice'}
        </Button>
      </div>
    </form>
  );

  return (
    <section>
      <div className="page-head">
        <div>
          <p className="breadcrumb">
            <Link href="/app/invoices">Invoices</Link>
            {invoice && (
              <>
                {' / '}
                <Link href={`/app/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
              </>
            )}
          </p>
          <h1 tabIndex={-1}>{invoice ? `Edit ${invoice.number ?? 'draft'}` : 'New invoice'}</h1>
        </div>
      </div>
      {issued && (
        <p className="alert alert-info">
          This invoice was already issued. Saving keeps the current version in its revision history and the
          client sees the new one.
        </p>
      )}
      {clients.length === 0 && !invoice ? (
        <p className="alert alert-info">
          You need a client first. <Link href="/app/clients/new">Add a client</Link>.
        </p>
      ) : (
        form
      )}
    </section>
  );
}
