import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { currencyExponent, formatMinor, parseMoney } from '../../../src/domain/currency.ts';
import { dueDateFor, parsePaymentTerms } from '../../../src/domain/dates.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { computeTotals, type InvoiceTotals, type TaxInput } from '../../../src/domain/totals.ts';
import { ApiError, api, query } from '../api.ts';
import { Button, ErrorBox, Field, Loading, useAsync, useToast } from '../components/ui.tsx';
import { date, money } from '../format.ts';
import { Link, navigate, useLocation, usePageTitle } from '../router.tsx';
import type { AppliedTax, Client, Invoice, Page, Project, Settings, TaxRate } from '../types.ts';
import { useSession } from './session.tsx';

type DiscountKind = '' | 'percent' | 'fixed';

interface LineDraft {
  key: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountKind: DiscountKind;
  discountValue: string;
  taxes: AppliedTax[];
}

interface Draft {
  clientId: string;
  projectId: string;
  currency: string;
  issueDate: string;
  paymentTerms: string;
  dueDate: string;
  lines: LineDraft[];
  discountKind: DiscountKind;
  discountValue: string;
  taxes: AppliedTax[];
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

let lineKey = 0;
const nextKey = () => `line-${++lineKey}`;
const blankLine = (): LineDraft => ({
  key: nextKey(),
  description: '',
  quantity: '1',
  unitPrice: '',
  discountKind: '',
  discountValue: '',
  taxes: [],
});

function todayLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const taxOf = (rate: TaxRate): AppliedTax => ({
  taxRateId: rate.id,
  name: rate.name,
  rate: rate.rate,
  inclusive: rate.inclusive,
  compound: rate.compound,
});

const taxInput = (tax: AppliedTax): TaxInput => ({
  name: tax.name,
  rate: tax.rate,
  inclusive: tax.inclusive,
  compound: tax.compound,
});

/** What the API takes for a tax: a reference to a saved rate, or the rate itself when it was typed in. */
const taxReference = (tax: AppliedTax) =>
  tax.taxRateId
    ? { taxRateId: tax.taxRateId }
    : { name: tax.name, rate: tax.rate, inclusive: tax.inclusive, compound: tax.compound };

function draftOf(invoice: Invoice): Draft {
  return {
    clientId: invoice.client.id,
    projectId: invoice.project?.id ?? '',
    currency: invoice.currency,
    issueDate: invoice.issueDate,
    paymentTerms: invoice.paymentTerms,
    dueDate: invoice.dueDate,
    lines: invoice.lines.map((line) => ({
      key: nextKey(),
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discountKind: line.discount?.kind ?? '',
      discountValue: line.discount?.value ?? '',
      taxes: line.taxes,
    })),
    discountKind: invoice.discount?.kind ?? '',
    discountValue: invoice.discount?.value ?? '',
    taxes: invoice.taxes,
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
      lines: [blankLine()],
      discountKind: '',
      discountValue: '',
      taxes: activeRates.filter((rate) => settings.defaultTaxRateIds.includes(rate.id)).map(taxOf),
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
  const updateLine = (index: number, patch: Partial<LineDraft>) =>
    setDraft((d) => ({
      ...d,
      lines: d.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)),
    }));
  const moveLine = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const lines = [...d.lines];
      const [moved] = lines.splice(index, 1);
      lines.splice(index + by, 0, moved!);
      return { ...d, lines };
    });

  // Live totals from the same engine the server uses; a field the engine refuses is reported next to its input.
  const live = useMemo((): { totals?: InvoiceTotals; error?: DomainError } => {
    try {
      const paid = invoice
        ? parseMoney(invoice.totals.amountPaid, currencyExponent(invoice.currency), 'amountPaid')
        : 0n;
      const totals = computeTotals({
        currency: draft.currency,
        lines: draft.lines.map((line) => ({
          quantity: line.quantity.trim() || '0',
          unitPrice: line.unitPrice.trim() || '0',
          discount:
            line.discountKind && line.discountValue.trim()
              ? { kind: line.discountKind, value: line.discountValue.trim() }
              : null,
          taxes: line.taxes.map(taxInput),
        })),
        discount:
          draft.discountKind && draft.discountValue.trim()
            ? { kind: draft.discountKind, value: draft.discountValue.trim() }
            : null,
        taxes: draft.taxes.map(taxInput),
        amountPaid: paid,
        settings: {
          taxRounding: invoice?.taxRounding ?? settings.taxRounding,
          invoiceDiscountMode: invoice?.invoiceDiscountMode ?? settings.invoiceDiscountMode,
        },
      });
      return { totals };
    } catch (error) {
      if (error instanceof DomainError) return { error };
      return { error: new DomainError('validation', (error as Error).message, 'body') };
    }
  }, [draft, invoice, settings]);

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
      lines: draft.lines.map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        discount: line.discountKind ? { kind: line.discountKind, value: line.discountValue } : null,
        taxes: line.taxes.map(taxReference),
      })),
      discount: draft.discountKind ? { kind: draft.discountKind, value: draft.discountValue } : null,
      taxes: draft.taxes.map(taxReference),
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

  const placed = new Set<string>();
  const track = (field: string) => {
    placed.add(field);
    return fieldError(field);
  };
  const ratesForSelect = (current: AppliedTax[]) => {
    const custom = current.filter(
      (tax) => !tax.taxRateId || !activeRates.some((rate) => rate.id === tax.taxRateId),
    );
    return { custom };
  };

  const totals = live.totals;
  const exponent = totals?.exponent ?? 2;
  const show = (minor: bigint) => money(formatMinor(minor, exponent), draft.currency);

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

      <div className="card">
        <h2 id="lines-heading">Line items</h2>
        {track('lines') && <p className="field-error">{fieldError('lines')}</p>}
        <ol className="lines" aria-labelledby="lines-heading">
          {draft.lines.map((line, index) => {
            const n = index + 1;
            const lineTotals = totals?.lines[index];
            const { custom } = ratesForSelect(line.taxes);
            const selected =
              line.taxes.length === 1 && line.taxes[0]!.taxRateId ? line.taxes[0]!.taxRateId : '';
            return (
              <li key={line.key} className="line">
                <div className="line-main">
                  <Field
                    label={`Line ${n} description`}
                    error={track(`lines.${index}.description`)}
                    className="line-description"
                  >
                    {(props) => (
                      <textarea
                        {...props}
                        rows={2}
                        value={line.description}
                        placeholder="What you are billing for"
                        onChange={(event) => updateLine(index, { description: event.target.value })}
                      />
                    )}
                  </Field>
                  <Field label="Quantity" error={track(`lines.${index}.quantity`)} className="line-qty">
                    {(props) => (
                      <input
                        {...props}
                        inputMode="decimal"
                        value={line.quantity}
                        aria-label={`Line ${n} quantity`}
                        onChange={(event) => updateLine(index, { quantity: event.target.value })}
                      />
                    )}
                  </Field>
                  <Field label="Unit price" error={track(`lines.${index}.unitPrice`)} className="line-price">
                    {(props) => (
                      <input
                        {...props}
                        inputMode="decimal"
                        value={line.unitPrice}
                        placeholder="0.00"
                        aria-label={`Line ${n} unit price`}
                        onChange={(event) => updateLine(index, { unitPrice: event.target.value })}
                      />
                    )}
                  </Field>
                  <div className="line-amount">
                    <span className="label">Amount</span>
                    <output aria-label={`Line ${n} amount`}>
                      {lineTotals ? show(lineTotals.amount) : '—'}
                    </output>
                  </div>
                </div>
                <div className="line-extra">
                  <Field
                    label="Discount"
                    error={track(`lines.${index}.discount.kind`)}
                    className="line-discount-kind"
                  >
                    {(props) => (
                      <select
                        {...props}
                        aria-label={`Line ${n} discount`}
                        value={line.discountKind}
                        onChange={(event) =>
                          updateLine(index, { discountKind: event.target.value as DiscountKind })
                        }
                      >
                        <option value="">None</option>
                        <option value="percent">Percent</option>
                        <option value="fixed">Amount</option>
                      </select>
                    )}
                  </Field>
                  {line.discountKind && (
                    <Field
                      label={line.discountKind === 'percent' ? 'Discount %' : 'Discount amount'}
                      error={track(`lines.${index}.discount.value`) ?? track(`lines.${index}.discount`)}
                      className="line-discount-value"
                    >
                      {(props) => (
                        <input
                          {...props}
                          inputMode="decimal"
                          aria-label={`Line ${n} discount value`}
                          value={line.discountValue}
                          onChange={(event) => updateLine(index, { discountValue: event.target.value })}
                        />
                      )}
                    </Field>
                  )}
                  <Field label="Tax" error={track(`lines.${index}.taxes`)} className="line-tax">
                    {(props) => (
                      <select
                        {...props}
                        aria-label={`Line ${n} tax`}
                        value={custom.length ? 'custom' : selected}
                        onChange={(event) => {
                          const rate = activeRates.find((r) => r.id === event.target.value);
                          updateLine(index, { taxes: rate ? [taxOf(rate)] : [] });
                        }}
                      >
                        <option value="">No line tax</option>
                        {activeRates.map((rate) => (
                          <option key={rate.id} value={rate.id}>
                            {rate.name} {rate.rate}%{rate.inclusive ? ' incl.' : ''}
                          </option>
                        ))}
                        {custom.length > 0 && (
                          <option value="custom">
                            {line.taxes.map((t) => `${t.name} ${t.rate}%`).join(', ')}
                          </option>
                        )}
                      </select>
                    )}
                  </Field>
                  <div className="line-tools">
                    <Button
                      small
                      variant="ghost"
                      disabled={index === 0}
                      onClick={() => moveLine(index, -1)}
                      aria-label={`Move line ${n} up`}
                    >
                      ↑
                    </Button>
                    <Button
                      small
                      variant="ghost"
                      disabled={index === draft.lines.length - 1}
                      onClick={() => moveLine(index, 1)}
                      aria-label={`Move line ${n} down`}
                    >
                      ↓
                    </Button>
                    <Button
                      small
                      variant="ghost"
                      className="danger-text"
                      onClick={() => update({ lines: draft.lines.filter((_, i) => i !== index) })}
                      aria-label={`Remove line ${n}`}
                    >
                      Remove
                    </Button>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
        {draft.lines.length === 0 && <p className="muted">No lines yet: add what you are billing for.</p>}
        <Button onClick={() => update({ lines: [...draft.lines, blankLine()] })}>+ Add line</Button>
      </div>

      <div className="editor-bottom">
        <div className="card form">
          <h2>Discount and taxes</h2>
          <div className="grid-2">
            <Field label="Invoice discount" error={track('discount.kind')}>
              {(props) => (
                <select
                  {...props}
                  value={draft.discountKind}
                  onChange={(event) => update({ discountKind: event.target.value as DiscountKind })}
                >
                  <option value="">None</option>
                  <option value="percent">Percent</option>
                  <option value="fixed">Amount</option>
                </select>
              )}
            </Field>
            {draft.discountKind && (
              <Field
                label={draft.discountKind === 'percent' ? 'Discount %' : `Discount (${draft.currency})`}
                error={track('discount.value') ?? track('discount')}
              >
                {(props) => (
                  <input
                    {...props}
                    inputMode="decimal"
                    value={draft.discountValue}
                    onChange={(event) => update({ discountValue: event.target.value })}
                  />
                )}
              </Field>
            )}
          </div>
          <fieldset className="checks">
            <legend>Taxes on every line</legend>
            {activeRates.length === 0 && (
              <p className="muted small">
                No tax rates yet. <Link href="/app/settings/taxes">Add them in settings</Link>.
              </p>
            )}
            {activeRates.map((rate) => {
              const checked = draft.taxes.some((tax) => tax.taxRateId === rate.id);
              return (
                <label key={rate.id} className="checkbox">
                  <input
                    type="checkbox"
                    checked={checked}
                    onChange={() =>
                      update({
                        taxes: checked
                          ? draft.taxes.filter((tax) => tax.taxRateId !== rate.id)
                          : [...draft.taxes, taxOf(rate)],
                      })
                    }
                  />
                  {rate.name} ({rate.rate}%{rate.inclusive ? ', included in prices' : ''}
                  {rate.compound ? ', compound' : ''})
                </label>
              );
            })}
            {draft.taxes
              .filter((tax) => !activeRates.some((rate) => rate.id === tax.taxRateId))
              .map((tax) => (
                <label key={`${tax.name}-${tax.rate}`} className="checkbox">
                  <input
                    type="checkbox"
                    checked
                    onChange={() => update({ taxes: draft.taxes.filter((other) => other !== tax) })}
                  />
                  {tax.name} ({tax.rate}%)
                </label>
              ))}
            {track('taxes') && <p className="field-error">{fieldError('taxes')}</p>}
          </fieldset>
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
        <aside className="card totals" aria-labelledby="totals-heading">
          <h2 id="totals-heading">Totals</h2>
          <div aria-live="polite">
            {totals ? (
              <TotalsTable totals={totals} show={show} />
            ) : (
              <p className="field-error" role="status">
                Totals will show once the figures are valid: {live.error?.message}
              </p>
            )}
          </div>
        </aside>
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

export function TotalsTable({ totals, show }: { totals: InvoiceTotals; show: (minor: bigint) => string }) {
  return (
    <dl className="totals-list">
      <div>
        <dt>Subtotal</dt>
        <dd data-testid="total-subtotal">{show(totals.subtotal)}</dd>
      </div>
      {totals.discountTotal !== 0n && (
        <div>
          <dt>Discounts</dt>
          <dd data-testid="total-discount">−{show(totals.discountTotal)}</dd>
        </div>
      )}
      {totals.taxes.map((tax) => (
        <div key={`${tax.name}|${tax.rate}|${tax.inclusive}|${tax.compound}`}>
          <dt>
            {tax.name} {tax.rate}%{tax.inclusive ? ' (included)' : ''}
          </dt>
          <dd>{show(tax.amount)}</dd>
        </div>
      ))}
      <div className="grand">
        <dt>Total</dt>
        <dd data-testid="total-total">{show(totals.total)}</dd>
      </div>
      {totals.amountPaid !== 0n && (
        <>
          <div>
            <dt>Paid</dt>
            <dd>−{show(totals.amountPaid)}</dd>
          </div>
          <div className="grand">
            <dt>Balance due</dt>
            <dd>{show(totals.balanceDue)}</dd>
          </div>
        </>
      )}
    </dl>
  );
}

function UnplacedErrors({ error, placed }: { error: ApiError | Error; placed: Set<string> }) {
  const rest = error instanceof ApiError ? error.errors.filter((e) => !placed.has(e.field)) : [];
  if (error instanceof ApiError && error.errors.length > 0 && rest.length === 0) {
    return (
      <p className="alert alert-error" role="alert" tabIndex={-1}>
        Please correct the highlighted fields.
      </p>
    );
  }
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1}>
      <p>{error.message}</p>
      {rest.length > 0 && (
        <ul>
          {rest.map((e) => (
            <li key={e.field}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
