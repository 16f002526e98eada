import type { Trx } from '../../db/client.ts';
import { recordAuditEntry } from '../audit/record-audit-entry.ts';
import { readerOfClient } from '../clients/client-reader.ts';
import type { ActionContext } from '../context.ts';
import { emailLogoUrl } from '../email/email-brand.ts';
import { resolveRecipients } from '../email/invoice-recipients.ts';
import type { QueuedInvoiceEmail } from '../email/queue-document-emails.ts';
import { SMTP_NOT_CONFIGURED } from '../email/queue-document-emails.ts';
import { copiesOf, queueEmails } from '../email/queue-email.ts';
import { loadEmailTemplates } from '../email-templates/email-template-book.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { getSettings } from '../settings/get-settings.ts';
import { readSmtpSettings } from '../settings/get-smtp-settings.ts';
import { getClientStatement, type StatementQuery } from './get-client-statement.ts';
import { renderStatementEmail } from './statement-email.ts';
import type { ClientStatement } from './statement-view.ts';

export interface SendStatementInput extends StatementQuery {
  /** Contacts of the client to email; default: every contact with an email address (as invoice sending does). */
  recipients?: string[];
  subject?: string | null;
  message?: string | null;
  cc?: string[];
  bcc?: string[];
}

export interface SendStatementResult {
  statement: ClientStatement;
  emails: QueuedInvoiceEmail[];
}

/**
 * Emails a client its statement for a period: one outbox message per recipient, each naming the statement (client,
 * from, to) so delivery attaches its PDF as it stands then (migration 037). The period and recipients are checked
 * first (422 naming the field), and the messages and the audit entry are written in one transaction: all or none.
 * Without SMTP settings the messages are recorded as not sent with the reason, as invoice sending does.
 */
export async function sendClientStatement(
  deps: SendingDeps,
  context: ActionContext,
  clientId: string,
  input: SendStatementInput,
): Promise<SendStatementResult> {
  const statement = await getClientStatement(deps, clientId, { from: input.from, to: input.to });
  const now = deps.clock.now();
  const emails = await deps.db
    .transaction()
    .execute((trx) => queueStatementEmails(trx, deps, context, statement, input, now));
  return { statement, emails };
}

/** sendClientStatement's messages and audit entry, in the caller's transaction (a preview rolls it back). */
export async function queueStatementEmails(
  trx: Trx,
  deps: SendingDeps,
  context: ActionContext,
  statement: ClientStatement,
  input: SendStatementInput,
  now: Date,
): Promise<QueuedInvoiceEmail[]> {
  const clientId = statement.client.id;
  const recipients = await resolveRecipients(trx, clientId, input.recipients, 'recipients');
  const settings = await getSettings(trx);
  const notSentReason = (await readSmtpSettings(trx)) ? null : SMTP_NOT_CONFIGURED;
  const portalUrl = `${deps.appUrl}/portal/statement`;
  const logoUrl = await emailLogoUrl(trx, deps.appUrl);
  const reader = await readerOfClient(trx, clientId, settings.locale);
  const template = (await loadEmailTemplates(trx))('statement', reader.language);
  const copies = copiesOf(
    input,
    recipients.map((recipient) => recipient.email),
  );
  const ids = await queueEmails(
    trx,
    recipients.map((recipient, index) => ({
      kind: 'statement',
      to: { address: recipient.email, name: recipient.name },
      ...(index === 0 ? copies : {}),
      ...renderStatementEmail({
        settings,
        statement,
        contactName: recipient.name,
        portalUrl,
        subject: input.subject,
        message: input.message,
        logoUrl,
        reader,
        template,
      }),
      contactId: recipient.contactId,
      statement: { clientId, from: statement.from, to: statement.to },
      notSentReason,
    })),
    now,
  );
  const queued: QueuedInvoiceEmail[] = recipients.map((recipient, index) => ({
    id: ids[index]!,
    contactId: recipient.contactId,
    to: recipient.email,
    state: notSentReason ? 'not_sent' : 'queued',
    lastError: notSentReason,
  }));
  await recordAuditEntry(trx, context, now, {
    action: 'statement.sent',
    entityType: 'client',
    entityId: clientId,
    after: {
      from: statement.from,
      to: statement.to,
      emails: queued.map((email) => ({ id: email.id, to: email.to, state: email.state })),
      ...(notSentReason ? { reason: notSentReason } : {}),
    },
  });
  return queued;
}
