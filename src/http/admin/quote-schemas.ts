import { z } from 'zod';
import { QUOTE_STATUSES } from '../../domain/quote-status.ts';
import { documentPartiesSchema, invoiceEventSchema, invoiceSchema, totalsSchema } from '../view-schemas.ts';

/**
 * Response shapes of quotes, for the OpenAPI document (staff and portal). A quote shows the body every document
 * shares (the invoice's client, project, currency, issueDate, lines, discount, taxes, notes, terms, totals) plus
 * its own fields.
 */
const timestamp = z.string().meta({ description: 'ISO 8601 instant' });
const date = z.string().meta({ description: 'Calendar date YYYY-MM-DD' });
const money = z.string().meta({ description: 'Decimal string in major units, e.g. "1234.50"' });
const quoteStatus = z.enum(QUOTE_STATUSES).meta({
  description:
    'draft, sent, viewed (a client contact opened it), accepted, declined, expired (sent or viewed with validUntil ' +
    "before today in the organisation's time zone; never stored), invoiced (converted to an invoice)",
});

const documentBody = invoiceSchema.pick({
  client: true,
  project: true,
  currency: true,
  issueDate: true,
  lines: true,
  discount: true,
  taxes: true,
  notes: true,
  terms: true,
  taxRounding: true,
  invoiceDiscountMode: true,
});

export const quoteDecisionSchema = z
  .object({
    outcome: z.enum(['accepted', 'declined']),
    at: timestamp,
    name: z.string().meta({ description: 'The full name typed when accepting, or given to staff by phone' }),
    note: z.string().meta({ description: 'The note with an acceptance, or the reason for a decline' }),
    address: z.string().meta({ description: 'Network address (request IP) the answer came from' }),
    by: z.union([
      z.object({ type: z.literal('contact'), contactId: z.string().nullable() }),
      z.object({ type: z.literal('user'), userId: z.string().nullable() }),
    ]),
  })
  .meta({ id: 'QuoteDecision' });

export const quoteSchema = documentBody
  .extend({
    totals: totalsSchema.meta({
      description: 'From the totals engine; a quote has nothing paid, so balanceDue equals total',
    }),
    id: z.string(),
    number: z
      .string()
      .nullable()
      .meta({ description: 'Assigned from the quote series when sent; null on drafts' }),
    status: quoteStatus,
    validUntil: date.meta({ description: 'The last day the offer stands' }),
    sentAt: timestamp.nullable(),
    viewedAt: timestamp.nullable().meta({ description: 'When a client contact first opened it' }),
    decision: quoteDecisionSchema.nullable(),
    invoice: z
      .object({ id: z.string(), number: z.string().nullable() })
      .nullable()
      .meta({ description: 'The invoice the quote was converted to' }),
    createdAt: timestamp,
    updatedAt: timestamp,
    parties: documentPartiesSchema.optional(),
  })
  .meta({ id: 'Quote' });

export const quoteSummarySchema = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: quoteStatus,
    client: z.object({ id: z.string(), name: z.string(), company: z.string() }),
    projectId: z.string().nullable(),
    currency: z.string(),
    issueDate: date,
    validUntil: date,
    total: money,
    invoiceId: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'QuoteSummary' });

export const quoteEventSchema = invoiceEventSchema.meta({ id: 'QuoteEvent' });

const revisionAuthor = z
  .object({
    type: z.enum(['user', 'api_token', 'system', 'contact']),
    id: z.string().nullable(),
    name: z.string(),
  })
  .meta({ description: 'Who saved this version (for revision 1, who sent the quote)' });

const revisionFields = {
  revision: z.number().int().meta({ description: '1 is the quote as sent, then one per edit' }),
  current: z
    .boolean()
    .meta({ description: 'The version the quote shows now, which the client sees and may accept' }),
  note: z.string().meta({ description: 'Why it changed, as given with the edit; "As sent" for revision 1' }),
  createdBy: revisionAuthor,
  createdAt: timestamp,
};

export const quoteRevisionSummarySchema = z
  .object({
    ...revisionFields,
    number: z.string().nullable(),
    currency: z.string(),
    validUntil: date,
    total: money,
  })
  .meta({ id: 'QuoteRevisionSummary' });

export const quoteRevisionSchema = z
  .object({
    ...revisionFields,
    quote: quoteSchema.meta({
      description:
        'The quote as this version stored it, totals from the engine; status as it stood then, decision and ' +
        'invoice null (an answer belongs to the quote, not to a version)',
    }),
  })
  .meta({ id: 'QuoteRevision' });
