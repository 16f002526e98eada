import {
  type Dispatch,
  type FormEvent,
  type ReactNode,
  type SetStateAction,
  useEffect,
  useMemo,
  useState,
} from 'react';
import type { TotalsSettings } from '../../../src/domain/totals.ts';
import { ApiError } from '../api.ts';
import { useClientProjects } from '../api-queries.ts';
import { Link } from '../router.tsx';
import type { Settings } from '../types.ts';
import { ClientPicker } from './ClientPicker.tsx';
import { CurrencySelect } from './CurrencySelect.tsx';
import { type ChargesChange, chargesFields, liveFieldError, liveTotals } from './charges.ts';
import { DiscountAndTaxesFields } from './DiscountAndTaxesFields.tsx';
import {
  type BodyChoices,
  type DocumentBodyPayload,
  documentBodyPayload,
  type EditableBody,
} from './document-body.ts';
import { SaveActions } from './FormParts.tsx';
import { LineItemsEditor } from './LineItemsEditor.tsx';
import { TotalsCard } from './TotalsCard.tsx';
import { UnplacedErrors } from './UnplacedErrors.tsx';
import { Field } from './ui.tsx';

/** The value at a field path (`lines.1.unitPrice`) of a request body. */
function valueAt(payload: unknown, field: string): unknown {
  return field
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      payload,
    );
}

/** Whether a field holds what it held when it was refused (fields outside the shared body always count as unchanged). */
function sameAt(refused: unknown, current: unknown, field: string): boolean {
  return JSON.stringify(valueAt(refused, field)) === JSON.stringify(valueAt(current, field));
}

/** What a kind's own fields get from the editor. */
export interface BodySlotContext {
  body: EditableBody;
  /**
   * The error to show next to a field of the slot: the server's, else the live totals engine's. Call it while
   * rendering for every field the slot shows, so the error is not listed again below the form.
   */
  fieldError: (field: string) => string | undefined;
}

/**
 * The editor of a commercial document's shared body: client, project, currency, issue date (for a body that has
 * one), lines (with the catalogue), document discount and taxes, notes, terms and the live totals. The page of each
 * kind adds its own fields before the client (`leadFields`), its own dates (`dates`, beside the issue date), a card
 * above the lines (`beforeLines`), its own fields under the terms (`extraFields`), and its own part of the request
 * in `onSave`, which receives the shared part. A refused save is shown field by field. A credit note edits less of
 * the body: see `creditedInvoice`.
 */
export function DocumentBodyEditor<B extends EditableBody>({
  body,
  setBody,
  choices,
  settings,
  saved,
  partyLocked = false,
  creditedInvoice,
  partyHeading = 'Bill to',
  amountPaid = 0n,
  ownFieldError,
  leadFields,
  dates,
  beforeLines,
  extraFields,
  onSave,
  cancelHref,
  submitLabel,
}: {
  body: B;
  setBody: Dispatch<SetStateAction<B>>;
  /** Every tax rate (archived ones are offered only where a document already uses them). */
  choices: Pick<BodyChoices, 'taxRates'>;
  /**
   * The organisation's: the currency a client without one of its own is billed in, the language currency names are
   * shown in, and the rounding and discount rules of a new document's totals.
   */
  settings: Pick<Settings, 'defaultCurrency' | 'locale'> & TotalsSettings;
  /** The saved document (null for a new one), whose own rounding and discount rules its totals keep. */
  saved?: TotalsSettings | null;
  /** Client and currency can no longer change (an issued document); they are then left out of the payload. */
  partyLocked?: boolean;
  /**
   * For a credit note, the issued invoice it credits. Its client, project and currency are shown but fixed; the
   * document discount, taxes and terms are the invoice's and not offered; only the date, lines and notes are sent.
   */
  creditedInvoice?: { id: string; number: string | null };
  partyHeading?: string;
  /** Paid so far, in minor units, for the balance in the totals card. */
  amountPaid?: bigint;
  /** The kind's own check of a field (after the server's refusal, before the totals engine's). */
  ownFieldError?: (field: string) => string | undefined;
  leadFields?: (context: BodySlotContext) => ReactNode;
  dates?: (context: BodySlotContext) => ReactNode;
  beforeLines?: (context: BodySlotContext) => ReactNode;
  extraFields?: (context: BodySlotContext) => ReactNode;
  /** Sends the document; a thrown error (an ApiError with field errors, or an Error) is shown on the form. */
  onSave: (shared: DocumentBodyPayload) => Promise<void>;
  cancelHref: string;
  submitLabel: string;
}) {
  const activeRates = choices.taxRates.filter((rate) => !rate.archived);
  const taxRounding = saved?.taxRounding ?? settings.taxRounding;
  const invoiceDiscountMode = saved?.invoiceDiscountMode ?? settings.invoiceDiscountMode;
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  // What was sent when the server refused it: its message on a field stays only while that field is unchanged.
  const [refused, setRefused] = useState<DocumentBodyPayload | null>(null);
  const [busy, setBusy] = useState(false);
  const creditNote = creditedInvoice !== undefined;
  const partyFixed = partyLocked || creditNote;
  const payloadOf = (current: EditableBody) => documentBodyPayload(current, { partyLocked, creditNote });

  const { projects } = useClientProjects(body.client?.id ?? '');
  const update = (patch: Partial<EditableBody>) => setBody((current) => ({ ...current, ...patch }));
  const changeCharges = (change: ChargesChange) => setBody((current) => ({ ...current, ...change(current) }));

  // Live totals from the same engine the server uses; a field the engine refuses is reported next to its input.
  const live = useMemo(
    () =>
      liveTotals({
        currency: body.currency,
        charges: body,
        amountPaid,
        settings: { taxRounding, invoiceDiscountMode },
      }),
    [body, amountPaid, taxRounding, invoiceDiscountMode],
  );

  const fieldError = (field: string): string | undefined => {
    if (serverError instanceof ApiError) {
      const message = serverError.fieldMessage(field);
      if (message && sameAt(refused, payloadOf(body), field)) return message;
    }
    return ownFieldError?.(field) ?? liveFieldError(live, field);
  };

  useEffect(() => {
    if (serverError) document.querySelector<HTMLElement>('[aria-invalid="true"], .alert-error')?.focus();
  }, [serverError]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setServerError(null);
    const sent = payloadOf(body);
    try {
      await onSave(sent);
    } catch (error) {
      setRefused(sent);
      setServerError(error as Error);
    } finally {
      setBusy(false);
    }
  }

  // The fields shown next to an input; the server's errors on any other are listed below the form.
  const placed = new Set<string>(chargesFields(body));
  const track = (field: string) => {
    placed.add(field);
    return fieldError(field);
  };
  const slot: BodySlotContext = { body, fieldError: track };

  return (
    <form className="editor" onSubmit={save} noValidate>
      <div className="card form">
        <h2>{partyHeading}</h2>
        <div className="grid-3">
          {leadFields?.(slot)}
          <Field label="Client" error={track('clientId')}>
            {(props) => (
              <ClientPicker
                id={props.id}
                invalid={props['aria-invalid']}
                describedBy={props['aria-describedby']}
                value={body.client}
                disabled={partyFixed}
                onPick={(client) =>
                  update({
                    client,
                    projectId: '',
                    currency: client.currency ?? settings.defaultCurrency,
                  })
                }
              />
            )}
          </Field>
          <Field label="Project" hint={creditNote ? undefined : 'Optional'} error={track('projectId')}>
            {(props) => (
              <select
                {...props}
                value={body.projectId}
                disabled={creditNote}
                onChange={(event) => update({ projectId: event.target.value })}
              >
                <option value="">No project</option>
                {projects
                  .filter((project) => !project.archived || project.id === body.projectId)
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
              <CurrencySelect
                {...props}
                locale={settings.locale}
                value={body.currency}
                disabled={partyFixed}
                onChange={(currency) => update({ currency })}
              />
            )}
          </Field>
          {body.issueDate !== undefined && (
            <Field label="Issue date" error={track('issueDate')}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  value={body.issueDate}
                  onChange={(event) => update({ issueDate: event.target.value })}
                />
              )}
            </Field>
          )}
          {dates?.(slot)}
        </div>
      </div>

      {beforeLines?.(slot)}

      <LineItemsEditor
        charges={body}
        onChange={changeCharges}
        rates={activeRates}
        currency={body.currency}
        totals={live.totals}
        leftOut={live.leftOut}
        fieldError={fieldError}
      />

      <div className="editor-bottom">
        <div className="card form">
          {creditedInvoice ? (
            <>
              <h2>Notes</h2>
              <p className="muted small">
                The document discount and taxes are those of invoice{' '}
                <Link href={`/app/invoices/${creditedInvoice.id}`}>{creditedInvoice.number}</Link>, which this
                credit note credits.
              </p>
            </>
          ) : (
            <>
              <h2>Discount and taxes</h2>
              <DiscountAndTaxesFields
                charges={body}
                onChange={changeCharges}
                rates={activeRates}
                currency={body.currency}
                fieldError={fieldError}
              />
            </>
          )}
          <Field label="Notes to the client" error={track('notes')}>
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={body.notes}
                onChange={(event) => update({ notes: event.target.value })}
              />
            )}
          </Field>
          {!creditNote && (
            <Field label="Terms" error={track('terms')}>
              {(props) => (
                <textarea
                  {...props}
                  rows={2}
                  value={body.terms}
                  onChange={(event) => update({ terms: event.target.value })}
                />
              )}
            </Field>
          )}
          {extraFields?.(slot)}
        </div>
        <TotalsCard live={live} currency={body.currency} />
      </div>

      {serverError && <UnplacedErrors error={serverError} placed={placed} />}

      <SaveActions sticky busy={busy} submitLabel={submitLabel} cancelHref={cancelHref} />
    </form>
  );
}
