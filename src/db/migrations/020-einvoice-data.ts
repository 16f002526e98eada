import { type Kysely, sql } from 'kysely';
import { countryCodeFromText } from '../../domain/country.ts';

/**
 * The data e-invoices need (EN 16931, Peppol, XRechnung; see docs/einvoicing.md):
 *
 * - settings: legal name, VAT id (BT-31), tax number (BT-32), company registration with its scheme (BT-30),
 *   electronic address with its EAS scheme (BT-34), contact (BT-41..43), ISO country (BT-40) and the payment
 *   means (BT-81, IBAN, BIC, account name). payment_means_code defaults to 58 (SEPA credit transfer).
 * - clients: VAT id (BT-48), electronic address (BT-49), default buyer reference / Leitweg-ID (BT-10), ISO
 *   country (BT-55) and the e-invoice format the client prefers.
 * - tax_rates: VAT category (UNCL5305; null: not VAT, e.g. a sales tax), exemption reason and VATEX code.
 * - invoices: buyer reference and purchase order (BT-10, BT-13) overriding the client's, delivery date (BT-72).
 *
 * Existing data: the free-text country stays as typed (it is what documents print) and country_code is read from it
 * where the name or code is recognised; otherwise it stays null and the API flags the country for review. A tax id
 * shaped like a VAT number (country prefix) becomes the VAT id; the organisation's other tax ids become its tax
 * number. Rates named like VAT (VAT, MwSt, TVA, BTW, IVA ...) above 0 % become standard rate (S).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table settings
      add column legal_name text not null default '',
      add column vat_id text not null default '',
      add column tax_registration_id text not null default '',
      add column legal_registration_id text not null default '',
      add column legal_registration_scheme text not null default '',
      add column electronic_address text not null default '',
      add column electronic_address_scheme text not null default '',
      add column contact_name text not null default '',
      add column contact_phone text not null default '',
      add column contact_email text not null default '',
      add column country_code text check (country_code ~ '^[A-Z]{2}$'),
      add column payment_means_code text not null default '58'
        check (payment_means_code ~ '^([0-9]{1,2}|ZZZ)$'),
      add column iban text not null default '',
      add column bic text not null default '',
      add column bank_account_name text not null default '';

    alter table clients
      add column vat_id text not null default '',
      add column electronic_address text not null default '',
      add column electronic_address_scheme text not null default '',
      add column buyer_reference text not null default '',
      add column country_code text check (country_code ~ '^[A-Z]{2}$'),
      add column einvoice_format text not null default 'none'
        check (einvoice_format in ('none', 'ubl', 'cii', 'peppol', 'xrechnung', 'xrechnung-cii', 'facturx'));

    alter table tax_rates
      add column vat_category text
        check (vat_category in ('S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M')),
      add column exemption_reason text not null default '',
      add column vatex_code text;

    alter table invoices
      add column buyer_reference text not null default '',
      add column order_reference text not null default '',
      add column delivery_date date;
  `.execute(db);

  // A VAT number starts with its country prefix (BR-CO-09); spaces are dropped, as e-invoices write it.
  await sql`
    update settings set vat_id = upper(regexp_replace(tax_id, '\\s', '', 'g'))
      where upper(regexp_replace(tax_id, '\\s', '', 'g')) ~ '^[A-Z]{2}[0-9A-Z+*.]{2,13}$';
    update settings set tax_registration_id = tax_id where vat_id = '' and tax_id <> '';
    update clients set vat_id = upper(regexp_replace(tax_id, '\\s', '', 'g'))
      where upper(regexp_replace(tax_id, '\\s', '', 'g')) ~ '^[A-Z]{2}[0-9A-Z+*.]{2,13}$';
    update tax_rates set vat_category = 'S'
      where rate > 0 and not compound
        and name ~* '(^|[^a-z])(vat|mwst|ust|tva|btw|iva|moms|alv|dph|fpa|ddv|pvm|pdv|afa|áfa)([^a-z]|$)';
  `.execute(db);

  for (const table of ['settings', 'clients'] as const) {
    const { rows } = await sql<{ country: string }>`
      select distinct country from ${sql.table(table)} where country <> ''
    `.execute(db);
    for (const { country } of rows) {
      const code = countryCodeFromText(country);
      if (code === null) continue;
      await sql`update ${sql.table(table)} set country_code = ${code} where country = ${country}`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table invoices drop column buyer_reference, drop column order_reference, drop column delivery_date;
    alter table tax_rates drop column vat_category, drop column exemption_reason, drop column vatex_code;
    alter table clients
      drop column vat_id, drop column electronic_address, drop column electronic_address_scheme,
      drop column buyer_reference, drop column country_code, drop column einvoice_format;
    alter table settings
      drop column legal_name, drop column vat_id, drop column tax_registration_id,
      drop column legal_registration_id, drop column legal_registration_scheme, drop column electronic_address,
      drop column electronic_address_scheme, drop column contact_name, drop column contact_phone,
      drop column contact_email, drop column country_code, drop column payment_means_code, drop column iban,
      drop column bic, drop column bank_account_name;
  `.execute(db);
}
