/**
 * Display formatting for documents (PDF, email) with Intl, in the organisation's locale. Amounts arrive as exact
 * decimal strings from the totals engine's view; Intl.NumberFormat formats a decimal string exactly (no float on
 * the way), and the number of decimals is the one given (the currency's exponent), so nothing is rounded here.
 */

const numberFormats = new Map<string, Intl.NumberFormat>();

function cachedFormat(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (!format) {
    format = make();
    numberFormats.set(key, format);
  }
  return format;
}

/** Digits after the decimal point of a decimal string ("12.500" -> 3, "7" -> 0). */
function scaleOf(value: string): number {
  const point = value.indexOf('.');
  return point === -1 ? 0 : value.length - point - 1;
}

// Intl's formatter takes a decimal string, but TypeScript's lib types only know number | bigint.
type DecimalText = Parameters<Intl.NumberFormat['format']>[0];
const asDecimal = (value: string) => value as unknown as DecimalText;

/**
 * "1234.50" USD en-US -> "$1,234.50"; "1234.50" EUR de-DE -> "1.234,50 €"; "1234" JPY ja-JP -> "￥1,234".
 * `minimumDecimals` is the currency's exponent; a finer unit price keeps its extra digits instead of being rounded.
 */
export function formatMoney(
  amount: string,
  currency: string,
  locale: string,
  minimumDecimals: number,
): string {
  const decimals = Math.max(minimumDecimals, scaleOf(amount));
  const format = cachedFormat(
    `m|${locale}|${currency}|${decimals}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        currencyDisplay: 'symbol',
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }),
  );
  return format.format(asDecimal(amount));
}

/** A quantity or other plain decimal with the locale's separators, every given digit kept: "1.5" de-DE -> "1,5". */
export function formatDecimalNumber(value: string, locale: string): string {
  const decimals = scaleOf(value);
  const format = cachedFormat(
    `n|${locale}|${decimals}`,
    () => new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  );
  return format.format(asDecimal(value));
}

/** Moves the decimal point two places left, exactly: "19" -> "0.19", "9.975" -> "0.09975", "-5" -> "-0.05". */
function percentToFraction(rate: string): string {
  const negative = rate.startsWith('-');
  const digits = negative ? rate.slice(1) : rate;
  const [whole = '0', fraction = ''] = digits.split('.');
  const padded = whole.padStart(3, '0');
  const integer = padded.slice(0, -2).replace(/^0+(?=\d)/, '');
  const result = `${integer}.${padded.slice(-2)}${fraction}`.replace(/\.?0+$/, '');
  return `${negative ? '-' : ''}${result || '0'}`;
}

/** A tax or discount rate given in percent: "19" de-DE -> "19 %", "9.975" en-US -> "9.975%". */
export function formatPercent(rate: string, locale: string): string {
  const fraction = percentToFraction(rate);
  const decimals = Math.max(0, scaleOf(fraction) - 2);
  const format = cachedFormat(
    `p|${locale}|${decimals}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }),
  );
  return format.format(asDecimal(fraction));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar day ('YYYY-MM-DD', no time zone) in the locale's medium style: "Nov 25, 2026", "25.11.2026". */
export function formatCalendarDate(day: string, locale: string): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

const longDateFormats = new Map<string, Intl.DateTimeFormat>();

/** A calendar day in the locale's long style, for sentences: "November 25, 2026", "25. November 2026". */
export function formatLongCalendarDate(day: string, locale: string): string {
  let format = longDateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    longDateFormats.set(locale, format);
  }
  return format.format(new Date(`${day}T00:00:00Z`));
}

/** A moment as the locale writes a long date and a short time, in the time zone given: "5. Dezember 2026 um 13:33". */
export function formatMoment(moment: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: timeZone || 'UTC',
  }).format(moment);
}
