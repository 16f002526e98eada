/**
 * The human name of a request field, from its machine path: `lines.1.unitPrice` is "Unit price on line 2",
 * `address.postalCode` "Address postal code", `clientId` "Client". Keys read as words on their own (camelCase split,
 * a trailing "Id" dropped); the registry below names the ones that do not, and says what a chosen id is chosen from.
 */

/** Keys whose words alone would read wrong. */
const KEY_LABELS: Record<string, string> = {
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  line1: 'Line 1',
  line2: 'Line 2',
  bic: 'BIC',
  iban: 'IBAN',
  vatId: 'VAT ID',
  taxId: 'Tax ID',
  vatCategory: 'VAT category',
  vatexCode: 'VAT exemption code',
  url: 'URL',
  appUrl: 'App URL',
  q: 'Search',
  einvoiceFormat: 'E-invoice format',
  einvoicing: 'E-invoicing',
  taxRateId: 'Tax rate',
  taxRateIds: 'Tax rates',
  defaultTaxRateIds: 'Default tax rates',
  invoiceIds: 'Invoices',
  contactIds: 'Contacts',
  cc: 'CC',
  bcc: 'BCC',
  invoiceLineId: 'Invoice line',
  countryCode: 'Country',
  postalCode: 'Postal code',
  replyTo: 'Reply-to address',
  fromAddress: 'From address',
  fromName: 'From name',
  secretKey: 'Secret key',
  csrfToken: 'CSRF token',
  'Idempotency-Key': 'Idempotency-Key header',
  map: 'Column for',
};

/** Where a chosen id comes from, by key: "Client must be chosen from your clients". */
const CHOSEN_FROM: Record<string, string> = {
  clientId: 'your clients',
  contactId: "the client's contacts",
  contactIds: "the client's contacts",
  itemId: 'your catalogue items',
  taxRateId: 'your tax rates',
  taxRateIds: 'your tax rates',
  defaultTaxRateIds: 'your tax rates',
  projectId: 'your projects',
  invoiceId: 'your invoices',
  invoiceIds: 'your invoices',
  invoiceLineId: "the invoice's lines",
  paymentId: 'the payments',
  creditNoteId: 'your credit notes',
  userId: 'your users',
  endpointId: 'your webhook endpoints',
};

/** Segments that say where a field travelled, not what it is. */
const PLACES = new Set(['body', 'querystring', 'params', 'headers']);

const ACRONYMS = new Set(['vat', 'url', 'id', 'pdf', 'csv', 'smtp', 'iban', 'bic', 'csrf', 'http', 'bom']);

function words(key: string): string {
  const known = KEY_LABELS[key];
  if (known) return known;
  const parts = key
    .replace(/Ids$/, 's')
    .replace(/(.)Id$/, '$1')
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .split(' ')
    .filter(Boolean)
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word));
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function singular(label: string): string {
  if (/(ss|x|ch|sh)es$/.test(label) || label.endsWith('taxes')) return label.slice(0, -2);
  if (label.endsWith('ies')) return `${label.slice(0, -3)}y`;
  if (label.endsWith('s') && !/(ss|us)$/.test(label)) return label.slice(0, -1);
  return label;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

const isIndex = (segment: string) => /^\d+$/.test(segment);

/** "Unit price on line 2", "Rate of tax 1 on line 2", "Tax rate 1 on line 2", "Address city", "Line 2", "Request". */
export function fieldLabel(path: string): string {
  const segments = path.split('.').filter((segment) => segment !== '' && !PLACES.has(segment));
  if (segments.length === 0) return 'Request';
  const places: string[] = [];
  const name: string[] = [];
  segments.forEach((segment, i) => {
    const next = segments[i + 1];
    if (isIndex(segment)) return;
    if (next !== undefined && isIndex(next)) {
      // An entry of a list: "line 2"; the list's own name is only said when the entry itself is at fault.
      const entry = `${singular(lowerFirst(words(segment)))} ${Number(next) + 1}`;
      if (i + 2 >= segments.length) name.push(entry);
      else places.push(entry);
      return;
    }
    name.push(words(segment));
  });
  let own = name.map((part, i) => (i === 0 ? part : lowerFirst(part))).join(' ');
  // "Tax rate" of "tax 1" is "Tax rate 1"; other fields of an entry are "Rate of tax 1".
  const innermost = places.at(-1)?.split(' ');
  if (innermost && own.toLowerCase().startsWith(`${innermost[0]} `)) {
    own = `${own} ${innermost[1]}`;
    places.pop();
  }
  // A field is "on line 2" of a document, and "of" any other entry ("Email of contact 2", "Rate of tax 1").
  const within = places.reverse().map((place) => `${place.startsWith('line ') ? 'on' : 'of'} ${place}`);
  const label = [own, ...within].join(' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/**
 * The key of a field at the top of a request ("password", "querystring.q" -> "q"), '' for the request itself, or
 * null for a field inside an entry or a group ("lines.1.unitPrice", "address.city").
 */
export function topLevelKey(path: string): string | null {
  const segments = path.split('.').filter((segment) => segment !== '' && !PLACES.has(segment));
  if (segments.length > 1) return null;
  return segments[0] ?? '';
}

/** What an id field is chosen from ("your clients"), or null when the key is not a known reference. */
export function chosenFrom(key: string | undefined): string | null {
  return key ? (CHOSEN_FROM[key] ?? null) : null;
}

/** Messages that name no subject and read after the field's label: "must be…", "is required". */
const PREDICATE = /^(must|is|has|needs|cannot|can only|should)\b/i;

/**
 * The message a person reads for a field: the label and the rule ("Unit price on line 2 must have at most 4 decimal
 * places"). A message that starts with the machine path has it replaced by the label; a message that is a whole
 * sentence of its own ("Describe what this line is for") is kept.
 */
export function labelledMessage(field: string, message: string): string {
  const label = fieldLabel(field);
  const afterPath = message.startsWith(`${field} `) ? message.slice(field.length + 1) : null;
  if (afterPath !== null) return `${label} ${afterPath}`;
  if (PREDICATE.test(message)) return `${label} ${lowerFirst(message)}`;
  return message;
}
