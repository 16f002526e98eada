import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { ClientsTable } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import { languageOfLocale } from '../../domain/language.ts';
import { clientColumns } from '../clients/client-input.ts';
import type { ActionContext, ServiceDeps } from '../context.ts';
import { loadClientKeys } from './client-matching.ts';
import type { ImportRow, RowProblems } from './import-file.ts';
import { type ImportRequest, insertInChunks, type PlanImport, runImport } from './run-import.ts';

/** Where the client input's field names point in the file. */
const INPUT_FIELD: Record<string, string> = {
  currency: 'currency',
  vatId: 'vatId',
  language: 'language',
  'address.countryCode': 'country',
};

function contactName(row: ImportRow): string {
  const full = [row.get('contactFirstName'), row.get('contactLastName')].filter(Boolean).join(' ');
  return full || row.get('contactName');
}

/** The columns of one client row, or undefined (and problems recorded) when a value is refused. */
function clientRow(row: ImportRow, problems: RowProblems, now: Date) {
  const name = row.get('name');
  if (!name) {
    problems.add(row, 'name', 'A client needs a name');
    return undefined;
  }
  try {
    const columns = clientColumns({
      name,
      company: row.get('company'),
      email: row.get('email'),
      phone: row.get('phone'),
      currency: row.get('currency') ? row.get('currency').toUpperCase() : null,
      taxId: row.get('taxId'),
      vatId: row.get('vatId'),
      // "de" or a locale such as "de-AT"; anything else is refused with the supported list.
      language: row.get('language') ? (languageOfLocale(row.get('language')) ?? row.get('language')) : null,
      notes: row.get('notes'),
      address: {
        line1: row.get('addressLine1'),
        line2: row.get('addressLine2'),
        city: row.get('city'),
        region: row.get('region'),
        postalCode: row.get('postalCode'),
        country: row.get('country'),
      },
    });
    return {
      ...columns,
      id: randomUUID(),
      name,
      created_at: now,
      updated_at: now,
    } as Insertable<ClientsTable> & {
      id: string;
    };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problems.add(row, INPUT_FIELD[error.field ?? ''] ?? null, error.message);
    return undefined;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Clients, one a row, with a contact when the row names one. A row whose email (or, without an email, whose name)
 * is already a client's, or another row's, is refused: importing the same file twice must not double the clients.
 */
export const planClients: PlanImport = async (trx, file, problems, now) => {
  const existing = await loadClientKeys(trx);
  const seen = new Map<string, number>();
  const clients: (Insertable<ClientsTable> & { id: string })[] = [];
  const contacts: { client_id: string; name: string; email: string; phone: string; position: number }[] = [];
  for (const row of file.rows) {
    const email = row.get('email');
    if (email && !EMAIL.test(email)) problems.add(row, 'email', `"${email}" is not an email address`);
    const key = email ? `email:${email.toLowerCase()}` : `name:${row.get('name').toLowerCase()}`;
    const keyField = email ? 'email' : 'name';
    const what = email ? `the email ${email}` : `the name "${row.get('name')}"`;
    if (email || row.get('name')) {
      if (existing.has(key)) problems.add(row, keyField, `A client with ${what} already exists`);
      else if (seen.has(key))
        problems.add(row, keyField, `Line ${seen.get(key)} already has a client with ${what}`);
      else seen.set(key, row.line);
    }
    const client = clientRow(row, problems, now);
    if (!client) continue;
    clients.push(client);
    const contact = contactName(row);
    if (contact) {
      contacts.push({ client_id: client.id, name: contact, email, phone: row.get('phone'), position: 0 });
    }
  }
  return {
    created: { clients: clients.length, contacts: contacts.length },
    async write(trx) {
      await insertInChunks(clients, (chunk) => trx.insertInto('clients').values(chunk).execute());
      await insertInChunks(contacts, (chunk) => trx.insertInto('contacts').values(chunk).execute());
    },
  };
};

export function importClients(deps: ServiceDeps, context: ActionContext, request: ImportRequest) {
  return runImport(deps, context, 'clients', request, planClients);
}
