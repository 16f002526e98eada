/**
 * Column names of other invoicing programs' files, so their exports map without a manual step (docs/imports.md
 * lists them). Invoice Ninja v5 writes English headers built from its report keys ("Client Name", "Invoice Amount";
 * its item export prefixes "Item "); the keys themselves ("invoice.number") are accepted too. InvoiceShelf and
 * Crater have no CSV export of their own: the preset reads their database column names, as a table export
 * (phpMyAdmin, Adminer, `SELECT ... INTO OUTFILE`) writes them, and their amounts are whole cents.
 */
import type { ImportKind } from './fields.ts';

export const IMPORT_PRESETS = ['invoice-ninja', 'invoiceshelf'] as const;
export type ImportPresetId = (typeof IMPORT_PRESETS)[number];

export interface ImportPreset {
  id: ImportPresetId;
  name: string;
  /** Amounts in the file are whole minor units (cents). */
  amountsInMinorUnits: boolean;
  columns: Record<ImportKind, Record<string, string[]>>;
}

const INVOICE_NINJA: ImportPreset = {
  id: 'invoice-ninja',
  name: 'Invoice Ninja v5',
  amountsInMinorUnits: false,
  columns: {
    clients: {
      name: ['Client Name', 'Name', 'client.name'],
      phone: ['Client Phone', 'client.phone'],
      addressLine1: ['Client Street', 'Street', 'client.address1'],
      addressLine2: ['Client Apt/Suite', 'Apt/Suite', 'client.address2'],
      city: ['Client City', 'City', 'client.city'],
      region: ['Client State/Province', 'State/Province', 'client.state'],
      postalCode: ['Client Postal Code', 'Postal Code', 'client.postal_code'],
      country: ['Client Country', 'Country', 'client.country_id'],
      currency: ['Client Currency', 'Currency', 'client.currency_id'],
      vatId: ['Client VAT Number', 'VAT Number', 'client.vat_number'],
      taxId: ['Client ID Number', 'ID Number', 'client.id_number'],
      notes: ['Client Private Notes', 'Private Notes', 'client.private_notes'],
      email: ['Contact Email', 'Email', 'contact.email'],
      contactFirstName: ['Contact First Name', 'First Name', 'contact.first_name'],
      contactLastName: ['Contact Last Name', 'Last Name', 'contact.last_name'],
    },
    items: {
      name: ['Product', 'Product Key', 'product.product_key'],
      description: ['Notes', 'product.notes'],
      unitPrice: ['Price', 'product.price'],
    },
    invoices: {
      number: ['Invoice Invoice Number', 'Invoice Number', 'invoice.number'],
      clientName: ['Client Name', 'client.name'],
      clientEmail: ['Contact Email', 'contact.email'],
      currency: ['Client Currency', 'client.currency_id'],
      issueDate: ['Invoice Date', 'invoice.date'],
      dueDate: ['Invoice Due Date', 'Due Date', 'invoice.due_date'],
      status: ['Invoice Status', 'invoice.status'],
      total: ['Invoice Amount', 'invoice.amount'],
      amountPaid: ['Invoice Paid to Date', 'Paid to Date', 'invoice.paid_to_date'],
      balance: ['Invoice Balance', 'invoice.balance'],
      orderReference: ['Invoice PO Number', 'PO Number', 'invoice.po_number'],
      notes: ['Invoice Public Notes', 'Public Notes', 'invoice.public_notes'],
      terms: ['Invoice Terms', 'invoice.terms'],
      taxInclusive: ['Invoice Uses Inclusive Taxes', 'invoice.uses_inclusive_taxes'],
      description: ['Item Notes', 'item.notes'],
      quantity: ['Item Quantity', 'item.quantity'],
      unitPrice: ['Item Cost', 'item.cost'],
      taxName: ['Item Tax Name 1', 'item.tax_name1'],
      taxRate: ['Item Tax Rate 1', 'item.tax_rate1'],
    },
  },
};

const INVOICESHELF: ImportPreset = {
  id: 'invoiceshelf',
  name: 'InvoiceShelf / Crater',
  amountsInMinorUnits: true,
  columns: {
    clients: {
      name: ['name', 'display_name'],
      company: ['company_name'],
      email: ['email'],
      phone: ['phone'],
      contactName: ['contact_name'],
      addressLine1: ['address_street_1'],
      addressLine2: ['address_street_2'],
      city: ['city'],
      region: ['state'],
      postalCode: ['zip'],
      country: ['country_name', 'country'],
      currency: ['currency_code'],
      vatId: ['tax_id'],
    },
    items: {
      name: ['name'],
      description: ['description'],
      unitPrice: ['price'],
      unit: ['unit_name'],
    },
    invoices: {
      number: ['invoice_number'],
      clientName: ['customer_name', 'name'],
      clientEmail: ['customer_email', 'email'],
      currency: ['currency_code'],
      issueDate: ['invoice_date'],
      dueDate: ['due_date'],
      status: ['status'],
      total: ['total'],
      balance: ['due_amount'],
      orderReference: ['reference_number'],
      notes: ['notes'],
      description: ['item_name', 'item_description'],
      quantity: ['quantity'],
      unitPrice: ['item_price'],
    },
  },
};

export const PRESETS: Record<ImportPresetId, ImportPreset> = {
  'invoice-ninja': INVOICE_NINJA,
  invoiceshelf: INVOICESHELF,
};
