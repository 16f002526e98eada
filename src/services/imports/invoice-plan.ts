/**
 * Checks the rows of a historical invoice file and turns them into invoices: rows with the same number are one
 * invoice's lines; the first row gives the invoice's client, dates, total and payment. Figures come from the totals
 * engine and are checked against the file's total. No database access: what it needs is read once beforehand.
 */
import { randomUUID } from 'node:crypto';
import type { SettingsRow, StoredTax } from '../../db/schema.ts';
import { currencyExponent, formatMinor, isCurrency, parseMoney } from '../../domain/currency.ts';
import { compareDates, dueDateFor, parsePaymentTerms } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { StoredStatus } from '../../domain/invoice-status.ts';
import { matchDocumentNumber } from '../../domain/numbering.ts';
import { computeTotals, type LineInput } from '../../domain/totals.ts';
import type { ImportRow, RowProblems } from './import-file.ts';

export interface InvoiceImportContext {
  settings: SettingsRow;
  today: string;
  /** Numbers already used by invoices. */
  takenNumbers: Set<string>;
  /** Invoice counters: scope -> last value taken. */
  counters: Map<string, number>;
  clientKeys: Map<string, string[]>;
  clientCurrencies: Map<string, string | null>;
}

export interface PlannedClient {
  id: string;
  name: string;
  email: string;
  currency: string | null;
}

export interface PlannedInvoice {
  id: string;
  number: string;
  clientId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  status: StoredStatus;
  totalMinor: bigint;
  paidMinor: bigint;
  paidOn: string;
  notes: string;
  terms: string;
  orderReference: string;
  lines: { description: string; quantity: string; unitPrice: string; taxes: StoredTax[] }[];
}

/** Remit's own patterns write at most 60 characters and a sequence; room for longer numbers from elsewhere. */
const MAX_NUMBER_LENGTH = 100;

const VOID_WORDS = /void|cancel|reversed|deleted|storn/i;

/** Rows by invoice number, in the order numbers first appear. */
function groupByNumber(rows: ImportRow[], problems: RowProblems): ImportRow[][] {
  const groups = new Map<string, ImportRow[]>();
  for (const row of rows) {
    const number = row.get('number');
    if (!number) {
      problems.add(row, 'number', 'An invoice needs its number');
      continue;
    }
    groups.set(number, [...(groups.get(number) ?? []), row]);
  }
  return [...groups.values()];
}

/** Which field of the file a totals-engine field (lines.2.quantity, lines.0.taxes.0.rate) came from. */
function fileFieldOf(engineField: string | undefined): { line: number; field: string } | null {
  const match = /^lines\.(\d+)\.(\w+)/.exec(engineField ?? '');
  if (!match) return null;
  const name = match[2]!;
  return { line: Number(match[1]), field: name === 'taxes' ? 'taxRate' : name };
}

export class InvoicePlanner {
  readonly invoices: PlannedInvoice[] = [];
  readonly newClients = new Map<string, PlannedClient>();
  readonly matchedClients = new Set<string>();
  /** Counter scope -> the last sequence the file takes in it: the counter moves there with the import. */
  readonly counterAdvances = new Map<string, number>();
  /** Numbers of the file that Remit's own series would issue later, by counter scope. */
  private readonly seriesClaims = new Map<string, { row: ImportRow; number: string; sequence: number }[]>();

  constructor(
    private readonly context: InvoiceImportContext,
    private readonly problems: RowProblems,
  ) {}

  planAll(rows: ImportRow[]): void {
    for (const group of groupByNumber(rows, this.problems)) this.plan(group);
    this.continueSeries();
  }

  /**
   * Numbers the invoice series would issue later continue it: the counter moves past them, so the next invoice Remit
   * issues follows the file's last (the usual move from another tool with the same numbering). They must follow the
   * counter without a gap, or the series would skip numbers.
   */
  private continueSeries(): void {
    const pattern = this.context.settings.invoice_number_pattern;
    for (const [scope, claims] of this.seriesClaims) {
      claims.sort((a, b) => a.sequence - b.sequence);
      let expected = (this.context.counters.get(scope) ?? 0) + 1;
      let out: (typeof claims)[number] | undefined;
      for (const claim of claims) {
        if (claim.sequence !== expected) {
          out = claim;
          break;
        }
        expected++;
      }
      if (out) {
        const reason =
          out.sequence < expected
            ? `takes sequence ${out.sequence} of Remit's series ${pattern} a second time:`
            : `would leave a gap in Remit's series ${pattern}, whose next number is sequence ${expected}: import the ` +
              'numbers in between too,';
        this.problems.add(
          out.row,
          'number',
          `${out.number} ${reason} rename it (e.g. with a prefix such as "OLD-") or change the invoice number ` +
            'pattern in settings first',
        );
      } else {
        this.counterAdvances.set(scope, claims[claims.length - 1]!.sequence);
      }
    }
  }

  private clientFor(row: ImportRow): { id: string; currency: string | null } | null {
    const name = row.get('clientName');
    const email = row.get('clientEmail').toLowerCase();
    if (!name && !email) {
      this.problems.add(row, 'clientName', "An invoice needs its client's name or email");
      return null;
    }
    const keys = [email && `email:${email}`, name && `name:${name.toLowerCase()}`].filter(
      Boolean,
    ) as string[];
    for (const key of keys) {
      const ids = this.context.clientKeys.get(key);
      if (!ids) continue;
      if (ids.length > 1) {
        const field = key.startsWith('email:') ? 'clientEmail' : 'clientName';
        this.problems.add(
          row,
          field,
          `${ids.length} clients match "${key.slice(key.indexOf(':') + 1)}": give the client's email to tell them apart`,
        );
        return null;
      }
      this.matchedClients.add(ids[0]!);
      return { id: ids[0]!, currency: this.context.clientCurrencies.get(ids[0]!) ?? null };
    }
    const key = keys[0]!;
    let client = this.newClients.get(key);
    if (!client) {
      client = {
        id: randomUUID(),
        name: name || email,
        email,
        currency: row.get('currency').toUpperCase() || null,
      };
      this.newClients.set(key, client);
    }
    return client;
  }

  private numberFree(row: ImportRow, number: string): boolean {
    if (number.length > MAX_NUMBER_LENGTH) {
      this.problems.add(row, 'number', `An invoice number has at most ${MAX_NUMBER_LENGTH} characters`);
      return false;
    }
    if (this.context.takenNumbers.has(number)) {
      this.problems.add(row, 'number', `An invoice numbered ${number} already exists`);
      return false;
    }
    const inSeries = matchDocumentNumber(this.context.settings.invoice_number_pattern, number);
    if (inSeries && inSeries.sequence > (this.context.counters.get(inSeries.scope) ?? 0)) {
      const claims = this.seriesClaims.get(inSeries.scope) ?? [];
      claims.push({ row, number, sequence: inSeries.sequence });
      this.seriesClaims.set(inSeries.scope, claims);
    }
    return true;
  }

  private money(row: ImportRow, field: string, currency: string, exponent: number): bigint | undefined {
    const text = this.problems.amount(row, field, exponent);
    if (text === undefined) return undefined;
    try {
      return parseMoney(text, exponent, field);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.problems.add(row, field, `"${row.get(field)}" has more decimals than ${currency} allows`);
      return undefined;
    }
  }

  private linesOf(rows: ImportRow[], exponent: number) {
    const lineRows = rows.filter((row) => row.get('unitPrice') !== '');
    if (lineRows.length === 0) return null;
    for (const row of rows) {
      if (!lineRows.includes(row))
        this.problems.add(row, 'unitPrice', 'A line of an invoice with lines needs a unit price');
    }
    return lineRows.map((row) => {
      const rate = this.problems.number(row, 'taxRate');
      const inclusive = this.problems.boolean(rows[0]!, 'taxInclusive') ?? false;
      const taxes: StoredTax[] =
        rate === undefined || /^-?0*(\.0*)?$/.test(rate)
          ? []
          : [
              {
                taxRateId: null,
                name: row.get('taxName') || `Tax ${rate}%`,
                rate,
                inclusive,
                compound: false,
              },
            ];
      return {
        row,
        description: row.get('description') || 'Imported line',
        quantity: this.problems.number(row, 'quantity') ?? '1',
        unitPrice: this.problems.amount(row, 'unitPrice', exponent) ?? '0',
        taxes,
      };
    });
  }

  private plan(rows: ImportRow[]): void {
    const first = rows[0]!;
    const { problems, context } = this;
    const badBefore = problems.badRows;
    const number = first.get('number');
    for (const row of rows.slice(1)) {
      for (const field of ['clientName', 'clientEmail', 'issueDate'] as const) {
        if (row.get(field) && row.get(field) !== first.get(field)) {
          problems.add(
            row,
            field,
            `Line ${first.line} gives invoice ${number} another ${field === 'issueDate' ? 'issue date' : 'client'}: rows with one number are the lines of one invoice`,
          );
        }
      }
    }
    this.numberFree(first, number);
    const client = this.clientFor(first);
    const currency = (
      first.get('currency') ||
      client?.currency ||
      context.settings.default_currency
    ).toUpperCase();
    if (!isCurrency(currency)) {
      problems.add(first, 'currency', `"${first.get('currency')}" is not an ISO 4217 currency code`);
      return;
    }
    const exponent = currencyExponent(currency);
    const issueDate = problems.date(first, 'issueDate');
    if (!first.get('issueDate')) problems.add(first, 'issueDate', 'An invoice needs its issue date');
    if (issueDate && compareDates(issueDate, context.today) > 0) {
      problems.add(
        first,
        'issueDate',
        `The issue date ${issueDate} is in the future: only past invoices are imported`,
      );
    }
    const givenDue = problems.date(first, 'dueDate');
    if (issueDate && givenDue && compareDates(givenDue, issueDate) < 0) {
      problems.add(first, 'dueDate', `The due date ${givenDue} is before the issue date ${issueDate}`);
    }
    const status = first.get('status');
    if (/draft/i.test(status)) {
      problems.add(
        first,
        'status',
        'A draft has no number in Remit: leave drafts out of the file, or import them as sent',
      );
    }

    const lines = this.linesOf(rows, exponent);
    const fileTotal = this.money(first, 'total', currency, exponent);
    let totalMinor: bigint | undefined;
    if (lines) {
      try {
        const inputs: LineInput[] = lines.map(({ quantity, unitPrice, taxes }) => ({
          quantity,
          unitPrice,
          taxes,
        }));
        totalMinor = computeTotals({
          currency,
          lines: inputs,
          taxes: [],
          settings: {
            taxRounding: context.settings.tax_rounding,
            invoiceDiscountMode: context.settings.invoice_discount_mode,
          },
        }).total;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const at = fileFieldOf(error.field);
        problems.add(at ? lines[at.line]!.row : first, at?.field ?? null, error.message);
      }
      const tolerance = BigInt(lines.length);
      if (totalMinor !== undefined && fileTotal !== undefined) {
        const difference = totalMinor > fileTotal ? totalMinor - fileTotal : fileTotal - totalMinor;
        if (difference > tolerance) {
          problems.add(
            first,
            'total',
            `The total ${formatMinor(fileTotal, exponent)} differs from ${formatMinor(totalMinor, exponent)} ${currency}, ` +
              "the total of the invoice's lines: check their quantities, prices and tax rates",
          );
        }
      }
    } else if (fileTotal !== undefined) {
      totalMinor = fileTotal;
    } else if (!first.get('total')) {
      problems.add(first, 'total', 'An invoice needs its total, or lines with unit prices');
    }
    if (totalMinor !== undefined && totalMinor <= 0n) {
      problems.add(
        first,
        lines ? 'unitPrice' : 'total',
        'An invoice total must be more than zero (credit notes are not imported)',
      );
    }

    const paid = this.money(first, 'amountPaid', currency, exponent);
    const balance = paid === undefined ? this.money(first, 'balance', currency, exponent) : undefined;
    const total = totalMinor ?? 0n;
    const paidMinor = paid ?? (balance === undefined ? 0n : total - balance);
    const paidField = paid === undefined ? 'balance' : 'amountPaid';
    if (totalMinor !== undefined && (paidMinor < 0n || paidMinor > total)) {
      problems.add(
        first,
        paidField,
        paid === undefined
          ? 'The balance is more than the total'
          : `The amount paid ${formatMinor(paidMinor, exponent)} is more than the total ${formatMinor(total, exponent)}`,
      );
    }
    const isVoid = VOID_WORDS.test(status);
    if (isVoid && paidMinor > 0n) {
      problems.add(first, 'status', 'A void invoice cannot keep payments: leave the amount paid empty or 0');
    }
    const paidOn = problems.date(first, 'paidOn') ?? issueDate;
    if (paidOn && compareDates(paidOn, context.today) > 0) {
      problems.add(first, 'paidOn', `The payment date ${paidOn} is in the future`);
    }

    if (problems.badRows > badBefore || !client || !issueDate || totalMinor === undefined || !paidOn) return;
    const terms = givenDue ? 'fixed_date' : context.settings.default_payment_terms;
    this.invoices.push({
      id: randomUUID(),
      number,
      clientId: client.id,
      currency,
      issueDate,
      dueDate: givenDue ?? dueDateFor(issueDate, parsePaymentTerms(terms)),
      paymentTerms: terms,
      status: isVoid ? 'void' : paidMinor >= totalMinor ? 'paid' : paidMinor > 0n ? 'partially_paid' : 'sent',
      totalMinor,
      paidMinor,
      paidOn,
      notes: first.get('notes'),
      terms: first.get('terms'),
      orderReference: first.get('orderReference'),
      lines: lines?.map(({ description, quantity, unitPrice, taxes }) => ({
        description,
        quantity,
        unitPrice,
        taxes,
      })) ?? [
        {
          description: `Invoice ${number}`,
          quantity: '1',
          unitPrice: formatMinor(totalMinor, exponent),
          taxes: [],
        },
      ],
    });
  }
}
