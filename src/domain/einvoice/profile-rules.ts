/**
 * Data a profile requires beyond the norm, and the payment instructions' own checks: Peppol BIS Billing 3.0 wants
 * both electronic addresses and a buyer or order reference; XRechnung 3.0 wants a buyer reference (the Leitweg-ID
 * for public buyers, with valid check digits), a full seller contact, cities and post codes, both electronic
 * addresses and payment instructions.
 */
import { peppolAddressProblem } from './eas.ts';
import { ibanProblem } from './iban.ts';
import type { EInvoiceInput, EInvoiceProblem } from './input.ts';
import { isValidLeitwegId, looksLikeLeitwegId } from './leitweg-id.ts';
import type { EInvoiceProfile } from './profiles.ts';

/** UNCL4461 codes of a credit transfer: the payee's account (BG-17) must be given (BR-61). */
const CREDIT_TRANSFER = new Set(['30', '58']);
/** Codes XRechnung ties to card (BG-18) or direct debit (BG-19) details that Remit does not hold. */
const XRECHNUNG_UNSUPPORTED = new Set(['48', '54', '55', '59']);

function present(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

export function checkPaymentMeans(input: EInvoiceInput): EInvoiceProblem[] {
  const means = input.paymentMeans;
  if (!means) return [];
  const problems: EInvoiceProblem[] = [];
  if (!/^([0-9]{1,2}|ZZZ)$/.test(means.code ?? '')) {
    problems.push({
      code: 'payment_means_invalid',
      field: 'paymentMeans.code',
      message: `"${means.code}" is not a payment means code (UNCL4461): use 30 or 58 for bank transfer, 48 or 54 for card, 68 for online payment.`,
    });
  }
  if (CREDIT_TRANSFER.has(means.code) && !present(means.iban)) {
    problems.push({
      code: 'iban_missing',
      field: 'paymentMeans.iban',
      message: 'Payment by bank transfer needs the account (IBAN) the client pays into.',
    });
  }
  if (present(means.iban)) {
    const problem = ibanProblem(means.iban as string);
    const looksIban = /^[A-Za-z]{2}[0-9]{2}/.test((means.iban as string).replace(/\s+/g, ''));
    // Code 30 may carry a national account number; an IBAN-shaped one, and every SEPA (58) account, must be right.
    if (problem !== null && (means.code === '58' || looksIban)) {
      problems.push({
        code: 'iban_invalid',
        field: 'paymentMeans.iban',
        message: `The IBAN ${means.iban} is not valid (${problem === 'checksum' ? 'its check digits do not match' : problem === 'length' ? 'wrong length for its country' : 'it is not shaped like an IBAN'}); please check it against the bank's documents.`,
      });
    }
  }
  return problems;
}

export function checkProfile(input: EInvoiceInput, profile: EInvoiceProfile): EInvoiceProblem[] {
  const problems: EInvoiceProblem[] = [];
  const { document: doc, seller, buyer } = input;
  const need = (ok: boolean, code: string, field: string, message: string): void => {
    if (!ok) problems.push({ code, field, message });
  };
  const electronicAddresses = (label: string): void => {
    need(
      present(seller?.electronicAddress?.id) && present(seller?.electronicAddress?.scheme),
      'seller_electronic_address_missing',
      'seller.electronicAddress',
      `${label} needs your organisation's electronic address with its scheme (for example 0208 and your enterprise number, 9930 and your VAT number, or EM and an email address).`,
    );
    need(
      present(buyer?.electronicAddress?.id) && present(buyer?.electronicAddress?.scheme),
      'buyer_electronic_address_missing',
      'buyer.electronicAddress',
      `${label} needs the client's electronic address with its scheme (their Peppol id or email).`,
    );
  };
  if (profile === 'peppol') {
    electronicAddresses('A Peppol invoice');
    for (const [role, party, who] of [
      ['seller', seller, "Your organisation's"],
      ['buyer', buyer, "The client's"],
    ] as const) {
      const address = party?.electronicAddress;
      if (!present(address?.id) || !present(address?.scheme)) continue;
      const problem = peppolAddressProblem((address?.scheme ?? '').trim(), (address?.id ?? '').trim());
      need(
        problem === null,
        `${role}_electronic_address_invalid`,
        `${role}.electronicAddress`,
        `${who} electronic address cannot be used on Peppol: ${problem}.`,
      );
    }
    need(
      present(doc.buyerReference) || present(doc.orderReference),
      'buyer_reference_missing',
      'buyerReference',
      "A Peppol invoice needs the client's reference or their purchase order number.",
    );
  }
  if (profile === 'xrechnung') {
    electronicAddresses('An XRechnung');
    const reference = doc.buyerReference?.trim() ?? '';
    need(
      reference !== '',
      'buyer_reference_missing',
      'buyerReference',
      "An XRechnung needs the buyer reference: the client's Leitweg-ID for public bodies, or the reference they gave you.",
    );
    need(
      reference === '' || !looksLikeLeitwegId(reference) || isValidLeitwegId(reference),
      'leitweg_id_invalid',
      'buyerReference',
      `The Leitweg-ID ${reference} has wrong check digits (the last two digits); please check it with the client.`,
    );
    const contact = seller?.contact;
    need(
      present(contact?.name),
      'seller_contact_missing',
      'seller.contact.name',
      'An XRechnung needs a contact person at your organisation.',
    );
    need(
      present(contact?.phone) && (contact?.phone?.replace(/\D/g, '').length ?? 0) >= 3,
      'seller_contact_missing',
      'seller.contact.phone',
      "An XRechnung needs your contact's phone number.",
    );
    need(
      present(contact?.email) &&
        /^[^@\s.][^@\s]*[^@\s.]@[^@\s.][^@\s]*\.[^@\s]+$/.test(contact?.email?.trim() ?? ''),
      'seller_contact_missing',
      'seller.contact.email',
      "An XRechnung needs your contact's email address.",
    );
    need(
      present(seller?.address?.city),
      'seller_city_missing',
      'seller.address.city',
      'An XRechnung needs your city.',
    );
    need(
      present(seller?.address?.postalCode),
      'seller_postal_code_missing',
      'seller.address.postalCode',
      'An XRechnung needs your post code.',
    );
    need(
      present(buyer?.address?.city),
      'buyer_city_missing',
      'buyer.address.city',
      "An XRechnung needs the client's city.",
    );
    need(
      present(buyer?.address?.postalCode),
      'buyer_postal_code_missing',
      'buyer.address.postalCode',
      "An XRechnung needs the client's post code.",
    );
    const delivery = doc.deliveryAddress;
    need(
      !delivery || (present(delivery.city) && present(delivery.postalCode)),
      'delivery_address_incomplete',
      'deliveryAddress',
      'An XRechnung with a delivery address needs its city and post code.',
    );
    need(
      Boolean(input.paymentMeans),
      'payment_means_missing',
      'paymentMeans',
      'An XRechnung must say how to pay: add your bank account (IBAN) or another payment means.',
    );
    need(
      !input.paymentMeans || !XRECHNUNG_UNSUPPORTED.has(input.paymentMeans.code),
      'payment_means_unsupported',
      'paymentMeans.code',
      'An XRechnung paid by card or direct debit needs card or mandate details that Remit does not hold; offer bank transfer (58) instead.',
    );
  }
  return problems;
}
