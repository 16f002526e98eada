import type { Mailer } from '../../ports.ts';
import { type DeliveryReport, deliverDueEmails } from '../../services/email/deliver-due-emails.ts';
import type { DocumentAttachmentSources } from '../../services/email/document-attachments.ts';
import type { SendingDeps } from '../../services/sending/sending-deps.ts';

export const DELIVER_EMAILS = 'deliver-emails';

/** pg-boss only triggers; the work (and its exactly-once rules) is in deliverDueEmails, which tests call directly. */
export function deliverEmailsHandler(
  deps: SendingDeps,
  mailer: Mailer,
  attachments: DocumentAttachmentSources,
): () => Promise<DeliveryReport> {
  return () => deliverDueEmails(deps, mailer, attachments);
}
