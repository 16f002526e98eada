import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RouteOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { createGatewayFactory } from '../adapters/gateways/registry.ts';
import { PdfWorkerPool } from '../adapters/pdf/pdf-worker-pool.ts';
import { createNodeWebhookTransport } from '../adapters/webhooks/node-webhook-transport.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from '../config.ts';
import { pendingMigrations } from '../db/client.ts';
import { createLogger, type Logger } from '../logger.ts';
import type {
  PdfRenderer,
  ReceiptPdfRenderer,
  ReportPdfRenderer,
  StatementPdfRenderer,
  WebhookTransport,
} from '../ports.ts';
import { AuthCache } from '../services/auth/auth-cache.ts';
import { listenForAuthChanges } from '../services/auth/listen-for-auth-changes.ts';
import type { ServiceDeps } from '../services/context.ts';
import type { GatewayDeps, GatewayFactory } from '../services/gateways/gateway-deps.ts';
import { InvoiceViewCache, type InvoiceViewCacheLimits } from '../services/invoices/invoice-view-cache.ts';
import { listenForInvoiceChanges } from '../services/invoices/listen-for-invoice-changes.ts';
import { sendInvoice } from '../services/invoices/send-invoice.ts';
import type { SendingDeps } from '../services/sending/sending-deps.ts';
import { auditLogRoutes } from './admin/audit-log-routes.ts';
import { authRoutes } from './admin/auth-routes.ts';
import { clientRoutes } from './admin/client-routes.ts';
import { clientSummaryRoutes } from './admin/client-summary-routes.ts';
import { creditNoteRoutes } from './admin/credit-note-routes.ts';
import { dashboardRoutes } from './admin/dashboard-routes.ts';
import { einvoiceRoutes } from './admin/einvoice-routes.ts';
import { emailPreviewPageRoutes } from './admin/email-preview-page-routes.ts';
import { emailRoutes } from './admin/email-routes.ts';
import { emailTemplateRoutes } from './admin/email-template-routes.ts';
import { exportRoutes } from './admin/export-routes.ts';
import { gatewayRoutes } from './admin/gateway-routes.ts';
import { importRoutes } from './admin/import-routes.ts';
import { invoicePdfRoutes } from './admin/invoice-pdf-routes.ts';
import { invoiceRoutes } from './admin/invoice-routes.ts';
import { itemRoutes } from './admin/item-routes.ts';
import { logoRoutes } from './admin/logo-routes.ts';
import { paymentRoutes } from './admin/payment-routes.ts';
import { portalAccessRoutes } from './admin/portal-access-routes.ts';
import { portalLinkRoutes } from './admin/portal-link-routes.ts';
import { projectRoutes } from './admin/project-routes.ts';
import { quoteActionRoutes } from './admin/quote-action-routes.ts';
import { quoteRevisionRoutes } from './admin/quote-revision-routes.ts';
import { quoteRoutes } from './admin/quote-routes.ts';
import { receiptRoutes } from './admin/receipt-routes.ts';
import { recurringRoutes } from './admin/recurring-routes.ts';
import { reportRoutes } from './admin/report-routes.ts';
import { revisionRoutes } from './admin/revision-routes.ts';
import { sendPreviewRoutes } from './admin/send-preview-routes.ts';
import { type SendingOptions, sendingRoutes } from './admin/sending-routes.ts';
import { settingsRoutes } from './admin/settings-routes.ts';
import { setupChecklistRoutes } from './admin/setup-checklist-routes.ts';
import { statementRoutes } from './admin/statement-routes.ts';
import { taxRateRoutes } from './admin/tax-rate-routes.ts';
import { userRoutes } from './admin/user-routes.ts';
import { webhookEndpointRoutes } from './admin/webhook-endpoint-routes.ts';
import { apiDocs } from './api-docs.ts';
import { documentIdempotencyKey, idempotency, markIdempotentOperations } from './plugins/idempotency.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { staffAuth, UNSAFE_METHODS } from './plugins/staff-auth.ts';
import { gatewayPaymentRoutes } from './portal/gateway-payment-routes.ts';
import { linkLandingRoutes } from './portal/link-landing-routes.ts';
import { portalRoutes } from './portal/portal-routes.ts';
import { errorHandler, sendProblem } from './problem.ts';
import { capConnections, serverLimitOptions } from './server-limits.ts';
import { validatorCompiler } from './validation-messages.ts';
import { webApp } from './web-app.ts';
import { webhookRoutes } from './webhooks/webhook-routes.ts';

export interface AppOptions {
  deps: ServiceDeps;
  appUrl: string;
  logLevel?: string;
  /** The process's logger (see src/logger.ts); without it the app makes its own at `logLevel`. */
  logger?: Logger;
  version?: string;
  /** Proxies allowed to give the client's address (see Config.trustProxy); none by default. */
  trustProxy?: false | number | string[];
  /** Timeouts for slow clients and the connection cap (see Config.http); tests set short ones. */
  httpLimits?: HttpLimits;
  /** Renders invoice PDFs; default: a worker pool of the app's own, closed with the app. */
  pdfRenderer?: PdfRenderer;
  /** Sees every route as it is added (the isolation matrix test lists them with it). */
  onRoute?: (route: RouteOptions) => void;
  /** Secret key and mailer for sending email; see http/admin/sending-routes.ts. */
  sending?: SendingOptions;
  /** Online payments: the gateway adapters (tests point them at local fakes) and a nudge for the webhook job. */
  payments?: { gateways?: GatewayFactory; secretKey?: Buffer; onWebhookStored?: () => void };
  /**
   * Cache staff tokens and sessions in this process, kept in step with other processes by LISTEN on this database
   * (see services/auth/auth-cache.ts); without it every request reads them from the database.
   */
  authCache?: { connectionString: string };
  /**
   * Keep recently read invoices' views in this process, in step with every process's changes by LISTEN on this
   * database (see services/invoices/invoice-view-cache.ts); without it every GET of an invoice reads the database.
   */
  invoiceViewCache?: { connectionString: string; limits?: InvoiceViewCacheLimits };
  /** Name resolution and HTTP for outgoing webhooks (saving an endpoint checks where its URL leads). */
  webhookTransport?: WebhookTransport;
}

/** Fastify's form of the setting: a number of proxies means "trust the first N hops". */
function proxyTrust(setting: false | number | string[]) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;
}

/** A PDF worker pool that lives and dies with the app (tests, tools); the CLI passes one it shares with the jobs. */
function ownPdfPool(app: FastifyInstance): PdfWorkerPool {
  const pool = new PdfWorkerPool();
  app.addHook('onClose', () => pool.close());
  return pool;
}

function staffAuthCache(app: FastifyInstance, options: AppOptions): AuthCache | undefined {
  if (!options.authCache) return undefined;
  const cache = new AuthCache();
  const listener = listenForAuthChanges(options.authCache.connectionString, cache, app.log);
  app.addHook('onClose', () => listener.stop());
  return cache;
}

function invoiceViewCache(app: FastifyInstance, options: AppOptions): InvoiceViewCache | undefined {
  if (!options.invoiceViewCache) return undefined;
  const cache = new InvoiceViewCache(options.invoiceViewCache.limits);
  const listener = listenForInvoiceChanges(options.invoiceViewCache.connectionString, cache, app.log);
  app.addHook('onClose', () => listener.stop());
  // A write in this process forgets every invoice before answering, without waiting for the database's notice:
  // the caller's next read sees its own change. (Writes of other processes and jobs arrive as notices.)
  app.addHook('onSend', async (request) => {
    if (UNSAFE_METHODS.has(request.method)) cache.clear();
  });
  return cache;
}

/** Builds the HTTP application without listening, so tests can use `inject()` and the CLI can `listen()`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const gatewayDeps: GatewayDeps = {
    ...deps,
    appUrl: options.appUrl.replace(/\/+$/, ''),
    // Without an explicit key (tests or tools that build the app alone) secrets live only as long as the process.
    secretKey: options.payments?.secretKey ?? options.sending?.secretKey ?? randomBytes(32),
    gateways: options.payments?.gateways ?? createGatewayFactory(),
  };
  // Whatever queues email with a link (portal, retries) stores the link's token encrypted with this key.
  const sendingDeps: SendingDeps = { ...deps, appUrl: gatewayDeps.appUrl, secretKey: gatewayDeps.secretKey };
  const app = Fastify({
    loggerInstance: (options.logger ?? createLogger(options.logLevel)) as FastifyBaseLogger,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: proxyTrust(options.trustProxy ?? false),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // Addresses the router cannot read (bad percent-encoding, a parameter over maxParamLength): problem+json too.
    frameworkErrors: errorHandler,
    ...serverLimitOptions(options.httpLimits ?? DEFAULT_HTTP_LIMITS),
  });
  capConnections(app, options.httpLimits ?? DEFAULT_HTTP_LIMITS);
  const pdfRenderer = options.pdfRenderer ?? ownPdfPool(app);
  // A renderer passed in that cannot draw statements and reports (a test's stand-in) leaves them to a pool of the
  // app's own.
  const wholePool: PdfRenderer & StatementPdfRenderer & ReportPdfRenderer & ReceiptPdfRenderer =
    'renderStatement' in pdfRenderer && 'renderReport' in pdfRenderer && 'renderReceipt' in pdfRenderer
      ? (pdfRenderer as PdfRenderer & StatementPdfRenderer & ReportPdfRenderer & ReceiptPdfRenderer)
      : ownPdfPool(app);
  const statementRenderer: StatementPdfRenderer = wholePool;
  const receiptRenderer: ReceiptPdfRenderer = wholePool;
  const reportRenderer: ReportPdfRenderer = wholePool;

  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const viewCache = invoiceViewCache(app, options);
  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by typed view functions; serialising them again through the schemas would only cost time.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'https://remit.invalid/problems/not_found',
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url.split('?')[0]}`,
      code: 'not_found',
    }),
  );

  await app.register(fastifyCookie);
  await app.register(securityHeaders, { appUrl: options.appUrl });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Remit API',
        version: options.version ?? '0.1.0',
        description:
          'Staff API of Remit. Amounts are decimal strings in major units ("1234.50"). Errors are RFC 9457 ' +
          'problem+json bodies naming the fields at fault. Authenticate with `Authorization: Bearer <token>` ' +
          'or the session cookie from /auth/login (then send X-CSRF-Token on writes).',
      },
      servers: [{ url: options.appUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'remit_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: markIdempotentOperations(jsonSchemaTransform),
    transformObject: documentIdempotencyKey(jsonSchemaTransformObject),
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      const pending = await pendingMigrations(deps.db);
      if (pending.length) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unreachable' });
    }
  });

  await app.register(
    async (api) => {
      await api.register(staffAuth, { deps, authCache: staffAuthCache(app, options) });
      // After staffAuth: keys belong to the signed-in user.
      await api.register(idempotency, { deps, secretKey: gatewayDeps.secretKey });
      api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      const secureCookies = options.appUrl.startsWith('https:');
      await api.register(authRoutes, { deps, secureCookies });
      await api.register(settingsRoutes, { deps });
      await api.register(logoRoutes, { deps });
      await api.register(clientRoutes, { deps });
      await api.register(clientSummaryRoutes, { deps });
      await api.register(projectRoutes, { deps });
      await api.register(taxRateRoutes, { deps });
      await api.register(itemRoutes, { deps });
      await api.register(exportRoutes, { deps });
      await api.register(importRoutes, { deps });
      await api.register(invoiceRoutes, {
        deps,
        viewCache,
        sendUpdatedInvoice: (actor, invoiceId) => sendInvoice(gatewayDeps, actor, invoiceId, {}),
      });
      await api.register(sendingRoutes, { deps, appUrl: options.appUrl, sending: options.sending });
      await api.register(sendPreviewRoutes, { deps: sendingDeps });
      await api.register(emailPreviewPageRoutes, { deps, appUrl: options.appUrl });
      await api.register(emailTemplateRoutes, { deps });
      await api.register(invoicePdfRoutes, { deps: { ...deps, pdfRenderer } });
      await api.register(paymentRoutes, { deps: sendingDeps });
      await api.register(receiptRoutes, { deps: { ...sendingDeps, receiptRenderer } });
      await api.register(revisionRoutes, { deps });
      await api.register(recurringRoutes, { deps });
      await api.register(userRoutes, { deps });
      await api.register(portalAccessRoutes, { deps: sendingDeps });
      await api.register(portalLinkRoutes, { deps: sendingDeps });
      await api.register(emailRoutes, { deps: sendingDeps });
      await api.register(gatewayRoutes, { deps: gatewayDeps });
      await api.register(dashboardRoutes, { deps });
      await api.register(setupChecklistRoutes, { deps });
      await api.register(reportRoutes, { deps: { ...deps, reportRenderer } });
      await api.register(statementRoutes, { deps: { ...sendingDeps, statementRenderer } });
      await api.register(quoteRoutes, { deps: { ...sendingDeps, pdfRenderer } });
      await api.register(quoteActionRoutes, { deps: { ...sendingDeps, pdfRenderer } });
      await api.register(quoteRevisionRoutes, { deps });
      await api.register(creditNoteRoutes, { deps: { ...gatewayDeps, pdfRenderer } });
      await api.register(einvoiceRoutes, { deps });
      await api.register(webhookEndpointRoutes, {
        deps: {
          ...deps,
          secretKey: gatewayDeps.secretKey,
          transport: options.webhookTransport ?? createNodeWebhookTransport(),
        },
      });
      await api.register(auditLogRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );

  // The client portal: its own cookie and principal (contacts), never the staff authentication above.
  const portalSecureCookies = options.appUrl.startsWith('https:');
  await app.register(portalRoutes, {
    prefix: '/api/portal/v1',
    deps: { ...sendingDeps, pdfRenderer, statementRenderer, receiptRenderer },
    secureCookies: portalSecureCookies,
  });
  await app.register(linkLandingRoutes, { deps, secureCookies: portalSecureCookies });
  await app.register(gatewayPaymentRoutes, { prefix: '/api/portal/v1', deps: gatewayDeps });
  await app.register(webhookRoutes, {
    prefix: '/api/webhooks',
    deps: gatewayDeps,
    onEventStored: options.payments?.onWebhookStored,
  });

  await app.register(apiDocs);

  await app.register(webApp);

  return app;
}
