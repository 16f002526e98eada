import type { StoredTax } from '../../db/schema.ts';
import type { DiscountInput } from '../../domain/totals.ts';
import { documentTotals } from '../../services/documents/document-totals.ts';

/**
 * The invoice bodies the bulk seed copies: a few hundred per currency, each totalled once by the totals engine.
 * Millions of invoices then reuse them in SQL, so every stored total is the engine's own figure without running the
 * engine a million times.
 */
export interface TemplateLine {
  description: string;
  quantity: string;
  unitPrice: string;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  unit: string | null;
}

export interface DocumentTemplate {
  currency: string;
  /** Index within the currency's templates (0 .. perCurrency − 1). */
  index: number;
  discount: DiscountInput | null;
  taxes: StoredTax[];
  taxRounding: 'per_document' | 'per_line';
  invoiceDiscountMode: 'before_tax' | 'after_tax';
  lines: TemplateLine[];
  totalMinor: bigint;
}

/** The taxes a currency's invoices carry: document-level sets to choose from, and a reduced rate for some lines. */
export interface CurrencyTaxes {
  documentSets: StoredTax[][];
  reducedLineTax: StoredTax | null;
}

/** A small deterministic generator (mulberry32): the same seed gives the same data set. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES: { description: string; unit: string | null; prices: number[]; quantities: string[] }[] = [
  {
    description: 'Design hours',
    unit: 'HUR',
    prices: [65, 85, 95, 120],
    quantities: ['1', '2.5', '7.5', '12', '16'],
  },
  {
    description: 'Development hours',
    unit: 'HUR',
    prices: [90, 110, 135],
    quantities: ['4', '8', '20', '37.5'],
  },
  { description: 'Project management', unit: 'HUR', prices: [70, 80], quantities: ['2', '3.25', '6'] },
  { description: 'Consulting day', unit: 'DAY', prices: [650, 800, 950], quantities: ['1', '2', '0.5', '3'] },
  { description: 'Workshop facilitation', unit: 'DAY', prices: [1200, 1500], quantities: ['1', '2'] },
  {
    description: 'Hosting, monthly plan',
    unit: 'MON',
    prices: [29, 49.99, 120],
    quantities: ['1', '3', '12'],
  },
  { description: 'Support retainer', unit: 'MON', prices: [450, 900], quantities: ['1'] },
  {
    description: 'Software licence',
    unit: 'C62',
    prices: [19.99, 249, 399.5],
    quantities: ['1', '5', '10', '25'],
  },
  {
    description: 'Printed brochures (box of 250)',
    unit: null,
    prices: [84.5, 132.25],
    quantities: ['1', '2', '4'],
  },
  { description: 'Photography session', unit: null, prices: [380, 540], quantities: ['1'] },
  { description: 'Copywriting, per page', unit: null, prices: [75, 95.5], quantities: ['3', '6', '11'] },
  { description: 'Travel expenses', unit: null, prices: [42.8, 118.4, 263.15], quantities: ['1'] },
  { description: 'Domain renewal', unit: null, prices: [14.99, 22], quantities: ['1', '2'] },
  { description: 'Stock images', unit: 'C62', prices: [9.5, 12], quantities: ['4', '10', '18'] },
];

/** Major-unit prices are written for two-decimal currencies; zero-decimal ones scale them to whole units. */
const PRICE_SCALE: Record<string, number> = { JPY: 150 };

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function priceText(price: number, currency: string): string {
  const scale = PRICE_SCALE[currency];
  return scale ? String(Math.round(price * scale)) : price.toFixed(2);
}

/** Between 1 and 14 lines, 7.5 on average, like the invoices of a busy agency. */
function lineCount(random: () => number): number {
  return Math.max(1, Math.min(14, Math.round(3 + random() * 9)));
}

function makeLine(random: () => number, currency: string, taxes: CurrencyTaxes): TemplateLine {
  const service = pick(random, SERVICES);
  const discountRoll = random();
  const discount: DiscountInput | null =
    discountRoll < 0.08
      ? { kind: 'percent', value: pick(random, ['5', '10', '12.5']) }
      : discountRoll < 0.1
        ? { kind: 'fixed', value: currency === 'JPY' ? '500' : '10.00' }
        : null;
  return {
    description: service.description,
    quantity: pick(random, service.quantities),
    unitPrice: priceText(pick(random, service.prices), currency),
    discount,
    taxes: taxes.reducedLineTax && random() < 0.1 ? [taxes.reducedLineTax] : [],
    unit: service.unit,
  };
}

export function makeTemplates(
  currencies: Record<string, CurrencyTaxes>,
  perCurrency: number,
  random: () => number,
): DocumentTemplate[] {
  const templates: DocumentTemplate[] = [];
  for (const [currency, taxes] of Object.entries(currencies)) {
    for (let index = 0; index < perCurrency; index++) {
      templates.push(makeTemplate(random, currency, index, taxes));
    }
  }
  return templates;
}

/** One template; drawn again in the rare case its lines would not add up to a positive invoice. */
function makeTemplate(
  random: () => number,
  currency: string,
  index: number,
  taxes: CurrencyTaxes,
): DocumentTemplate {
  for (;;) {
    const lines = Array.from({ length: lineCount(random) }, () => makeLine(random, currency, taxes));
    const discountRoll = random();
    const template = {
      currency,
      index,
      discount:
        discountRoll < 0.1 ? ({ kind: 'percent', value: pick(random, ['2', '5', '7.5']) } as const) : null,
      taxes: pick(random, taxes.documentSets),
      taxRounding: random() < 0.85 ? ('per_document' as const) : ('per_line' as const),
      invoiceDiscountMode: random() < 0.9 ? ('before_tax' as const) : ('after_tax' as const),
      lines,
    };
    const totals = documentTotals({ ...template, amountPaid: 0n });
    if (totals.total >= 100n) return { ...template, totalMinor: totals.total };
  }
}
