import { isCurrency } from '../../domain/currency.ts';
import { canonicalTimeZone, isValidTimeZone, parsePaymentTerms } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { parseAccentColor } from '../../domain/logo-image.ts';
import { validateNumberPattern } from '../../domain/numbering.ts';
import { PAPER_SIZES, type PaperSize } from '../../domain/paper-size.ts';
import { recordSettingsChange, settingsAuditState } from '../audit/settings-audit.ts';
import { type ActionContext, type ServiceDeps, systemContext } from '../context.ts';
import { countryColumns } from '../einvoice/party-field-checks.ts';
import { type EInvoiceSettingsPatch, einvoiceSettingsColumns } from './einvoice-settings.ts';
import { getSettings } from './get-settings.ts';

export interface SettingsPatch {
  businessName?: string;
  addressLine1?: string;
  addressLine2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  /** ISO 3166-1 alpha-2 (migration 020); given alone, its name becomes the printed country. */
  countryCode?: string | null;
  /** What e-invoices need of the organisation (einvoice-settings.ts). */
  einvoicing?: EInvoiceSettingsPatch;
  email?: string;
  phone?: string;
  taxId?: string;
  defaultCurrency?: string;
  locale?: string;
  timeZone?: string;
  defaultPaymentTerms?: string;
  invoiceNumberPattern?: string;
  quoteNumberPattern?: string;
  /** Days a new quote stays valid, 1 to 365. */
  quoteValidityDays?: number;
  /** Convert a quote to a draft invoice as soon as the client accepts it. */
  quoteAutoConvert?: boolean;
  creditNoteNumberPattern?: string;
  /** On: an issued invoice is corrected with a credit note, never voided. */
  correctionsNeedCreditNote?: boolean;
  defaultNotes?: string;
  defaultTerms?: string;
  taxRounding?: 'per_document' | 'per_line';
  invoiceDiscountMode?: 'before_tax' | 'after_tax';
  website?: string;
  /** Branding printed on every invoice (see docs/pdf.md). */
  paymentTermsText?: string;
  paymentInstructions?: string;
  footer?: string;
  /** '#rrggbb' */
  accentColor?: string;
  /** Tax rates applied automatically to new invoices (stored as the rates' `is_default` flag). */
  defaultTaxRateIds?: string[];
  /** Days a finished email keeps its body, 1 to 3650 (services/email/purge-email-bodies.ts). */
  emailRetentionDays?: number;
  /** Days an audit log entry is kept, 30 to 3650 (services/audit/purge-audit-log.ts). */
  auditRetentionDays?: number;
  /** The paper of every PDF; null: from the country (Letter for the US and Canada, else A4). */
  paperSize?: PaperSize | null;
  /** Gateway payments email the client a receipt with its PDF (migration 043). */
  sendPaymentReceipts?: boolean;
}

function isValidLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    return false;
  }
}

export async function updateSettings(
  deps: ServiceDeps,
  patch: SettingsPatch,
  context: ActionContext = systemContext,
) {
  if (patch.defaultCurrency !== undefined && !isCurrency(patch.defaultCurrency)) {
    throw new ValidationError(
      'defaultCurrency',
      `"${patch.defaultCurrency}" is not an ISO 4217 currency code`,
    );
  }
  if (patch.timeZone !== undefined && !isValidTimeZone(patch.timeZone)) {
    throw new ValidationError(
      'timeZone',
      `"${patch.timeZone}" is not an IANA time zone such as Europe/Paris`,
    );
  }
  if (patch.locale !== undefined && !isValidLocale(patch.locale)) {
    throw new ValidationError('locale', `"${patch.locale}" is not a supported locale such as en-US or de-DE`);
  }
  if (patch.defaultPaymentTerms !== undefined) {
    const terms = parsePaymentTerms(patch.defaultPaymentTerms, 'defaultPaymentTerms');
    // A fixed date belongs to one invoice; as a default it would make every new invoice ask for a due date.
    if (terms.kind === 'fixed_date') {
      throw new ValidationError(
        'defaultPaymentTerms',
        'Default terms are due_on_receipt, net_N (e.g. net_30), eom or eom_next',
      );
    }
  }
  if (patch.invoiceNumberPattern !== undefined) validateNumberPattern(patch.invoiceNumberPattern);
  if (patch.quoteNumberPattern !== undefined) {
    validateNumberPattern(patch.quoteNumberPattern, 'quoteNumberPattern');
  }
  if (patch.creditNoteNumberPattern !== undefined) {
    validateNumberPattern(patch.creditNoteNumberPattern, 'creditNoteNumberPattern');
  }
  const validity = patch.quoteValidityDays;
  if (validity !== undefined && !(Number.isInteger(validity) && validity >= 1 && validity <= 365)) {
    throw new ValidationError(
      'quoteValidityDays',
      'A quote stays valid for a whole number of days from 1 to 365',
    );
  }
  const retention = patch.emailRetentionDays;
  if (retention !== undefined && !(Number.isInteger(retention) && retention >= 1 && retention <= 3650)) {
    throw new ValidationError('emailRetentionDays', 'Keep emails for a whole number of days from 1 to 3650');
  }
  const auditRetention = patch.auditRetentionDays;
  if (
    auditRetention !== undefined &&
    !(Number.isInteger(auditRetention) && auditRetention >= 30 && auditRetention <= 3650)
  ) {
    throw new ValidationError(
      'auditRetentionDays',
      'Keep the audit log for a whole number of days from 30 to 3650',
    );
  }

  if (patch.paperSize != null && !PAPER_SIZES.includes(patch.paperSize)) {
    throw new ValidationError('paperSize', 'Paper size is a4, letter, or null to follow the country');
  }

  const country = countryColumns(
    patch,
    'address',
    patch.locale ?? (patch.countryCode ? (await getSettings(deps.db)).locale : 'en'),
  );
  const columns = {
    ...einvoiceSettingsColumns(patch.einvoicing),
    ...country,
    business_name: patch.businessName,
    address_line1: patch.addressLine1,
    address_line2: patch.addressLine2,
    city: patch.city,
    region: patch.region,
    postal_code: patch.postalCode,
    email: patch.email,
    phone: patch.phone,
    tax_id: patch.taxId,
    default_currency: patch.defaultCurrency,
    locale: patch.locale,
    time_zone: patch.timeZone === undefined ? undefined : canonicalTimeZone(patch.timeZone),
    default_payment_terms: patch.defaultPaymentTerms,
    invoice_number_pattern: patch.invoiceNumberPattern,
    quote_number_pattern: patch.quoteNumberPattern,
    quote_validity_days: validity,
    quote_auto_convert: patch.quoteAutoConvert,
    credit_note_number_pattern: patch.creditNoteNumberPattern,
    corrections_need_credit_note: patch.correctionsNeedCreditNote,
    default_notes: patch.defaultNotes,
    default_terms: patch.defaultTerms,
    tax_rounding: patch.taxRounding,
    invoice_discount_mode: patch.invoiceDiscountMode,
    website: patch.website,
    payment_terms_text: patch.paymentTermsText,
    payment_instructions: patch.paymentInstructions,
    footer: patch.footer,
    accent_color: patch.accentColor === undefined ? undefined : parseAccentColor(patch.accentColor),
    email_retention_days: retention,
    audit_retention_days: auditRetention,
    paper_size: patch.paperSize,
    send_payment_receipts: patch.sendPaymentReceipts,
  };
  const changes = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  await deps.db.transaction().execute(async (trx) => {
    const before = await settingsAuditState(trx);
    if (Object.keys(changes).length > 0) {
      await trx
        .updateTable('settings')
        .set({ ...changes, updated_at: deps.clock.now() })
        .where('id', '=', 1)
        .execute();
    }
    const defaultIds = patch.defaultTaxRateIds;
    if (defaultIds !== undefined) {
      const found = defaultIds.length
        ? await trx
            .selectFrom('tax_rates')
            .select('id')
            .where('id', 'in', defaultIds)
            .where('archived_at', 'is', null)
            .execute()
        : [];
      const known = new Set(found.map((row) => row.id));
      defaultIds.forEach((id, index) => {
        if (!known.has(id))
          throw new ValidationError(`defaultTaxRateIds.${index}`, `No active tax rate has id ${id}`);
      });
      await trx.updateTable('tax_rates').set({ is_default: false }).where('is_default', '=', true).execute();
      if (defaultIds.length) {
        await trx.updateTable('tax_rates').set({ is_default: true }).where('id', 'in', defaultIds).execute();
      }
    }
    await recordSettingsChange(trx, context, deps.clock.now(), before);
  });
  return getSettings(deps.db);
}
