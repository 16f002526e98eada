/**
 * Client isolation, proven for every route of the app.
 *
 * The app reports each route it registers (buildApp's onRoute option). Every route must have a row in MATRIX below,
 * saying who may call it; the test then calls it as every principal against resources of both clients and asserts
 * exactly the allowed outcomes. A route without a row fails the test, naming the route: when you add an endpoint,
 * add its row here (usually one line: 'staff', 'admin', 'public' or 'portal').
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateContact,
  createInvoice,
  createParty,
  makeLink,
  type PortalHarness,
  resetRateLimits,
  startPortalHarness,
} from '../support/portal-harness.ts';

/**
 * - public: the same answer whoever calls (never 5xx).
 * - staff / admin: staff Bearer tokens only (finance gets 403 on admin rows); every portal principal gets 401.
 * - portal: a portal session only; `:id` is an invoice, visible only to contacts of its client (and to a link session
 *   only for the link's invoice); any other invoice answers 404, never 403. Staff credentials get 401.
 * - portalQuote: like portal, with `:id` a quote: visible only to contacts of its client, never as a draft, and
 *   never to a session opened by an invoice link.
 * - portalCreditNote: like portal, with `:id` a credit note: visible only to contacts of its client once issued, and
 *   to an invoice link's session only for the credit notes of that invoice.
 * - portalPayment: like portal, with `:id` a payment: visible only to contacts of its invoice's client (and to a link
 *   session only for the payments of the link's invoice).
 * - portalAccount: the signed-in contact's own client's account (no `:id`): 200 for contacts signed in to the portal,
 *   403 for a session opened by an invoice link (it may see its one document only). Staff credentials get 401.
 * - link: routes taking an invoice link token; checked with valid, expired, revoked and unknown tokens.
 */
type Access =
  | 'public'
  | 'staff'
  | 'admin'
  | 'portal'
  | 'portalQuote'
  | 'portalCreditNote'
  | 'portalPayment'
  | 'portalAccount'
  | 'link';

interface RowSpec {
  access: Access;
  /** Body for writes (default `{}`): chosen so an allowed call is refused by validation, not carried out. */
  body?: unknown;
  /** Exact status every allowed principal gets (default: any non-5xx that is not 401/403; 200 for portal reads). */
  allowed?: number;
  /** Runs after every other row (it ends sessions). */
  last?: boolean;
}

type Row = Access | RowSpec;

const MATRIX: Record<string, Row> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /': 'public',
  'GET /app': 'public',
  'GET /app/*': 'public',
  'GET /portal': 'public',
  'GET /portal/*': 'public',
  'GET /assets/*': 'public',
  'GET /api/docs': 'public',
  'GET /api/docs/*': 'public',
  'GET /api/v1/openapi.json': 'public',
  'POST /api/webhooks/:provider': 'public',

  // Staff API
  'POST /api/v1/auth/login': { access: 'public', body: { email: 'nobody@example.com', password: 'wrong' } },
  'POST /api/v1/auth/logout': 'public',
  'GET /api/v1/auth/me': 'staff',
  'GET /api/v1/auth/csrf': 'staff',
  'GET /api/v1/settings': 'staff',
  'GET /api/v1/dashboard': 'staff',
  'GET /api/v1/dashboard/setup': 'staff',
  'GET /api/v1/reports/aging': 'staff',
  'GET /api/v1/reports/tax': 'staff',
  'GET /api/v1/reports/revenue': 'staff',
  'GET /api/v1/reports/payments': 'staff',
  'PATCH /api/v1/settings': { access: 'admin', body: { businessName: 42 } },
  'PUT /api/v1/settings/logo': 'admin',
  'GET /api/v1/settings/logo': 'staff',
  'DELETE /api/v1/settings/logo': 'admin',
  'GET /api/v1/clients': 'staff',
  'POST /api/v1/clients': 'staff',
  'GET /api/v1/clients/:id': 'staff',
  'PATCH /api/v1/clients/:id': 'staff',
  'DELETE /api/v1/clients/:id': 'staff',
  'GET /api/v1/projects': 'staff',
  'POST /api/v1/projects': 'staff',
  'GET /api/v1/projects/:id': 'staff',
  'PATCH /api/v1/projects/:id': 'staff',
  'DELETE /api/v1/projects/:id': 'staff',
  'GET /api/v1/tax-rates': 'staff',
  'POST /api/v1/tax-rates': 'staff',
  'GET /api/v1/tax-rates/:id': 'staff',
  'PATCH /api/v1/tax-rates/:id': 'staff',
  'GET /api/v1/exports/invoices.csv': 'staff',
  'GET /api/v1/exports/invoice-lines.csv': 'staff',
  'GET /api/v1/exports/quotes.csv': 'staff',
  'GET /api/v1/exports/credit-notes.csv': 'staff',
  'GET /api/v1/exports/clients.csv': 'staff',
  'GET /api/v1/exports/contacts.csv': 'staff',
  'GET /api/v1/exports/items.csv': 'staff',
  'GET /api/v1/exports/payments.csv': 'staff',
  'GET /api/v1/items': 'staff',
  'POST /api/v1/items': 'staff',
  'GET /api/v1/items/:id': 'staff',
  'PATCH /api/v1/items/:id': 'staff',
  'DELETE /api/v1/items/:id': 'staff',
  'GET /api/v1/invoices': 'staff',
  'POST /api/v1/invoices': 'staff',
  'GET /api/v1/invoices/:id': 'staff',
  'PATCH /api/v1/invoices/:id': 'staff',
  'DELETE /api/v1/invoices/:id': 'staff',
  'POST /api/v1/invoices/:id/mark-sent': 'staff',
  'POST /api/v1/invoices/:id/void': 'staff',
  'GET /api/v1/invoices/:id/events': 'staff',
  'POST /api/v1/invoices/:id/send': 'staff',
  'POST /api/v1/invoices/:id/send/preview': 'staff',
  'POST /api/v1/invoices/:id/remind/preview': 'staff',
  'GET /api/v1/email-previews/:id': 'staff',
  'GET /api/v1/settings/email-templates': 'staff',
  'PUT /api/v1/settings/email-templates/:kind/:language': { access: 'admin', body: { subject: '{{nope}}' } },
  'DELETE /api/v1/settings/email-templates/:kind/:language': { access: 'admin', body: null },
  'POST /api/v1/settings/email-templates/:kind/:language/preview': 'admin',
  'POST /api/v1/invoices/bulk-send': 'staff',
  'GET /api/v1/invoices/bulk-send/:id': 'staff',
  'POST /api/v1/invoices/:id/remind': 'staff',
  'GET /api/v1/invoices/:id/emails': 'staff',
  'POST /api/v1/emails/:id/retry': 'staff',
  'POST /api/v1/invoices/:id/portal-link': { access: 'staff', body: { contactId: 'not an id' } },
  'GET /api/v1/settings/smtp': 'admin',
  'PUT /api/v1/settings/smtp': 'admin',
  'DELETE /api/v1/settings/smtp': { access: 'admin', body: null },
  'POST /api/v1/settings/smtp/test': { access: 'admin', body: { to: 'not an address' } },
  'GET /api/v1/settings/reminders': 'staff',
  'PUT /api/v1/settings/reminders': { access: 'admin', body: { enabled: 'maybe' } },
  'GET /api/v1/invoices/:id/pdf': 'staff',
  // The matrix's documents lack e-invoice data: refused with the reasons (422) to staff of either role.
  'GET /api/v1/invoices/:id/e-invoice': { access: 'staff', allowed: 422 },
  'GET /api/v1/invoices/:id/e-invoice/check': 'staff',
  'GET /api/v1/credit-notes/:id/e-invoice': { access: 'staff', allowed: 422 },
  'GET /api/v1/credit-notes/:id/e-invoice/check': 'staff',
  'POST /api/v1/invoices/:id/payments': 'staff',
  'GET /api/v1/invoices/:id/payments': 'staff',
  'DELETE /api/v1/invoices/:id/payments/:paymentId': 'staff',
  'POST /api/v1/invoices/:id/payments/:paymentId/refund': 'staff',
  'POST /api/v1/invoices/:id/payments/:paymentId/gateway-refund': 'staff',
  'POST /api/v1/invoices/:id/payments/:paymentId/review': 'staff',
  'GET /api/v1/payments/in-review': 'staff',
  'GET /api/v1/payments/:id/receipt.pdf': 'staff',
  'POST /api/v1/payments/:id/receipt/send': 'staff',
  'GET /api/v1/webhook-events': 'admin',
  'POST /api/v1/webhook-events/:id/retry': 'admin',
  'GET /api/v1/invoices/:id/revisions': 'staff',
  'GET /api/v1/invoices/:id/revisions/:revision': 'staff',
  'POST /api/v1/invoices/:id/duplicate': 'staff',
  'GET /api/v1/recurring-profiles': 'staff',
  'POST /api/v1/recurring-profiles': 'staff',
  'POST /api/v1/recurring-profiles/preview': 'staff',
  'GET /api/v1/recurring-profiles/:id': 'staff',
  'PATCH /api/v1/recurring-profiles/:id': 'staff',
  'DELETE /api/v1/recurring-profiles/:id': 'staff',
  'POST /api/v1/recurring-profiles/:id/pause': 'staff',
  'POST /api/v1/recurring-profiles/:id/resume': 'staff',
  'POST /api/v1/recurring-profiles/:id/skip': 'staff',
  'GET /api/v1/recurring-profiles/:id/preview': 'staff',
  'POST /api/v1/recurring-profiles/:id/preview': 'staff',
  'GET /api/v1/recurring-profiles/:id/history': 'staff',
  'GET /api/v1/recurring-settings': 'staff',
  'PUT /api/v1/recurring-settings': { access: 'admin', body: { enabled: 'maybe' } },
  'GET /api/v1/users': 'admin',
  'GET /api/v1/audit-log': 'admin',
  'GET /api/v1/imports': 'admin',
  'POST /api/v1/imports/clients/preview': 'admin',
  'POST /api/v1/imports/clients': 'admin',
  'POST /api/v1/imports/items/preview': 'admin',
  'POST /api/v1/imports/items': 'admin',
  'POST /api/v1/imports/invoices/preview': 'admin',
  'POST /api/v1/imports/invoices': 'admin',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/:id': 'admin',
  'GET /api/v1/api-tokens': 'staff',
  'POST /api/v1/api-tokens': { access: 'staff', body: { name: 42 } },
  'DELETE /api/v1/api-tokens/:id': 'staff',
  'GET /api/v1/settings/gateways': 'admin',
  'GET /api/v1/settings/gateways/:provider': 'admin',
  'PUT /api/v1/settings/gateways/:provider': 'admin',
  'POST /api/v1/settings/gateways/:provider/check': 'admin',
  'GET /api/v1/webhook-endpoints': 'admin',
  'POST /api/v1/webhook-endpoints': 'admin',
  'GET /api/v1/webhook-endpoints/:id': 'admin',
  'PATCH /api/v1/webhook-endpoints/:id': 'admin',
  'DELETE /api/v1/webhook-endpoints/:id': { access: 'admin', body: null },
  'GET /api/v1/webhook-endpoints/:id/deliveries': 'admin',
  'GET /api/v1/webhook-endpoints/:id/deliveries/:deliveryId': 'admin',
  'POST /api/v1/webhook-endpoints/:id/deliveries/:deliveryId/redeliver': { access: 'admin', body: null },
  'POST /api/v1/webhook-endpoints/:id/test': { access: 'admin', body: null },
  'GET /api/v1/settings/webhooks': 'admin',
  'PATCH /api/v1/settings/webhooks': { access: 'admin', body: { allowPrivateTargets: 'yes' } },
  'GET /api/v1/clients/:id/contacts': 'staff',
  'POST /api/v1/contacts/:id/portal/invite': 'staff',
  'POST /api/v1/contacts/:id/portal/deactivate': 'staff',
  'GET /api/v1/contacts/:id/links': 'staff',
  'POST /api/v1/contacts/:id/links/revoke': 'staff',
  'POST /api/v1/contacts/:id/links/:linkId/revoke': 'staff',
  'GET /api/v1/invoices/:id/portal-opens': 'staff',
  'GET /api/v1/quotes': 'staff',
  'POST /api/v1/quotes': 'staff',
  'GET /api/v1/quotes/:id': 'staff',
  'PATCH /api/v1/quotes/:id': 'staff',
  'DELETE /api/v1/quotes/:id': 'staff',
  'POST /api/v1/quotes/:id/mark-sent': 'staff',
  'GET /api/v1/quotes/:id/events': 'staff',
  'GET /api/v1/quotes/:id/revisions': 'staff',
  'GET /api/v1/quotes/:id/revisions/:revision': 'staff',
  'POST /api/v1/quotes/:id/send': 'staff',
  'POST /api/v1/quotes/:id/send/preview': 'staff',
  'GET /api/v1/quotes/:id/pdf': 'staff',
  'POST /api/v1/quotes/:id/portal-link': { access: 'staff', body: { contactId: 'not an id' } },
  'POST /api/v1/quotes/:id/accept': 'staff',
  'POST /api/v1/quotes/:id/decline': 'staff',
  'POST /api/v1/quotes/:id/convert': 'staff',
  'POST /api/v1/invoices/:id/credit-notes': { access: 'staff', body: { mode: 'nonsense' } },
  'GET /api/v1/credit-notes': 'staff',
  'GET /api/v1/credit-notes/:id': 'staff',
  'PATCH /api/v1/credit-notes/:id': { access: 'staff', body: { reason: 42 } },
  'DELETE /api/v1/credit-notes/:id': 'staff',
  'POST /api/v1/credit-notes/:id/issue': 'staff',
  'POST /api/v1/invoices/:id/apply-credit': 'staff',
  'POST /api/v1/credit-notes/:id/refunds': 'staff',
  'GET /api/v1/credit-notes/:id/refund-payments': 'staff',
  'GET /api/v1/clients/:id/credit': 'staff',
  'GET /api/v1/clients/:id/statement': 'staff',
  'GET /api/v1/clients/:id/summary': 'staff',
  'POST /api/v1/clients/:id/statement/send': 'staff',
  'POST /api/v1/clients/:id/statement/send/preview': 'staff',
  'POST /api/v1/invoices/:id/cancel': 'staff',
  'GET /api/v1/credit-notes/:id/events': 'staff',
  'GET /api/v1/credit-notes/:id/pdf': 'staff',
  'POST /api/v1/credit-notes/:id/send': { access: 'staff', body: { contactIds: ['not an id'] } },
  'POST /api/v1/credit-notes/:id/send/preview': { access: 'staff', body: { contactIds: ['not an id'] } },
  'POST /api/v1/credit-notes/:id/portal-link': { access: 'staff', body: { contactId: 'not an id' } },

  // Portal API
  'POST /api/portal/v1/auth/login': {
    access: 'public',
    body: { email: 'nobody@example.com', password: 'wrong' },
  },
  'POST /api/portal/v1/auth/logout': { access: 'public', last: true },
  'POST /api/portal/v1/auth/accept-invitation': {
    access: 'public',
    body: { token: 'rpi_x', password: 'long-enough-1' },
  },
  'POST /api/portal/v1/auth/password-reset': { access: 'public', body: { email: 'nobody@example.com' } },
  'POST /api/portal/v1/auth/password-reset/confirm': {
    access: 'public',
    body: { token: 'rpr_x', password: 'long-enough-1' },
  },
  'POST /api/portal/v1/auth/login-link': { access: 'public', body: { email: 'nobody@example.com' } },
  'POST /api/portal/v1/auth/login-link/confirm': { access: 'public', body: { token: 'rpm_x' } },
  'GET /api/portal/v1/links/:token': 'link',
  'POST /api/portal/v1/links/resend': { access: 'public', body: { token: 'rl_unknown' } },
  'GET /portal/link/:token': 'link',
  'GET /api/portal/v1/branding': 'public',
  'GET /api/portal/v1/branding/logo': 'public',
  'GET /api/portal/v1/me': 'portal',
  'POST /api/portal/v1/me/password': {
    access: 'portal',
    body: { currentPassword: 'whatever', newPassword: 'short' },
    allowed: 422,
  },
  'GET /api/portal/v1/invoices': 'portal',
  'GET /api/portal/v1/invoices/:id': 'portal',
  'GET /api/portal/v1/invoices/:id/pdf': 'portal',
  // The matrix's invoices lack e-invoice data: a visible one is refused with its reasons (422), never shown to others.
  'GET /api/portal/v1/invoices/:id/e-invoice': { access: 'portal', allowed: 422 },
  'GET /api/portal/v1/invoices/:id/payment-options': 'portal',
  'POST /api/portal/v1/invoices/:id/pay': { access: 'portal', body: { provider: 'stripe' }, allowed: 409 },
  'GET /api/portal/v1/payments/:provider/return': 'public',
  'GET /api/portal/v1/payments/:provider/cancel': 'public',
  'GET /api/portal/v1/quotes': 'portal',
  'GET /api/portal/v1/credit-notes': 'portal',
  'GET /api/portal/v1/credit': 'portal',
  'GET /api/portal/v1/statement': 'portalAccount',
  'GET /api/portal/v1/credit-notes/:id': 'portalCreditNote',
  'GET /api/portal/v1/credit-notes/:id/pdf': 'portalCreditNote',
  'GET /api/portal/v1/credit-notes/:id/e-invoice': { access: 'portalCreditNote', allowed: 422 },
  'GET /api/portal/v1/payments/:id/receipt.pdf': 'portalPayment',
  'GET /api/portal/v1/quotes/:id': 'portalQuote',
  'GET /api/portal/v1/quotes/:id/pdf': 'portalQuote',
  // Quotes A1 and B1 were declined in setup: an allowed answer is refused by its state (409), never carried out.
  'POST /api/portal/v1/quotes/:id/accept': { access: 'portalQuote', body: { name: 'Alice A' }, allowed: 409 },
  'POST /api/portal/v1/quotes/:id/decline': { access: 'portalQuote', body: {}, allowed: 409 },
};

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

type PrincipalName =
  | 'anonymous'
  | 'contactOfA'
  | 'contactOfB'
  | 'contactOfArchivedClient'
  | 'finance'
  | 'admin'
  | 'expiredLink'
  | 'revokedLink'
  | 'anotherInvoicesLink';

interface Principal {
  name: PrincipalName;
  headers(): Record<string, string>;
  csrf: string | null;
}

type InvoiceName = 'A1' | 'A2' | 'draftA' | 'B1';

/** Which invoices each portal principal may see; every other invoice is a 404 for them. */
const VISIBLE: Partial<Record<PrincipalName, InvoiceName[]>> = {
  contactOfA: ['A1', 'A2'],
  contactOfB: ['B1'],
  anotherInvoicesLink: ['A2'],
};
/** Which quotes each portal principal may see (an invoice link's session sees none). */
const VISIBLE_QUOTES: Partial<Record<PrincipalName, string[]>> = {
  contactOfA: ['A1'],
  contactOfB: ['B1'],
};
const PORTAL_PRINCIPALS = new Set<PrincipalName>(['contactOfA', 'contactOfB', 'anotherInvoicesLink']);
const STAFF_PRINCIPALS = new Set<PrincipalName>(['finance', 'admin']);

let h: PortalHarness;
const principals: Principal[] = [];
const ids: Record<string, string> = {};
const linkTokens: Record<'valid' | 'expired' | 'revoked', string> = { valid: '', expired: '', revoked: '' };

function phase(row: RowSpec): number {
  return row.last ? 2 : row.access === 'link' ? 1 : 0;
}

function rowOf(key: string): RowSpec {
  const row = MATRIX[key]!;
  return typeof row === 'string' ? { access: row } : row;
}

/** Staff resources of each client, by the path segment before `:id`. */
function staffResource(segment: string, owner: 'A' | 'B'): string | null {
  const map: Record<string, string | undefined> = {
    clients: ids[`client${owner}`],
    invoices: ids[`invoice${owner}1`],
    quotes: ids[`quote${owner}1`],
    'credit-notes': ids[`creditNote${owner}1`],
    payments: ids[`payment${owner}1`],
    contacts: ids[`contact${owner}`],
    projects: ids[`project${owner}`],
    'tax-rates': ids.taxRate,
    users: ids.financeUser,
  };
  return map[segment] ?? null;
}

function fillStaffPath(url: string, owner: 'A' | 'B' | 'unknown'): { path: string; real: boolean } {
  let real = true;
  const path = url
    .replace(/([^/]+)\/:id/, (_m, segment: string) => {
      const id = owner === 'unknown' ? null : staffResource(segment, owner);
      if (!id) real = false;
      return `${segment}/${id ?? UNKNOWN_ID}`;
    })
    .replace(':revision', '1')
    .replace(':provider', 'stripe')
    .replace(':kind', 'invoice')
    .replace(':language', 'de')
    .replace(/:[A-Za-z]+/g, UNKNOWN_ID)
    .replace('*', 'index.html');
  return { path, real };
}

async function call(principal: Principal, method: string, path: string, body: unknown) {
  const headers: Record<string, string> = { ...principal.headers() };
  if (principal.csrf && method !== 'GET') headers['x-csrf-token'] = principal.csrf;
  const response = await h.app.inject({
    method: method as 'GET',
    url: path,
    headers,
    ...(method === 'GET' || body === null ? {} : { payload: (body ?? {}) as object }),
    remoteAddress: '192.0.2.1',
  });
  return response;
}

function cookieHeader(cookies: Map<string, string>): Record<string, string> {
  return cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
}

beforeAll(async () => {
  h = await startPortalHarness();
  const a = await createParty(h, 'Client A', [
    { name: 'Alice A', email: 'alice@a.example' },
    { name: 'Andy A', email: 'andy@a.example' },
  ]);
  const b = await createParty(h, 'Client B', [{ name: 'Bert B', email: 'bert@b.example' }]);
  const z = await createParty(h, 'Client Z', [{ name: 'Zoe Z', email: 'zoe@z.example' }]);
  ids.clientA = a.clientId;
  ids.clientB = b.clientId;
  ids.contactA = a.contacts[0]!.id;
  ids.contactB = b.contacts[0]!.id;
  ids.invoiceA1 = (await createInvoice(h, a.clientId)).id;
  ids.invoiceA2 = (await createInvoice(h, a.clientId)).id;
  ids.invoicedraftA = (await createInvoice(h, a.clientId, { issue: false })).id;
  ids.invoiceB1 = (await createInvoice(h, b.clientId)).id;
  const zInvoice = await createInvoice(h, z.clientId);
  const quote = async (clientId: string, send: boolean) => {
    const created = await h.staff('POST', '/api/v1/quotes', {
      clientId,
      lines: [{ description: 'Offer', quantity: '1', unitPrice: '10' }],
    });
    if (send) expect((await h.staff('POST', `/api/v1/quotes/${created.body.id}/mark-sent`)).status).toBe(200);
    return created.body.id as string;
  };
  ids.quoteA1 = await quote(a.clientId, true);
  expect((await h.staff('POST', `/api/v1/quotes/${ids.quoteA1}/decline`, {})).status).toBe(200);
  ids.quotedraftA = await quote(a.clientId, false);
  ids.quoteB1 = await quote(b.clientId, true);
  expect((await h.staff('POST', `/api/v1/quotes/${ids.quoteB1}/decline`, {})).status).toBe(200);
  // A small issued credit note on A1, A2 and B1 (their invoices stay open), and a draft one on A1.
  const creditNote = async (invoiceId: string, issue: boolean) => {
    const created = await h.staff('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, {
      mode: 'amount',
      amount: '1.00',
      reason: 'Goodwill',
    });
    expect(created.status).toBe(201);
    if (issue)
      expect((await h.staff('POST', `/api/v1/credit-notes/${created.body.id}/issue`)).status).toBe(200);
    return created.body.id as string;
  };
  ids.creditNoteA1 = await creditNote(ids.invoiceA1, true);
  ids.creditNoteA2 = await creditNote(ids.invoiceA2, true);
  ids.creditNotedraftA = await creditNote(ids.invoiceA1, false);
  ids.creditNoteB1 = await creditNote(ids.invoiceB1, true);
  // A small payment on A1, A2 and B1 (their invoices stay open): their receipts.
  const payment = async (invoiceId: string) => {
    const paid = await h.staff('POST', `/api/v1/invoices/${invoiceId}/payments`, {
      amount: '1.00',
      method: 'cash',
    });
    expect(paid.status).toBe(201);
    return paid.body.payment.id as string;
  };
  ids.paymentA1 = await payment(ids.invoiceA1);
  ids.paymentA2 = await payment(ids.invoiceA2);
  ids.paymentB1 = await payment(ids.invoiceB1);
  ids.projectA = (
    await h.staff('POST', '/api/v1/projects', { clientId: a.clientId, name: 'Project A' })
  ).body.id;
  ids.projectB = (
    await h.staff('POST', '/api/v1/projects', { clientId: b.clientId, name: 'Project B' })
  ).body.id;
  ids.taxRate = (await h.staff('POST', '/api/v1/tax-rates', { name: 'VAT', rate: '20' })).body.id;
  ids.financeUser = (await h.staff('GET', '/api/v1/users')).body.items.find(
    (u: { role: string }) => u.role === 'finance',
  ).id;

  const contactA = await activateContact(h, a.contacts[0]!);
  const contactB = await activateContact(h, b.contacts[0]!);
  const archived = await activateContact(h, z.contacts[0]!);
  await makeLink(h, zInvoice.id, z.contacts[0]!.id);
  expect((await h.staff('PATCH', `/api/v1/clients/${z.clientId}`, { archived: true })).status).toBe(200);

  const expired = await makeLink(h, ids.invoiceA1, a.contacts[1]!.id, new Date('2026-09-01T00:00:00Z'), 30);
  const expiredBrowser = h.browser();
  await expiredBrowser.get(expired.path);
  const revoked = await makeLink(h, ids.invoiceA1, a.contacts[1]!.id);
  const revokedBrowser = h.browser();
  await revokedBrowser.get(revoked.path);
  expect(revokedBrowser.cookies.size).toBe(1);
  await h.staff('POST', `/api/v1/contacts/${a.contacts[1]!.id}/links/${revoked.id}/revoke`);
  const other = await makeLink(h, ids.invoiceA2, a.contacts[1]!.id);
  const otherBrowser = h.browser();
  await otherBrowser.get(other.path);
  const otherMe = await otherBrowser.get('/api/portal/v1/me');
  otherBrowser.csrfToken = otherMe.body.csrfToken;
  linkTokens.valid = (await makeLink(h, ids.invoiceA1, a.contacts[1]!.id)).token;
  linkTokens.expired = expired.token;
  linkTokens.revoked = revoked.token;

  const browserPrincipal = (
    name: PrincipalName,
    browser: ReturnType<PortalHarness['browser']>,
  ): Principal => ({
    name,
    headers: () => cookieHeader(browser.cookies),
    csrf: browser.csrfToken,
  });
  principals.push(
    { name: 'anonymous', headers: () => ({}), csrf: null },
    browserPrincipal('contactOfA', contactA),
    browserPrincipal('contactOfB', contactB),
    browserPrincipal('contactOfArchivedClient', archived),
    { name: 'finance', headers: () => ({ authorization: `Bearer ${h.financeToken}` }), csrf: null },
    { name: 'admin', headers: () => ({ authorization: `Bearer ${h.adminToken}` }), csrf: null },
    browserPrincipal('expiredLink', expiredBrowser),
    browserPrincipal('revokedLink', revokedBrowser),
    browserPrincipal('anotherInvoicesLink', otherBrowser),
  );
});

afterAll(async () => {
  await h?.close();
});

function routeKeys(): string[] {
  const all = h.routes.map((r) => `${r.method} ${r.url}`);
  const gets = new Set(all.filter((k) => k.startsWith('GET ')).map((k) => k.slice(4)));
  // Fastify answers HEAD for every GET through the same route, hooks and all: the GET row covers it.
  return [...new Set(all)].filter((k) => !(k.startsWith('HEAD ') && gets.has(k.slice(5))));
}

describe('isolation matrix', () => {
  it('has a row for every route of the app, and no row for a route that does not exist', () => {
    const keys = routeKeys();
    const missing = keys.filter((k) => !(k in MATRIX));
    const stale = Object.keys(MATRIX).filter((k) => !keys.includes(k));
    const message = [
      ...missing.map(
        (k) =>
          `Route "${k}" has no row in the isolation matrix (test/http/isolation-matrix.test.ts): add one`,
      ),
      ...stale.map(
        (k) => `The isolation matrix has a row for "${k}", which the app no longer registers: remove it`,
      ),
    ].join('\n');
    expect(message, message).toBe('');
    expect(principals.map((p) => p.name)).toHaveLength(9);
  });

  it('gives every principal exactly the allowed outcome on every route, for resources of both clients', async () => {
    const failures: string[] = [];
    const keys = routeKeys()
      .filter((k) => k in MATRIX)
      // Opening links and logging out change the callers' sessions: those rows run at the end.
      .sort((x, y) => phase(rowOf(x)) - phase(rowOf(y)));
    for (const key of keys) {
      await resetRateLimits(h);
      const [method, url] = key.split(' ') as [string, string];
      const row = rowOf(key);
      const expectIn = (
        who: string,
        path: string,
        status: number,
        ok: (s: number) => boolean,
        want: string,
      ) => {
        if (!ok(status)) failures.push(`${key} as ${who} on ${path}: got ${status}, expected ${want}`);
      };

      if (row.access === 'public') {
        let first: number | null = null;
        for (const principal of principals) {
          await resetRateLimits(h);
          const { path } = fillStaffPath(url, 'A');
          const response = await call(principal, method, path, row.body);
          first ??= response.statusCode;
          expectIn(
            principal.name,
            path,
            response.statusCode,
            (s) => s < 500 && s === first,
            `${first} for everyone`,
          );
        }
        continue;
      }

      if (row.access === 'staff' || row.access === 'admin') {
        const owners: ('A' | 'B' | 'unknown')[] = method === 'GET' ? ['A', 'B'] : ['unknown'];
        for (const owner of owners) {
          const { path, real } = fillStaffPath(url, owner);
          const statuses = await Promise.all(
            principals.map(async (p) => (await call(p, method, path, row.body)).statusCode),
          );
          for (const [index, principal] of principals.entries()) {
            const status = statuses[index]!;
            if (!STAFF_PRINCIPALS.has(principal.name)) {
              expectIn(principal.name, path, status, (s) => s === 401, '401');
            } else if (row.access === 'admin' && principal.name === 'finance') {
              expectIn(principal.name, path, status, (s) => s === 403, '403 (admins only)');
            } else if (row.allowed) {
              expectIn(principal.name, path, status, (s) => s === row.allowed, String(row.allowed));
            } else if (method === 'GET' && real && url.includes(':id')) {
              expectIn(principal.name, path, status, (s) => s >= 200 && s < 300, '2xx on a real resource');
            } else {
              expectIn(
                principal.name,
                path,
                status,
                (s) => s < 500 && s !== 401 && s !== 403,
                'allowed (not 401/403/5xx)',
              );
            }
          }
        }
        continue;
      }

      if (row.access === 'portalAccount') {
        const statuses = await Promise.all(
          principals.map(async (p) => (await call(p, method, url, row.body)).statusCode),
        );
        for (const [index, principal] of principals.entries()) {
          const want = !PORTAL_PRINCIPALS.has(principal.name)
            ? 401
            : principal.name === 'anotherInvoicesLink'
              ? 403
              : (row.allowed ?? 200);
          expectIn(principal.name, url, statuses[index]!, (s) => s === want, String(want));
        }
        continue;
      }

      if (
        row.access === 'portal' ||
        row.access === 'portalQuote' ||
        row.access === 'portalCreditNote' ||
        row.access === 'portalPayment'
      ) {
        const kind = (
          {
            portal: 'invoice',
            portalQuote: 'quote',
            portalCreditNote: 'creditNote',
            portalPayment: 'payment',
          } as const
        )[row.access];
        const documents: string[] = !url.includes(':id')
          ? []
          : kind === 'quote' || kind === 'payment'
            ? ['A1', kind === 'quote' ? 'draftA' : 'A2', 'B1']
            : ['A1', 'A2', 'draftA', 'B1'];
        const targets = documents.length
          ? documents.map((name) => ({ name, path: url.replace(':id', ids[`${kind}${name}`]!) }))
          : [{ name: null, path: url }];
        const visibleTo = (principal: PrincipalName): string[] =>
          (kind === 'quote' ? VISIBLE_QUOTES[principal] : (VISIBLE[principal] as string[] | undefined)) ?? [];
        for (const target of targets) {
          const statuses = await Promise.all(
            principals.map(async (p) => (await call(p, method, target.path, row.body)).statusCode),
          );
          for (const [index, principal] of principals.entries()) {
            const status = statuses[index]!;
            if (!PORTAL_PRINCIPALS.has(principal.name)) {
              expectIn(principal.name, target.path, status, (s) => s === 401, '401');
              continue;
            }
            const visible = target.name === null || visibleTo(principal.name).includes(target.name);
            if (!visible) {
              expectIn(
                principal.name,
                `${target.path} (${kind} ${target.name})`,
                status,
                (s) => s === 404,
                '404',
              );
            } else {
              const want = row.allowed ?? 200;
              expectIn(
                principal.name,
                `${target.path} (${kind} ${target.name})`,
                status,
                (s) => s === want,
                String(want),
              );
            }
          }
        }
        continue;
      }

      // Invoice link tokens: the outcome depends on the token only, never on who holds it.
      for (const principal of principals) {
        for (const [kind, token] of Object.entries({ ...linkTokens, unknown: 'rl_unknown-token' })) {
          const path = url.replace(':token', token);
          const response = await call(principal, method, path, undefined);
          const status = response.statusCode;
          if (url.startsWith('/portal/')) {
            const location = String(response.headers.location ?? '');
            const wanted =
              kind === 'valid'
                ? `/portal/invoices/${ids.invoiceA1}`
                : `/portal/link-unavailable#token=${token}`;
            expectIn(
              principal.name,
              `${path} (${kind})`,
              status,
              (s) => s === 303 && location === wanted,
              `303 to ${wanted}`,
            );
          } else {
            const wanted = kind === 'valid' ? 200 : kind === 'expired' ? 410 : 404;
            expectIn(principal.name, `${path} (${kind})`, status, (s) => s === wanted, String(wanted));
            if (kind !== 'valid' && response.body.includes(ids.invoiceA1!)) {
              failures.push(`${key} as ${principal.name} with a ${kind} link revealed the invoice`);
            }
          }
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});
