import { z } from 'zod';
import { AGING_BUCKETS } from '../../domain/reports/aging.ts';
import { rangeProblem } from '../../domain/reports/periods.ts';
import { STATEMENT_ENTRY_KINDS } from '../../domain/statement.ts';
import { dateString, emailCopiesInput, multilineText, shortText, uuid } from '../schemas.ts';

export const statementQuery = z
  .strictObject({
    from: dateString
      .optional()
      .meta({ description: "First day (YYYY-MM-DD); default: the first of to's month" }),
    to: dateString.optional().meta({
      description: "Last day (YYYY-MM-DD), at most ten years after from; default: the organisation's today",
    }),
    format: z.enum(['json', 'pdf']).default('json').meta({ description: 'json (default) or pdf' }),
  })
  .superRefine((query, context) => {
    const problem = query.from && query.to ? rangeProblem(query.from, query.to) : null;
    if (problem) context.addIssue({ code: 'custom', path: ['to'], message: problem });
  });

export const sendStatementBody = z
  .strictObject({
    from: dateString.meta({ description: 'First day (YYYY-MM-DD)' }),
    to: dateString.meta({ description: 'Last day (YYYY-MM-DD), at most ten years after from' }),
    recipients: z.array(uuid).max(50).optional().meta({
      description: 'Contacts of the client to email; default: every contact with an email address',
    }),
    subject: shortText(200).optional(),
    message: multilineText(5000).optional().meta({ description: 'Shown above the closing balances' }),
    ...emailCopiesInput,
  })
  .superRefine((body, context) => {
    const problem = rangeProblem(body.from, body.to);
    if (problem) context.addIssue({ code: 'custom', path: ['to'], message: problem });
  });

export const sentStatementSchema = z
  .object({
    clientId: z.string(),
    from: z.string(),
    to: z.string(),
    emails: z.array(
      z.object({
        id: z.string(),
        contactId: z.string(),
        to: z.string(),
        state: z.enum(['queued', 'not_sent']),
        lastError: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'SentStatement' });

const amount = z.string().meta({ description: 'Decimal string in major units; signed' });

export const statementSchema = z
  .object({
    client: z.object({ id: z.string(), name: z.string(), company: z.string() }),
    from: z.string(),
    to: z.string(),
    currencies: z.array(
      z.object({
        currency: z.string(),
        openingBalance: amount,
        entries: z.array(
          z.object({
            date: z.string(),
            kind: z.enum(STATEMENT_ENTRY_KINDS),
            documentId: z.string(),
            documentNumber: z.string(),
            amount,
            balance: amount,
          }),
        ),
        closingBalance: amount,
        aging: z.object({
          ...Object.fromEntries(AGING_BUCKETS.map((bucket) => [bucket, amount])),
          total: amount,
        }),
      }),
    ),
  })
  .meta({ id: 'ClientStatement' });
