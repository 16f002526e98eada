/**
 * The body that invoices, quotes, credit notes and recurring profiles share (party, currency, issue date, charges,
 * notes, terms), as a draft of typed text. What differs per kind (dates, links, status, actions) stays in each kind's
 * page.
 */
import { api } from '../api.ts';
import type { Client, Page, Settings, TaxRate } from '../types.ts';
import type { ClientChoice } from './ClientPicker.tsx';
import { type ChargesDraft, chargesOf, chargesPayload, newCharges, taxOf } from './charges.ts';

/** The body every kind shares, a recurring profile included (its invoices' issue dates come from its schedule). */
export interface PartyBody extends ChargesDraft {
  /** The chosen client, as the editor shows it (null: none chosen yet). */
  client: ClientChoice | null;
  projectId: string;
  currency: string;
  notes: string;
  terms: string;
}

/** The body of a dated document: an invoice, a quote, a credit note. */
export interface DocumentBody extends PartyBody {
  issueDate: string;
}

/** What the editor edits: a dated document's body, or a recurring profile's, which has no issue date. */
export type EditableBody = PartyBody & { issueDate?: string };

/** What a saved document shows of its body, as the API returns it (an invoice, a quote, a credit note). */
export type SavedPartyBody = Parameters<typeof chargesOf>[0] & {
  client: ClientChoice;
  project: { id: string } | null;
  currency: string;
  notes: string;
  terms: string;
};

export type SavedDocumentBody = SavedPartyBody & { issueDate: string };

/** What an editor starts from besides the document: the tax rates and the clients a new document may start with. */
export interface BodyChoices {
  taxRates: TaxRate[];
  /** The newest active client (null: there is none yet, a new document cannot be written). */
  newestClient: Client | null;
  /** The client a "New …" link from a client's page chose (null: none, or one that cannot be read). */
  presetClient: Client | null;
}

/** The tax rates, the newest client and the preset one; the clients themselves are searched in the client picker. */
export async function loadBodyChoices(presetClientId: string): Promise<BodyChoices> {
  const [taxRates, newest, presetClient] = await Promise.all([
    api.get<{ items: TaxRate[] }>('/tax-rates'),
    api.get<Page<Client>>('/clients?limit=1'),
    presetClientId
      ? api.get<Client>(`/clients/${encodeURIComponent(presetClientId)}`).catch(() => null)
      : Promise.resolve(null),
  ]);
  return { taxRates: taxRates.items, newestClient: newest.items[0] ?? null, presetClient };
}

/** Today in the browser's time zone, as an ISO date. */
export function todayLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface NewBodyInput {
  settings: Settings;
  taxRates: TaxRate[];
  /** The client it starts with, if any (from a link). */
  client: Client | null;
}

/** A new body: the given client if any, the organisation's taxes, notes and terms. */
export function newPartyBody(input: NewBodyInput): PartyBody {
  const { settings, client } = input;
  const defaults = input.taxRates.filter(
    (rate) => !rate.archived && settings.defaultTaxRateIds.includes(rate.id),
  );
  return {
    client,
    projectId: '',
    currency: client?.currency ?? settings.defaultCurrency,
    ...newCharges(defaults.map(taxOf)),
    notes: settings.defaultNotes,
    terms: settings.defaultTerms,
  };
}

/** A new document's body, issued today. */
export function newDocumentBody(input: NewBodyInput): DocumentBody {
  return { ...newPartyBody(input), issueDate: todayLocal() };
}

export function partyBodyOf(saved: SavedPartyBody): PartyBody {
  return {
    client: saved.client,
    projectId: saved.project?.id ?? '',
    currency: saved.currency,
    ...chargesOf(saved),
    notes: saved.notes,
    terms: saved.terms,
  };
}

export function documentBodyOf(saved: SavedDocumentBody): DocumentBody {
  return { ...partyBodyOf(saved), issueDate: saved.issueDate };
}

/**
 * The shared part of a create or update request. Client and currency are left out once the party is locked (an
 * issued document keeps them). A credit note sends only its date, lines and notes: its client, project, currency,
 * terms and document discount and taxes are those of the invoice it credits.
 */
export function documentBodyPayload(
  body: EditableBody,
  { partyLocked, creditNote = false }: { partyLocked: boolean; creditNote?: boolean },
) {
  if (creditNote) return { issueDate: body.issueDate, lines: chargesPayload(body).lines, notes: body.notes };
  return {
    ...(partyLocked ? {} : { clientId: body.client?.id ?? '', currency: body.currency }),
    projectId: body.projectId || null,
    ...(body.issueDate === undefined ? {} : { issueDate: body.issueDate }),
    ...chargesPayload(body),
    notes: body.notes,
    terms: body.terms,
  };
}

export type DocumentBodyPayload = ReturnType<typeof documentBodyPayload>;
