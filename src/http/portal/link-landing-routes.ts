import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServiceDeps } from '../../services/context.ts';
import { NotFoundError } from '../../services/errors.ts';
import { openInvoiceLink } from '../../services/portal/open-invoice-link.ts';
import { LinkExpiredError } from '../../services/portal/open-portal-link.ts';
import { isQuoteLinkToken, openQuoteLink } from '../../services/portal/open-quote-link.ts';
import { recordInvoiceOpen } from '../../services/portal/record-invoice-open.ts';
import { markQuoteViewed } from '../../services/quotes/mark-quote-viewed.ts';
import { RateLimitedError } from '../../services/rate-limit.ts';
import { shortText } from '../schemas.ts';
import { PORTAL_COOKIE, setPortalCookie } from './portal-auth.ts';

/**
 * Where invoice and quote emails point: `GET /portal/link/<token>`. A valid link starts a session for that one
 * invoice (or quote) and redirects to its portal page. Any other link (unknown, expired, revoked, cut off) redirects to one
 * page that offers to email a fresh link, without telling which case it was and without showing the invoice.
 */
export const linkLandingRoutes: FastifyPluginAsyncZod<{ deps: ServiceDeps; secureCookies: boolean }> = async (
  app,
  { deps, secureCookies },
) => {
  app.get(
    '/portal/link/:token',
    { schema: { hide: true, params: z.strictObject({ token: shortText(200).min(1) }) } },
    async (request, reply) => {
      const { token } = request.params;
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      try {
        // Quote emails carry links of the same form: a quote link opens the portal page of its quote.
        if (await isQuoteLinkToken(deps.db, token)) {
          const quote = await openQuoteLink(deps, {
            token,
            ip: request.ip,
            previousToken: request.cookies[PORTAL_COOKIE],
          });
          setPortalCookie(reply, quote, secureCookies);
          await markQuoteViewed(deps, { quoteId: quote.quoteId, contactId: quote.contactId });
          return reply.redirect(`/portal/quotes/${quote.quoteId}`, 303);
        }
        const opened = await openInvoiceLink(deps, {
          token,
          ip: request.ip,
          previousToken: request.cookies[PORTAL_COOKIE],
        });
        setPortalCookie(reply, opened, secureCookies);
        await recordInvoiceOpen(deps, {
          invoiceId: opened.invoiceId,
          contactId: opened.contactId,
          via: 'link',
        });
        return reply.redirect(`/portal/invoices/${opened.invoiceId}`, 303);
      } catch (error) {
        if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
        if (!(error instanceof NotFoundError || error instanceof LinkExpiredError)) throw error;
        // The token goes in the fragment so the page can offer POST /api/portal/v1/links/resend with it.
        return reply.redirect(`/portal/link-unavailable#token=${encodeURIComponent(token)}`, 303);
      }
    },
  );
};
