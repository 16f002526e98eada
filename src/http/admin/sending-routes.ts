import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createSmtpMailer } from '../../adapters/mail/smtp-mailer.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { Mailer } from '../../ports.ts';
import type { ServiceDeps } from '../../services/context.ts';
import { listInvoiceEmails } from '../../services/invoices/list-invoice-emails.ts';
import { sendInvoice } from '../../services/invoices/send-invoice.ts';
import { sendReminder } from '../../services/invoices/send-reminder.ts';
import { getReminderSettings } from '../../services/reminders/reminder-settings.ts';
import { updateReminderSettings } from '../../services/reminders/update-reminder-settings.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';
import { deleteSmtpSettings } from '../../services/settings/delete-smtp-settings.ts';
import { getSmtpSettings } from '../../services/settings/get-smtp-settings.ts';
import { testSmtpSettings } from '../../services/settings/test-smtp-settings.ts';
import { updateSmtpSettings } from '../../services/settings/update-smtp-settings.ts';
import { actionContext, requireActor } from '../plugins/staff-auth.ts';
import { errorResponses, idParams, shortText } from '../schemas.ts';
import { bulkSendRoutes } from './bulk-send-routes.ts';
import { invoiceSendBody } from './send-bodies.ts';

/** What the sending routes need besides the database and clock (wired in cli/start.ts). */
export interface SendingOptions {
  /** Key for secrets in settings (secret-key.ts). */
  secretKey: Buffer;
  mailer: Mailer;
  /** Wakes the bulk-send job after a bulk send is recorded (the job's schedule catches it otherwise). */
  onBulkSendQueued?: () => void;
}

const emailAddress = z.email({ message: 'Must be an email address' }).max(320);

const smtpBody = z.strictObject({
  host: shortText(253).trim().min(1),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['none', 'starttls', 'tls']).meta({
    description:
      'tls: TLS from the start (port 465); starttls: upgrade required (587); none: plain (25, tests)',
  }),
  username: shortText(320).optional(),
  password: shortText(1000)
    .nullable()
    .optional()
    .meta({ description: 'Left out: keep the stored password; null or empty: remove it. Never returned.' }),
  fromName: shortText(200).optional(),
  fromAddress: emailAddress,
  replyTo: z.union([emailAddress, z.literal('')]).optional(),
});

const dayCount = z.number().int().min(1).max(365);
const remindersBody = z.strictObject({
  enabled: z.boolean().optional(),
  daysBeforeDue: dayCount
    .nullable()
    .optional()
    .meta({ description: 'A reminder this many days before the due date' }),
  onDueDate: z.boolean().optional(),
  everyDaysAfter: dayCount
    .nullable()
    .optional()
    .meta({ description: 'Then every N days after the due date' }),
  maxAfter: z
    .number()
    .int()
    .min(0)
    .max(52)
    .optional()
    .meta({ description: 'At most this many after the due date' }),
});

export const sendingRoutes: FastifyPluginAsyncZod<{
  deps: ServiceDeps;
  appUrl: string;
  sending?: SendingOptions;
}> = async (app, options) => {
  // Without an explicit key (tests or tools that build the app alone) secrets live only as long as the process.
  const sendingDeps: SendingDeps = {
    ...options.deps,
    appUrl: options.appUrl.replace(/\/+$/, ''),
    secretKey: options.sending?.secretKey ?? randomBytes(32),
  };
  const mailer = options.sending?.mailer ?? createSmtpMailer();
  await app.register(bulkSendRoutes, {
    deps: sendingDeps,
    onBulkSendQueued: options.sending?.onBulkSendQueued,
  });

  app.post(
    '/invoices/:id/send',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Email the invoice to client contacts; a draft is issued first (number, status sent)',
        description:
          'Writes one email per contact, each with its own portal link, to the outbox in the same transaction; a ' +
          'worker delivers them with retries. Without SMTP settings the invoice is still issued and the emails are ' +
          'recorded as not_sent with the reason. Sending an issued invoice again is a resend.',
        params: idParams,
        body: invoiceSendBody,
        response: errorResponses,
      },
    },
    async (request) => sendInvoice(sendingDeps, requireActor(request), request.params.id, request.body ?? {}),
  );

  app.post(
    '/invoices/:id/remind',
    {
      schema: {
        tags: ['invoices'],
        summary: 'Email a payment reminder now (issued invoices with a balance due)',
        params: idParams,
        body: invoiceSendBody,
        response: errorResponses,
      },
    },
    async (request) =>
      sendReminder(sendingDeps, requireActor(request), request.params.id, request.body ?? {}),
  );

  app.get(
    '/invoices/:id/emails',
    {
      schema: {
        tags: ['invoices'],
        summary: "The invoice's emails with their delivery state, attempts and last error",
        params: idParams,
        response: errorResponses,
      },
    },
    async (request) => ({ items: await listInvoiceEmails(sendingDeps, request.params.id) }),
  );

  app.get(
    '/settings/smtp',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'SMTP settings (admin); the password is never returned',
        response: errorResponses,
      },
    },
    async () => getSmtpSettings(sendingDeps),
  );

  app.put(
    '/settings/smtp',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Save the SMTP server emails go through (admin); the password is stored encrypted',
        body: smtpBody,
        response: errorResponses,
      },
    },
    async (request) => updateSmtpSettings(sendingDeps, request.body, actionContext(request)),
  );

  app.delete(
    '/settings/smtp',
    {
      config: { access: 'admin' },
      schema: { tags: ['settings'], summary: 'Remove the SMTP settings (admin)', response: errorResponses },
    },
    async (request, reply) => {
      await deleteSmtpSettings(sendingDeps, actionContext(request));
      return reply.code(204).send();
    },
  );

  app.post(
    '/settings/smtp/test',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Send a test email now through the saved SMTP settings; says in plain words what went wrong',
        description:
          'Answers 200 with `ok: true`, or `ok: false` with `kind` (connection_refused, timeout, dns, tls, ' +
          'authentication, rejected, other) and a message. 409 when no SMTP settings are saved.',
        body: z.strictObject({ to: emailAddress.optional() }).optional(),
        response: errorResponses,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      let to = request.body?.to;
      if (!to && actor.userId) {
        const user = await sendingDeps.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', actor.userId)
          .executeTakeFirst();
        to = user?.email;
      }
      if (!to) throw new ValidationError('to', 'Give the address to send the test email to');
      return testSmtpSettings(sendingDeps, mailer, { to });
    },
  );

  app.get(
    '/settings/reminders',
    { schema: { tags: ['settings'], summary: 'The automatic reminder schedule', response: errorResponses } },
    async () => getReminderSettings(sendingDeps),
  );

  app.put(
    '/settings/reminders',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Change the automatic reminder schedule (admin); fields left out keep their value',
        body: remindersBody,
        response: errorResponses,
      },
    },
    async (request) => updateReminderSettings(sendingDeps, request.body),
  );
};
