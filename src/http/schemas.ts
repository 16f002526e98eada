import { z } from 'zod';
import { isValidDate } from '../domain/dates.ts';
import { EMAIL_ATTACHMENT_CHOICES } from '../domain/einvoice/attachment-choice.ts';
import { UNIT_CODE_MESSAGE, UNIT_CODES, UNITS } from '../domain/units.ts';

/**
 * Text people type never holds control characters: PostgreSQL refuses NUL outright, and the others (escape, bell,
 * backspace…) only garble documents. One-line text refuses them all (C0, DEL, C1); text of several lines keeps tab,
 * line feed and carriage return.
 */
export const CONTROL_CHARACTERS_MESSAGE = 'Must not contain control characters';
const ONE_LINE = /^\P{Cc}*$/u;
const SEVERAL_LINES = /^(?:\P{Cc}|[\t\n\r])*$/u;

/** One line of text: names, emails, references, search terms, tokens, passwords. */
export const shortText = (max = 200) => z.string().max(max).regex(ONE_LINE, CONTROL_CHARACTERS_MESSAGE);
/** Text of several lines: descriptions, notes, terms, messages, reasons. */
export const multilineText = (max: number) =>
  z.string().max(max).regex(SEVERAL_LINES, CONTROL_CHARACTERS_MESSAGE);
export const longText = multilineText(10_000);

/** Decimals travel as strings ("1234.50"); JSON numbers are accepted on input and turned into their text. */
const DECIMAL_MESSAGE = 'must be a number such as 12.50';
export const decimalInput = z
  .union(
    [
      z.string().trim().min(1, DECIMAL_MESSAGE).max(40).regex(ONE_LINE, CONTROL_CHARACTERS_MESSAGE),
      z.number(),
    ],
    { error: DECIMAL_MESSAGE },
  )
  .transform((value) => (typeof value === 'number' ? String(value) : value))
  .meta({ description: 'Exact decimal as a string such as "1234.50" (a JSON number is accepted)' });

/** An id; a bad one reads "Client must be chosen from your clients" (validation-messages.ts). */
export const uuid = z.uuid();
export const idParams = z.strictObject({ id: uuid });
/** A real calendar day, years 0001 to 9999 (2026-02-31 is refused here, not by the database). */
export const dateString = z
  .string({ error: 'must be a date like 2026-12-31' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date like 2026-12-31', abort: true })
  .refine(isValidDate, 'must be a real calendar date like 2026-12-31 (years 0001 to 9999)');

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: shortText(200).optional().meta({ description: 'nextCursor of the previous page' }),
};

export const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const discountSchema = z.strictObject({
  kind: z.enum(['percent', 'fixed']),
  value: decimalInput,
});

export const taxReferenceSchema = z.union([
  z.strictObject({ taxRateId: uuid }),
  z.strictObject({
    name: shortText(100).min(1),
    rate: decimalInput,
    inclusive: z.boolean().optional(),
    compound: z.boolean().optional(),
  }),
]);

/** A unit of measure (items and lines): a UN/ECE Recommendation 20 code of the list in domain/units.ts. */
/** What an invoice or credit note email attaches (domain/einvoice/attachment-choice.ts). */
export const emailAttachmentInput = z.enum(EMAIL_ATTACHMENT_CHOICES).meta({
  description:
    'pdf: the PDF; facturx: the Factur-X PDF (PDF/A-3 carrying the CII XML); ubl, cii, peppol, xrechnung, ' +
    'xrechnung-cii: that e-invoice XML (application/xml, named after the number) and the PDF. Default: the ' +
    "client's preferred e-invoice format, else pdf (a reminder: what the invoice was last sent with). An " +
    'e-invoice the document cannot carry is refused with 422 listing every reason, as GET .../e-invoice/check does',
});

const copyAddressList = (description: string) =>
  z
    .array(z.email({ message: 'Must be an email address' }).max(320))
    .max(20)
    .optional()
    .meta({ description });

/** CC and BCC of a send (every document send route takes them): copies of the first recipient's email. */
export const emailCopiesInput = {
  cc: copyAddressList("Addresses copied on the first recipient's email (shown in its headers)"),
  bcc: copyAddressList("Addresses copied on the first recipient's email, never shown in its headers"),
};

export const unitInput = z.enum(UNIT_CODES, { message: UNIT_CODE_MESSAGE }).meta({
  description: `UN/ECE Recommendation 20 unit code: ${UNITS.map((unit) => `${unit.code} ${unit.label}`).join(', ')}`,
});

/** One invoice line as staff write it (invoices and recurring profiles). */
export const invoiceLineSchema = z.strictObject({
  description: multilineText(5000).min(1),
  quantity: decimalInput,
  unitPrice: decimalInput,
  unit: unitInput.nullable().optional().meta({
    description: 'Unit of measure of the quantity; null or left out: none (a plain count, like C62)',
  }),
  itemId: uuid.nullable().optional().meta({
    description: 'The catalogue item the line was filled from; the line keeps its own copy of the values',
  }),
  discount: discountSchema.nullable().optional(),
  taxes: z.array(taxReferenceSchema).max(10).optional(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    code: z.string(),
    reason: z
      .enum(['session_expired', 'csrf_token_invalid'])
      .optional()
      .meta({ description: 'Why a 401/403 refused: sign in again, or fetch a fresh CSRF token and retry' }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ description: 'Machine path of the field, e.g. lines.1.unitPrice' }),
          label: z.string().meta({ description: 'Human name of the field, e.g. "Unit price on line 2"' }),
          message: z.string().meta({ description: 'What is wrong, in plain words, starting with the label' }),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Problem' });

/** Success bodies are typed by the view functions; the schema here documents that a JSON object comes back. */
const jsonObject = z.any();

/** The problem responses every route may give, plus the route's own success bodies. */
export function withResponses<T extends Record<number, z.ZodType>>(success: T) {
  const { 200: _ok, 201: _created, 204: _empty, ...problems } = errorResponses;
  return { ...problems, ...success };
}

export const errorResponses = {
  200: jsonObject,
  201: jsonObject,
  204: z.undefined(),
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};
