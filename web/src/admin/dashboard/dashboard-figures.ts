/** GET /api/v1/dashboard: the figures are added up by the server, per currency (amounts are decimal strings). */
export interface CurrencyFigures {
  currency: string;
  outstanding: { amount: string; count: number };
  overdue: { amount: string; count: number };
  /** Issued credit notes not yet applied or refunded. */
  credit: { amount: string; count: number };
  paidThisMonth: string;
  draftCount: number;
  months: { month: string; invoiced: string; received: string }[];
}

/** "2026-11" -> "November 2026" (or "Nov" when short), read as a calendar month with no time zone shift. */
export function monthName(month: string, style: 'long' | 'short'): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(year, number - 1, 1));
  return new Intl.DateTimeFormat(undefined, {
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(first);
}
