import { type Kysely, sql } from 'kysely';

/**
 * E-invoices in email and item codes (docs/einvoicing.md):
 *
 * - email_outbox.attachment: what a message about an invoice or credit note attaches ('pdf', 'facturx' or an XML
 *   format, which goes with the plain PDF); produced when the message leaves. Null on older rows: attach_invoice_pdf
 *   alone decides, as before (the PDF).
 * - invoices.email_attachment: the choice of the invoice's last send; its reminders attach the same.
 * - items.code: the seller's identifier of the item (BT-155, a SKU); lines keep a copy in item_code, taken when a
 *   line filled from the catalogue is saved ('' : none).
 */
const CHOICES = sql.raw(`('pdf', 'facturx', 'ubl', 'cii', 'peppol', 'xrechnung', 'xrechnung-cii')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table email_outbox add column attachment text check (attachment in ${CHOICES});
    alter table invoices add column email_attachment text check (email_attachment in ${CHOICES});
    alter table items add column code text not null default '';
    alter table invoice_lines add column item_code text not null default '';
    alter table quote_lines add column item_code text not null default '';
    alter table credit_note_lines add column item_code text not null default '';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table credit_note_lines drop column item_code;
    alter table quote_lines drop column item_code;
    alter table invoice_lines drop column item_code;
    alter table items drop column code;
    alter table invoices drop column email_attachment;
    alter table email_outbox drop column attachment;
  `.execute(db);
}
