/**
 * What each kind of import reads: the fields a column can be mapped to, with the label people see, whether a file
 * must have it, and the usual column names it is recognised by when no preset matches.
 */

export const IMPORT_KINDS = ['clients', 'items', 'invoices'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportField {
  key: string;
  label: string;
  /** The field must be mapped to a column (some fields are needed one of two ways: see `requiredOneOf`). */
  required?: boolean;
  /** Column names that mean this field in most files, compared without case, spaces or punctuation. */
  names: string[];
}

const CLIENT_FIELDS: ImportField[] = [
  {
    key: 'name',
    label: 'Client name',
    required: true,
    names: ['name', 'client', 'client name', 'customer', 'customer name', 'display name'],
  },
  { key: 'company', label: 'Company', names: ['company', 'company name', 'organisation', 'organization'] },
  { key: 'email', label: 'Email', names: ['email', 'e-mail', 'email address'] },
  { key: 'phone', label: 'Phone', names: ['phone', 'telephone', 'phone number'] },
  {
    key: 'addressLine1',
    label: 'Address line 1',
    names: ['address', 'address 1', 'address line 1', 'street'],
  },
  { key: 'addressLine2', label: 'Address line 2', names: ['address 2', 'address line 2'] },
  { key: 'city', label: 'City', names: ['city', 'town'] },
  { key: 'region', label: 'Region or state', names: ['region', 'state', 'province', 'county'] },
  { key: 'postalCode', label: 'Postal code', names: ['postal code', 'postcode', 'zip', 'zip code'] },
  { key: 'country', label: 'Country', names: ['country'] },
  { key: 'currency', label: 'Currency', names: ['currency', 'currency code'] },
  { key: 'taxId', label: 'Tax number', names: ['tax id', 'tax number'] },
  { key: 'vatId', label: 'VAT number', names: ['vat', 'vat id', 'vat number'] },
  { key: 'language', label: 'Language', names: ['language', 'locale'] },
  { key: 'notes', label: 'Notes', names: ['notes', 'note', 'comments'] },
  { key: 'contactFirstName', label: 'Contact first name', names: ['first name', 'contact first name'] },
  { key: 'contactLastName', label: 'Contact last name', names: ['last name', 'contact last name'] },
  { key: 'contactName', label: 'Contact name', names: ['contact', 'contact name', 'contact person'] },
];

const ITEM_FIELDS: ImportField[] = [
  {
    key: 'name',
    label: 'Item name',
    required: true,
    names: ['name', 'item', 'item name', 'product', 'product name', 'service'],
  },
  { key: 'description', label: 'Description', names: ['description', 'details', 'notes'] },
  { key: 'unitPrice', label: 'Unit price', required: true, names: ['price', 'unit price', 'rate', 'cost'] },
  { key: 'currency', label: 'Currency', names: ['currency'] },
  { key: 'unit', label: 'Unit', names: ['unit', 'unit name', 'unit of measure', 'uom'] },
  { key: 'code', label: 'Item code (SKU)', names: ['code', 'sku', 'item code', 'product code'] },
];

const INVOICE_FIELDS: ImportField[] = [
  {
    key: 'number',
    label: 'Invoice number',
    required: true,
    names: ['number', 'invoice number', 'invoice no', 'invoice #', 'invoice'],
  },
  { key: 'clientName', label: 'Client name', names: ['client', 'client name', 'customer', 'customer name'] },
  { key: 'clientEmail', label: 'Client email', names: ['client email', 'customer email', 'email'] },
  { key: 'currency', label: 'Currency', names: ['currency'] },
  {
    key: 'issueDate',
    label: 'Issue date',
    required: true,
    names: ['date', 'issue date', 'invoice date', 'issued'],
  },
  { key: 'dueDate', label: 'Due date', names: ['due date', 'due', 'payment due'] },
  { key: 'status', label: 'Status', names: ['status'] },
  { key: 'description', label: 'Line description', names: ['description', 'item', 'line description'] },
  { key: 'quantity', label: 'Quantity', names: ['quantity', 'qty'] },
  { key: 'unitPrice', label: 'Unit price', names: ['unit price', 'price', 'rate'] },
  { key: 'taxName', label: 'Tax name', names: ['tax name', 'tax'] },
  { key: 'taxRate', label: 'Tax rate (%)', names: ['tax rate', 'tax %', 'vat rate'] },
  { key: 'taxInclusive', label: 'Prices include tax', names: ['tax inclusive', 'prices include tax'] },
  { key: 'total', label: 'Invoice total', names: ['total', 'amount', 'invoice total', 'grand total'] },
  { key: 'amountPaid', label: 'Amount paid', names: ['paid', 'amount paid', 'paid to date'] },
  { key: 'balance', label: 'Balance due', names: ['balance', 'balance due', 'amount due'] },
  { key: 'paidOn', label: 'Payment date', names: ['paid on', 'payment date', 'date paid'] },
  {
    key: 'orderReference',
    label: 'Order reference',
    names: ['po number', 'order reference', 'purchase order', 'reference'],
  },
  { key: 'notes', label: 'Notes', names: ['notes', 'public notes'] },
  { key: 'terms', label: 'Terms', names: ['terms'] },
];

export const IMPORT_FIELDS: Record<ImportKind, ImportField[]> = {
  clients: CLIENT_FIELDS,
  items: ITEM_FIELDS,
  invoices: INVOICE_FIELDS,
};

/** Fields of which at least one must be mapped, with what to tell people when none is. */
export const REQUIRED_ONE_OF: Record<ImportKind, { keys: string[]; message: string }[]> = {
  clients: [],
  items: [],
  invoices: [
    { keys: ['clientName', 'clientEmail'], message: "Choose the column with the client's name or email" },
    {
      keys: ['total', 'unitPrice'],
      message: "Choose the column with the invoice's total or its lines' unit prices",
    },
  ],
};

export function fieldOf(kind: ImportKind, key: string): ImportField | undefined {
  return IMPORT_FIELDS[kind].find((field) => field.key === key);
}

/** How names are compared: without case, spaces or punctuation ("Invoice #" = "invoice"). */
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
