/**
 * The body that invoices, quotes and credit notes share (party, currency, issue date, charges, notes, terms), as a
 * draft of typed text. What differs per kind (dates, links, status, actions) stays in each kind's page.
 */
import { api } from '../api.ts';
import type { Client, Page, Settings, TaxRate } from '../types.ts';
import { type ChargesDraft, chargesOf, chargesPayload, newCharges, taxOf } from './charges.ts';

export interface DocumentBody extends ChargesDraft {
  clientId: string;
  projectId: string;
  currency: string;
  issueDate: string;
  notes: string;
  terms: string;
}

/** What a saved document shows of its body, as the API returns it (an invoice, a quote, a credit note). */
export type SavedDocumentBody = Parameters<typeof chargesOf>[0] & {
  client: { id: string };
  project: { id: string } | null;
  currency: string;
  issueDate: string;
  notes: string;
  terms: string;
};

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

/** A new document's body: the preset client (from a link) if any, today, the organisation's taxes, notes, terms. */
export function newDocumentBody(input: {
  settings: Settings;
  clients: Client[];
  taxRates: TaxRate[];
  presetClientId?: string;
}): DocumentBody {
  const { settings } = input;
  const client = input.clients.find((c) => c.id === input.presetClientId);
  const defaults = input.taxRates.filter(
    (rate) => !rate.archived && settings.defaultTaxRateIds.includes(rate.id),
  );
  return {
    clientId: client?.id ?? '',
    projectId: '',
    currency: client?.currency ?? settings.defaultCurrency,
    issueDate: todayLocal(),
    ...newCharges(defaults.map(taxOf)),
    notes: settings.defaultNotes,
    terms: settings.defaultTerms,
  };
}

export function documentBodyOf(saved: SavedDocumentBody): DocumentBody {
  return {
    clientId: saved.client.id,
    projectId: saved.project?.id ?? '',
    currency: saved.currency,
    issueDate: saved.issueDate,
    ...chargesOf(saved),
    notes: saved.notes,
    terms: saved.terms,
  };
}

/**
 * The shared part of a create or update request. Client and currency are left out once the party is locked (an
 * issued document keeps them).
 */
export function documentBodyPayload(body: DocumentBody, { partyLocked }: { partyLocked: boolean }) {
  return {
    ...(partyLocked ? {} : { clientId: body.clientId, currency: body.currency }),
    projectId: body.projectId || null,
    issueDate: body.issueDate,
    ...chargesPayload(body),
    notes: body.notes,
    terms: body.terms,
  };
}

export type DocumentBodyPayload = ReturnType<typeof documentBodyPayload>;
