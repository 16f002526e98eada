/**
 * The buyer reference (EN 16931 BT-10; a Leitweg-ID for German public bodies) an invoice carries: its own, else
 * its client's default. The e-invoice and every printed rendering take it from here, so they never differ. Pure.
 */
export function effectiveBuyerReference(
  own: string | null | undefined,
  clientDefault: string | null | undefined,
): string {
  return own?.trim() || clientDefault?.trim() || '';
}
