/**
 * The paper documents are printed on: A4, or US Letter where that is the norm (the US and Canada). An organisation
 * may choose; left unchosen, its country decides (its ISO code, else the region of its locale).
 */
export type PaperSize = 'a4' | 'letter';

export const PAPER_SIZES: readonly PaperSize[] = ['a4', 'letter'];

/** Width and height in PDF points (1/72 inch). */
export const PAPER_POINTS: Readonly<Record<PaperSize, { width: number; height: number }>> = {
  a4: { width: 595.28, height: 841.89 },
  letter: { width: 612, height: 792 },
};

const LETTER_COUNTRIES = new Set(['US', 'CA']);

function localeRegion(locale: string): string | null {
  try {
    return new Intl.Locale(locale).maximize().region ?? null;
  } catch {
    return null;
  }
}

/** The size in use: the chosen one, else Letter for a US or Canadian organisation, else A4. */
export function paperSizeFor(
  chosen: PaperSize | null,
  countryCode: string | null,
  locale: string,
): PaperSize {
  if (chosen) return chosen;
  const country = countryCode?.toUpperCase() || localeRegion(locale);
  return country && LETTER_COUNTRIES.has(country) ? 'letter' : 'a4';
}
