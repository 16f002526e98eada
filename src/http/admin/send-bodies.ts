import { z } from 'zod';
import {
  emailAttachmentInput,
  emailCopiesInput,
  longText,
  multilineText,
  shortText,
  uuid,
} from '../schemas.ts';

const contactIds = z
  .array(uuid)
  .max(50)
  .optional()
  .meta({ description: 'Contacts of the client to email; default: every contact with an email address' });

/** POST /invoices/{id}/send and /remind, and their previews. */
export const invoiceSendBody = z
  .strictObject({
    contactIds,
    subject: shortText(200).optional(),
    message: multilineText(5000).optional().meta({ description: 'Shown above the invoice details' }),
    attachment: emailAttachmentInput.optional(),
    ...emailCopiesInput,
  })
  .optional();

/** POST /quotes/{id}/send and its preview. */
export const quoteSendBody = z
  .strictObject({
    contactIds,
    subject: shortText(200).optional(),
    message: multilineText(5000).optional().meta({ description: 'Shown above the quote details' }),
    ...emailCopiesInput,
  })
  // Fastify hands a request without a body to validation as null.
  .nullish();

/** POST /credit-notes/{id}/send and its preview. */
export const creditNoteSendBody = z
  .strictObject({
    contactIds: z.array(uuid).max(50).optional(),
    subject: shortText(300).nullish(),
    message: longText.nullish(),
    attachment: emailAttachmentInput.optional(),
    ...emailCopiesInput,
  })
  .nullish();

/** POST /payments/{id}/receipt/send. */
export const receiptSendBody = z
  .strictObject({
    to: z
      .array(z.email({ message: 'Must be an email address' }).max(320))
      .min(1, 'Give at least one address')
      .max(20)
      .optional()
      .meta({ description: "Addresses to email the receipt to; default: the client's billing email" }),
    subject: shortText(200).optional(),
    message: multilineText(5000).optional().meta({ description: 'Shown above the balance' }),
    ...emailCopiesInput,
  })
  .nullish();

/** What a receipt send answers. */
export const sentReceiptSchema = z
  .object({
    paymentId: z.string(),
    emails: z.array(
      z.object({
        id: z.string(),
        to: z.string(),
        state: z.enum(['queued', 'not_sent']),
        lastError: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'SentReceipt' });

/** What a send preview answers (services/email/preview-send.ts). */
export const emailPreviewSchema = z.object({
  to: z.object({ address: z.string(), name: z.string() }),
  cc: z.array(z.string()),
  bcc: z.array(z.string()),
  emailCount: z.number().int().meta({ description: 'Emails the send would write, one per recipient' }),
  subject: z.string(),
  html: z
    .string()
    .meta({ description: "The first recipient's HTML body, its link token shown as `preview`" }),
  text: z.string(),
  htmlUrl: z.string().meta({
    description:
      'The HTML as a page of its own (GET, same user or token, ten minutes), with a policy that lets ' +
      'its inline styles apply: frame it to show the email as the client will see it',
  }),
});
