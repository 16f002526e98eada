import { z } from 'zod';
import { INVOICE_STATUSES } from '../../domain/invoice-status.ts';
import { QUOTE_STATUSES } from '../../domain/quote-status.ts';
import { INVOICE_SORT_KEYS } from '../../services/invoices/list-invoices.ts';
import { QUOTE_SORT_KEYS } from '../../services/quotes/list-quotes.ts';
import { booleanQuery, dateString, shortText, uuid } from '../schemas.ts';

/**
 * The filters of the staff lists, shared by the lists themselves and by everything that takes "the list's
 * filter": the CSV exports, the bulk send.
 */

/** `a,b,c` of the given statuses. */
function statusList<const Status extends string>(statuses: readonly [Status, ...Status[]]) {
  return z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(statuses)))
    .meta({ description: `Comma-separated statuses: ${statuses.join(', ')}` });
}

/** Every key, ascending and descending (`-key`). */
function sortOrders<Key extends string>(keys: readonly Key[]) {
  return keys.flatMap((key): (Key | `-${Key}`)[] => [key, `-${key}`]) as [
    Key | `-${Key}`,
    ...(Key | `-${Key}`)[],
  ];
}

export const invoiceListFilters = {
  sort: z
    .enum(sortOrders(INVOICE_SORT_KEYS), {
      message: `Sort by one of ${INVOICE_SORT_KEYS.join(', ')}, with - in front for descending`,
    })
    .optional()
    .meta({
      description:
        'created (default -created), number, client, issueDate, dueDate, total, balanceDue; "-" in front for descending. Amount orders group by currency.',
    }),
  status: statusList(INVOICE_STATUSES).optional(),
  clientId: uuid.optional(),
  projectId: uuid.optional(),
  issuedFrom: dateString.optional(),
  issuedTo: dateString.optional(),
  q: shortText().optional().meta({
    description: "Part of the invoice number or of the client's name, company or email (any case)",
  }),
};

export const quoteListFilters = {
  sort: z
    .enum(sortOrders(QUOTE_SORT_KEYS), {
      message: `Sort by one of ${QUOTE_SORT_KEYS.join(', ')}, with - in front for descending`,
    })
    .optional()
    .meta({
      description:
        'created (default -created), number, client, issueDate, validUntil, total; "-" in front for descending',
    }),
  status: statusList(QUOTE_STATUSES).optional(),
  clientId: uuid.optional(),
  q: shortText().optional().meta({
    description: "Part of the quote number or of the client's name, company or email (any case)",
  }),
};

export const creditNoteListFilters = {
  status: statusList(['draft', 'issued']).optional(),
  clientId: uuid.optional(),
  invoiceId: uuid.optional(),
  q: shortText().optional().meta({ description: 'Part of the credit note number' }),
};

export const clientListFilters = {
  q: shortText().optional().meta({ description: "Part of the client's name, company or email (any case)" }),
  archived: booleanQuery.optional(),
};

export const itemListFilters = {
  q: shortText().optional().meta({ description: 'Words in the name or description (any case)' }),
  archived: booleanQuery.optional().meta({ description: 'true: archived items only (default: active)' }),
};
