import { sql } from 'kysely';
import type { Trx } from '../../db/client.ts';
import type { CreditedSoFar } from './credit-lines.ts';

/**
 * What the issued credit notes of an invoice (other than `exceptId`) already credit: their totals, the quantities
 * per invoice line, and whether one credited a free amount. Read under the invoice's row lock, which every writer of
 * credit notes for that invoice takes first, so nothing can be issued in between.
 */
export async function creditedSoFar(
  trx: Trx,
  invoiceId: string,
  exceptId: string | null,
): Promise<CreditedSoFar> {
  const notes = trx
    .selectFrom('credit_notes')
    .select('credit_notes.id')
    .where('credit_notes.invoice_id', '=', invoiceId)
    .where('credit_notes.status', '=', 'issued')
    .$if(exceptId !== null, (query) => query.where('credit_notes.id', '!=', exceptId!));
  const [total, lines] = await Promise.all([
    notes
      .clearSelect()
      .select(sql<string>`coalesce(sum(credit_notes.total_minor), 0)::text`.as('total'))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('credit_note_lines')
      .select([
        'credit_note_lines.invoice_line_id',
        sql<string>`sum(credit_note_lines.quantity)::text`.as('quantity'),
      ])
      .where('credit_note_lines.credit_note_id', 'in', notes)
      .groupBy('credit_note_lines.invoice_line_id')
      .execute(),
  ]);
  const quantities = new Map<string, string>();
  let freeAmounts = false;
  for (const line of lines) {
    if (line.invoice_line_id === null) freeAmounts = true;
    else quantities.set(line.invoice_line_id, line.quantity);
  }
  return { total: BigInt(total.total), quantities, freeAmounts };
}
