import { type Kysely, sql } from 'kysely';

/**
 * Client credit refunded through a payment gateway (docs/credit-notes.md):
 *
 * - credit_refunds: the provider and its refund id for a refund made through the gateway of `payment_id` (a provider
 *   refund is recorded once).
 * - payments.credit_refunded_minor caches the credit refunds made through a payment, kept in the same transaction.
 *   They do not change what the payment counts for on its invoice (that stays amount − refunded), but the provider
 *   refunds no more than the payment: refunded + credit_refunded never exceeds the amount.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table credit_refunds
      add column provider text not null default 'offline',
      add column provider_refund_id text,
      add constraint credit_refunds_gateway_payment check (provider = 'offline' or payment_id is not null),
      add constraint credit_refunds_provider_refund_unique unique (provider, provider_refund_id);
    create index credit_refunds_payment_idx on credit_refunds (payment_id) where payment_id is not null;

    alter table payments
      add column credit_refunded_minor bigint not null default 0,
      add constraint payments_refunds_within_amount
        check (credit_refunded_minor >= 0 and refunded_minor + credit_refunded_minor <= amount_minor);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table payments drop constraint payments_refunds_within_amount, drop column credit_refunded_minor;
    drop index credit_refunds_payment_idx;
    alter table credit_refunds
      drop constraint credit_refunds_provider_refund_unique,
      drop constraint credit_refunds_gateway_payment,
      drop column provider_refund_id,
      drop column provider;
  `.execute(db);
}
