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

/**
 * chooseAttachment for many documents, reading the preferences of the clients that need one in one query: each
 * document's attachment, in order.
 */
export async function chooseAttachments(
  trx: Trx,
  documents: { clientId: string; choices: (EmailAttachmentChoice | null | undefined)[] }[],
): Promise<EmailAttachmentChoice[]> {
  const given = documents.map(({ choices }) => choices.find((choice) => choice != null) ?? null);
  const clientIds = [...new Set(documents.filter((_, i) => given[i] === null).map((d) => d.clientId))];
  const preferences = new Map<string, string>();
  if (clientIds.length > 0) {
    const clients = await trx
      .selectFrom('clients')
      .select(['id', 'einvoice_format'])
      .where('id', 'in', clientIds)
      .execute();
    for (const client of clients) preferences.set(client.id, client.einvoice_format);
  }
  return documents.map((document, i) => {
    const choice = given[i];
    if (choice) return choice;
    const preference = preferences.get(document.clientId);
    if (preference === undefined) throw new Error(`chooseAttachments: no client ${document.clientId}`);
    return attachmentForPreference(preference);
  });
}
