/**
 * The body that invoices, quotes, credit notes and recurring profiles share (party, currency, issue date, charges,
 * notes, terms), as a draft of typed text. What differs per kind (dates, links, status, actions) stays in each kind's
 * page.
 */
import { api } from '../api.ts';
import type { Client, Page, Settings, TaxRate } from '../types.ts';
import { type ChargesDraft, chargesOf, chargesPayload, newCharges, taxOf } from './charges.ts';

/** The body every kind shares, a recurring profile included (its invoices' issue dates come from its schedule). */
export interface PartyBody extends ChargesDraft {
  clientId: string;
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
  client: { id: string };
  project: { id: string } | null;
  currency: string;
  notes: string;
  terms: string;
};

export type SavedDocumentBody = SavedPartyBody & { issueDate: string };

/** The clients and tax rates an editor offers. */
export interface BodyChoices {
  clients: Client[];
  taxRates: TaxRate[];
}

export async function loadBodyChoices(): Promise<BodyChoices> {
  const [clients, taxRates] = await Promise.all([
    api.get<Page<Client>>('/clients?limit=100'),
    api.get<{ items: TaxRate[] }>('/tax-rates'),
  ]);
  return { clients: clients.items, taxRates: taxRates.items };
}

/** Today in the browser's time zone, as an ISO date. */
export function todayLocal(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

interface NewBodyInput {
  settings: Settings;
  clients: Client[];
  taxRates: TaxRate[];
  presetClientId?: string;
}

/** A new body: the preset client (from a link) if any, the organisation's taxes, notes and terms. */
export function newPartyBody(input: NewBodyInput): PartyBody {
  const { settings } = input;
  const client = input.clients.find((c) => c.id === input.presetClientId);
  const defaults = input.taxRates.filter(
    (rate) => !rate.archived && settings.defaultTaxRateIds.includes(rate.id),
  );
  return {
    clientId: client?.id ?? '',
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
    clientId: saved.client.id,
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
    ...(partyLocked ? {} : { clientId: body.clientId, currency: body.currency }),
    projectId: body.projectId || null,
    ...(body.issueDate === undefined ? {} : { issueDate: body.issueDate }),
    ...chargesPayload(body),
    notes: body.notes,
    terms: body.terms,
  };
}

export type DocumentBodyPayload = ReturnType<typeof documentBodyPayload>;
