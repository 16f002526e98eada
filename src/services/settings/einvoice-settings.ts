/**
 * The organisation's e-invoice data (seller BG-4, contact BG-6, payment means BG-16), checked and turned into
 * settings columns. Objects (registration, electronic address, contact, payment means) are given whole: a part
 * left out of one of them is stored empty.
 */
import type { Updateable } from 'kysely';
import type { SettingsTable } from '../../db/schema.ts';
import { ValidationError } from '../../domain/errors.ts';
import {
  checkBic,
  checkElectronicAddress,
  checkEmail,
  checkIban,
  checkRegistrationScheme,
  checkVatId,
} from '../einvoice/party-field-checks.ts';

export interface EInvoiceSettingsPatch {
  legalName?: string;
  vatId?: string;
  taxRegistrationId?: string;
  legalRegistration?: { id?: string; scheme?: string };
  electronicAddress?: { id?: string; scheme?: string };
  contact?: { name?: string; phone?: string; email?: string };
  paymentMeans?: { code?: string; iban?: string; bic?: string; accountName?: string };
}

/** UNCL4461: a code of one or two digits (30 credit transfer, 58 SEPA credit transfer, 68 online ...) or ZZZ. */
const PAYMENT_MEANS_CODE = /^([0-9]{1,2}|ZZZ)$/;

export function einvoiceSettingsColumns(patch: EInvoiceSettingsPatch | undefined): Updateable<SettingsTable> {
  if (!patch) return {};
  const field = (name: string) => `einvoicing.${name}`;
  const columns: Updateable<SettingsTable> = {
    legal_name: patch.legalName?.trim(),
    vat_id: patch.vatId === undefined ? undefined : checkVatId(patch.vatId, field('vatId')),
    tax_registration_id: patch.taxRegistrationId?.trim(),
  };
  if (patch.legalRegistration) {
    columns.legal_registration_id = (patch.legalRegistration.id ?? '').trim();
    columns.legal_registration_scheme = checkRegistrationScheme(
      patch.legalRegistration.scheme ?? '',
      field('legalRegistration.scheme'),
    );
  }
  if (patch.electronicAddress) {
    const address = checkElectronicAddress(patch.electronicAddress, field('electronicAddress'));
    columns.electronic_address = address.id;
    columns.electronic_address_scheme = address.scheme;
  }
  if (patch.contact) {
    columns.contact_name = (patch.contact.name ?? '').trim();
    columns.contact_phone = (patch.contact.phone ?? '').trim();
    columns.contact_email = checkEmail(patch.contact.email ?? '', field('contact.email'));
  }
  const means = patch.paymentMeans;
  if (means) {
    const code = (means.code ?? '58').trim().toUpperCase();
    if (!PAYMENT_MEANS_CODE.test(code)) {
      throw new ValidationError(
        field('paymentMeans.code'),
        `"${means.code}" is not a payment means code (UNCL4461): 58 SEPA bank transfer, 30 bank transfer, 48 or 54 card, 68 online payment`,
      );
    }
    columns.payment_means_code = code;
    columns.iban = checkIban(means.iban ?? '', field('paymentMeans.iban'));
    columns.bic = checkBic(means.bic ?? '', field('paymentMeans.bic'));
    columns.bank_account_name = (means.accountName ?? '').trim();
  }
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}
