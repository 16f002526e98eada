import { ConflictError } from '../../domain/errors.ts';
import { MailDeliveryError, type Mailer, type MailFailureKind } from '../../ports.ts';
import type { SendingDeps } from '../sending/sending-deps.ts';
import { loadSmtpDelivery } from './get-smtp-settings.ts';
import { SecretUnreadableError } from './secret-box.ts';

export type SmtpTestResult =
  | { ok: true; to: string; messageId: string }
  | { ok: false; to: string; kind: MailFailureKind | 'secret_unreadable'; message: string };

/**
 * Sends a test email right away through the saved SMTP settings (not through the outbox: the admin is waiting for
 * the answer) and reports what went wrong in plain words.
 */
export async function testSmtpSettings(
  deps: SendingDeps,
  mailer: Mailer,
  input: { to: string },
): Promise<SmtpTestResult> {
  let delivery: Awaited<ReturnType<typeof loadSmtpDelivery>>;
  try {
    delivery = await loadSmtpDelivery(deps.db, deps.secretKey);
  } catch (error) {
    if (error instanceof SecretUnreadableError) {
      return { ok: false, to: input.to, kind: 'secret_unreadable', message: error.message };
    }
    throw error;
  }
  if (!delivery) throw new ConflictError('smtp_not_configured', 'Save the SMTP settings first');
  try {
    const { messageId } = await mailer.send(delivery.server, {
      from: delivery.from,
      replyTo: delivery.replyTo,
      to: { name: '', address: input.to },
      subject: 'Remit test email',
      text: `This is a test email from Remit.\n\nIt was sent through ${delivery.server.host}:${delivery.server.port}, so invoice emails will go out the same way.\n`,
      html: `<p>This is a test email from Remit.</p><p>Invoice emails will go out through the same server.</p>`,
    });
    return { ok: true, to: input.to, messageId };
  } catch (error) {
    if (error instanceof MailDeliveryError) {
      return { ok: false, to: input.to, kind: error.kind, message: error.message };
    }
    throw error;
  }
}
