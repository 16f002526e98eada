import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INVOICE_STATUSES } from '../../domain/invoice-status.ts';
import { clientReader } from '../../domain/language.ts';
import type { PdfServiceDeps } from '../../services/documents/render-document-pdf.ts';
import { produceFacturxPdf } from '../../services/einvoice/produce-facturx-pdf.ts';
import type { ReceiptPdfDeps } from '../../services/payments/render-receipt-pdf.ts';
import { setPortalPassword } from '../../services/portal/accept-invitation.ts';
import { changePortalPassword } from '../../services/portal/change-portal-password.ts';
import { consumeLoginLink } from '../../services/portal/consume-login-link.ts';
import { assertPortalInvoice } from '../../services/portal/find-portal-invoice.ts';
import { getPortalInvoice } from '../../services/portal/get-portal-invoice.ts';
import { listPortalInvoices, type PortalStatusFilter } from '../../services/portal/list-portal-invoices.ts';
import { loginContact } from '../../services/portal/login-contact.ts';
import { openInvoiceLink } from '../../services/portal/open-invoice-link.ts';
import type { PortalDeps } from '../../services/portal/portal-context.ts';
import {
  authenticatePortalSession,
  endPortalSession,
  type OpenedPortalSession,
} from '../../services/portal/portal-session.ts';
import { recordInvoiceOpen } from '../../services/portal/record-invoice-open.ts';
import { renderPortalInvoicePdf } from '../../services/portal/render-portal-invoice-pdf.ts';
import { requestPortalEmail } from '../../services/portal/request-portal-email.ts';
import { resendPortalLink } from '../../services/portal/resend-portal-link.ts';
import { getSettings } from '../../services/settings/get-settings.ts';
import type { StatementPdfDeps } from '../../services/statements/render-client-statement-pdf.ts';
import { pdfFormatQuery, sendPdf } from '../admin/invoice-pdf-routes.ts';
import { errorResponses, idParams, pageQuery, shortText } from '../schemas.ts';
import {
  clearPortalCookie,
  PORTAL_COOKIE,
  portalAuth,
  portalErrorHandler,
  portalReaderWords,
  requirePortal,
  setPortalCookie,
} from './portal-auth.ts';
import { portalBrandingRoutes } from './portal-branding-routes.ts';
import { portalCreditNoteRoutes } from './portal-credit-note-routes.ts';
import { portalEInvoiceRoutes } from './portal-einvoice-routes.ts';
import { portalQuoteRoutes } from './portal-quote-routes.ts';
import { portalReceiptRoutes } from './portal-receipt-routes.ts';
import { portalStatementRoutes } from './portal-statement-routes.ts';

export interface PortalRouteOptions {
  deps: PortalDeps & PdfServiceDeps & StatementPdfDeps & ReceiptPdfDeps;
  secureCookies: boolean;
}

const secret = shortText(200).min(1);
const email = shortText(320);
const password = shortText(256);
const acceptedResponses = { ...errorResponses, 202: errorResponses[200], 429: errorResponses[404] };
const EMAIL_ON_ITS_WAY = 'If the address has portal access, an email is on its way';
const LINK_ON_ITS_WAY = 'If the link can be renewed, a fresh one is on its way';

const portalStatuses = INVOICE_STATUSES.filter((status) => status !== 'draft') as PortalStatusFilter[];
const statusList = z
  .string()
  .transform((value) => value.split(','))
  .pipe(z.array(z.enum(portalStatuses as [PortalStatusFilter, ...PortalStatusFilter[]])))
  .meta({ description: `Comma-separated statuses: ${portalStatuses.join(', ')}` });

/** The client portal's JSON API, under /api/portal/v1; authenticated by the portal session cookie. */
export const portalRoutes: FastifyPluginAsyncZod<PortalRouteOptions> = async (
  app,
  { deps, secureCookies },
) => {
  await app.register(portalAuth, { deps });
  app.setErrorHandler(portalErrorHandler(deps));
  // A contact's invoices must not linger in shared caches or the back-button cache of a shared computer.
  app.addHook('onSend', async (_request, reply) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-store');
  });

  const started = (reply: Parameters<typeof setPortalCookie>[0], session: OpenedPortalSession) => {
    setPortalCookie(reply, session, secureCookies);
    return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  };
  const tags = ['portal'];
  // A 202's sentence in the reader's language, like the portal's problems.
  const accepted = async (request: FastifyRequest, english: string) => ({
    message: (await portalReaderWords(deps, request)).sentence(english),
  });

  app.post(
    '/auth/login',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Contact login with email and password; sets the portal cookie and returns the CSRF token',
        description:
          'Failed passwords slow down further tries with growing waits (429 with Retry-After): per account and ' +
          'address after 5 failures in 15 minutes, per address after 30, and, past 50 failures on one account, ' +
          'for every address that failed on it. A correct password from an address that has not failed is never ' +
          'held back by failures from other addresses.',
        body: z.strictObject({ email, password }),
        response: { ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const session = await loginContact(deps, {
        ...request.body,
        ip: request.ip,
        previousToken: request.cookies[PORTAL_COOKIE],
      });
      return started(reply, session);
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { portalAccess: 'public' },
      schema: { tags, security: [], summary: 'End the portal session' },
    },
    async (request, reply) => {
      const token = request.cookies[PORTAL_COOKIE];
      if (token) await endPortalSession(deps.db, token);
      clearPortalCookie(reply, secureCookies);
      return reply.code(204).send();
    },
  );

  app.post(
    '/auth/accept-invitation',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Set the password with the token from the invitation email; signs in',
        body: z.strictObject({ token: secret, password }),
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const session = await setPortalPassword(deps, {
        ...request.body,
        purpose: 'invite',
        ip: request.ip,
        previousToken: request.cookies[PORTAL_COOKIE],
      });
      return started(reply, session);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Email a password reset link (same answer whether or not the address has an account)',
        body: z.strictObject({ email }),
        response: acceptedResponses,
      },
    },
    async (request, reply) => {
      await requestPortalEmail(deps, { email: request.body.email, kind: 'reset', ip: request.ip });
      return reply.code(202).send(await accepted(request, EMAIL_ON_ITS_WAY));
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Choose a new password with the emailed token; ends other sessions and signs in',
        body: z.strictObject({ token: secret, password }),
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const session = await setPortalPassword(deps, {
        ...request.body,
        purpose: 'reset',
        ip: request.ip,
        previousToken: request.cookies[PORTAL_COOKIE],
      });
      return started(reply, session);
    },
  );

  app.post(
    '/auth/login-link',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Email a one-time sign-in link (same answer whether or not the address has an account)',
        body: z.strictObject({ email }),
        response: acceptedResponses,
      },
    },
    async (request, reply) => {
      await requestPortalEmail(deps, { email: request.body.email, kind: 'magic', ip: request.ip });
      return reply.code(202).send(await accepted(request, EMAIL_ON_ITS_WAY));
    },
  );

  app.post(
    '/auth/login-link/confirm',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: 'Sign in with the token of an emailed sign-in link',
        body: z.strictObject({ token: secret }),
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const session = await consumeLoginLink(deps, {
        token: request.body.token,
        ip: request.ip,
        previousToken: request.cookies[PORTAL_COOKIE],
      });
      return started(reply, session);
    },
  );

  app.get(
    '/links/:token',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary:
          'Open an invoice link: starts a session for that one invoice and returns it (410 when expired)',
        params: z.strictObject({ token: secret }),
        response: { ...errorResponses, 410: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const opened = await openInvoiceLink(deps, {
        token: request.params.token,
        ip: request.ip,
        previousToken: request.cookies[PORTAL_COOKIE],
      });
      const session = started(reply, opened);
      await recordInvoiceOpen(deps, {
        invoiceId: opened.invoiceId,
        contactId: opened.contactId,
        via: 'link',
      });
      const principal = await authenticatePortalSession(deps, opened.sessionToken);
      if (!principal) throw new Error('A session just opened could not be read back');
      return { ...session, invoice: await getPortalInvoice(deps, principal, opened.invoiceId) };
    },
  );

  app.post(
    '/links/resend',
    {
      config: { portalAccess: 'public' },
      schema: {
        tags,
        security: [],
        summary: "Email a fresh invoice or quote link to the link's own contact (same answer in every case)",
        description:
          'For an expired (or still valid) invoice or quote link: a new link to the same document goes to the ' +
          'address of the contact the link was made for. Unknown, revoked, draft and cut-off links get nothing; the ' +
          'answer is the same 202 in every case. Rate-limited per link and per address (429).',
        body: z.strictObject({ token: secret }),
        response: acceptedResponses,
      },
    },
    async (request, reply) => {
      await resendPortalLink(deps, { token: request.body.token, ip: request.ip });
      return reply.code(202).send(await accepted(request, LINK_ON_ITS_WAY));
    },
  );

  app.get(
    '/me',
    { schema: { tags, summary: 'The signed-in contact', response: errorResponses } },
    async (request) => {
      const me = requirePortal(request);
      const [client, settings] = await Promise.all([
        deps.db
          .selectFrom('clients')
          .select(['einvoice_format', 'language'])
          .where('id', '=', me.clientId)
          .executeTakeFirst(),
        getSettings(deps.db),
      ]);
      // The portal speaks the client's language (else the organisation's), with dates and money in its locale.
      const reader = clientReader(client?.language, settings.locale);
      return {
        contact: { id: me.contactId, name: me.name, email: me.email },
        // einvoiceFormat: offered first among the e-invoice downloads.
        client: {
          id: me.clientId,
          name: me.clientName,
          einvoiceFormat: client?.einvoice_format ?? 'none',
          language: reader.language,
          locale: reader.locale,
        },
        scope: me.quoteId
          ? { kind: 'quote_link', quoteId: me.quoteId }
          : me.invoiceId
            ? { kind: 'invoice_link', invoiceId: me.invoiceId }
            : { kind: 'account' },
        csrfToken: me.csrfToken,
      };
    },
  );

  app.post(
    '/me/password',
    {
      schema: {
        tags,
        summary: 'Change the password (send X-CSRF-Token); ends every session and starts a fresh one',
        body: z.strictObject({ currentPassword: password, newPassword: password }),
        response: errorResponses,
      },
    },
    async (request, reply) => {
      const session = await changePortalPassword(deps, requirePortal(request), {
        ...request.body,
        ip: request.ip,
      });
      return started(reply, session);
    },
  );

  app.get(
    '/invoices',
    {
      schema: {
        tags,
        summary: "The client's invoices, newest first (never drafts)",
        querystring: z.strictObject({
          ...pageQuery,
          status: statusList.optional(),
          q: shortText().optional(),
        }),
        response: errorResponses,
      },
    },
    async (request) => listPortalInvoices(deps, requirePortal(request), request.query),
  );

  app.get(
    '/invoices/:id',
    { schema: { tags, summary: 'One invoice in full', params: idParams, response: errorResponses } },
    async (request) => {
      const principal = requirePortal(request);
      const invoice = await getPortalInvoice(deps, principal, request.params.id);
      await recordInvoiceOpen(deps, { invoiceId: invoice.id, contactId: principal.contactId, via: 'portal' });
      return invoice;
    },
  );

  app.get(
    '/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The invoice as PDF, or as Factur-X (format=facturx)',
        params: idParams,
        querystring: pdfFormatQuery,
        response: { ...errorResponses, 200: z.any().meta({ description: 'application/pdf' }) },
      },
    },
    async (request, reply) => {
      const principal = requirePortal(request);
      if (request.query.format === 'facturx') {
        await assertPortalInvoice(deps.db, principal, request.params.id);
        return sendPdf(reply, () => produceFacturxPdf(deps, 'invoice', request.params.id));
      }
      const pdf = await renderPortalInvoicePdf(deps, principal, request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${pdf.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes);
    },
  );

  await app.register(portalQuoteRoutes, { deps });
  await app.register(portalCreditNoteRoutes, { deps });
  await app.register(portalEInvoiceRoutes, { deps });
  await app.register(portalStatementRoutes, { deps });
  await app.register(portalReceiptRoutes, { deps });
  await app.register(portalBrandingRoutes, { deps });
};
