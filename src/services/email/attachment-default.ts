import type { Trx } from '../../db/client.ts';
import {
  attachmentForPreference,
  type EmailAttachmentChoice,
} from '../../domain/einvoice/attachment-choice.ts';

/**
 * What a document email attaches: the first choice given (the send dialog's, then e.g. the invoice's last send for
 * a reminder), else the client's preferred e-invoice format, else the PDF.
 */
export async function chooseAttachment(
  trx: Trx,
  clientId: string,
  ...choices: (EmailAttachmentChoice | null | undefined)[]
): Promise<EmailAttachmentChoice> {
  const given = choices.find((choice) => choice != null);
  if (given) return given;
  const client = await trx
    .selectFrom('clients')
    .select('einvoice_format')
    .where('id', '=', clientId)
    .executeTakeFirstOrThrow();
  return attachmentForPreference(client.einvoice_format);
}
