/**
 * Cash-basis tax: the part of a document's taxable amounts and taxes that a payment (or a refund) carries.
 *
 * A document's figures (taxable amount and tax per tax) are shared out in proportion to how much of its total has
 * been paid so far, capped at the total. Each movement carries the difference between the shares after it and
 * before it, so the movements of a document always add up to the shares of what is paid in the end: to the cent
 * its own figures once it is paid in full, whatever the number and order of partial payments and refunds.
 * Within one share the figures are rounded together by largest remainder (decimal.ts `apportion`): they add up
 * to their exact sum rounded half up, never a cent more or less from rounding each one alone.
 */
import { apportion, divRoundHalfUp } from '../decimal.ts';

/** The figures of `components` that `paid` out of `total` stands for (0 <= paid is capped at total). */
export function sharesPaid(components: readonly bigint[], total: bigint, paid: bigint): bigint[] {
  if (total <= 0n) return components.map(() => 0n);
  const capped = paid <= 0n ? 0n : paid >= total ? total : paid;
  if (capped === total) return [...components];
  if (capped === 0n) return components.map(() => 0n);
  const numerators = components.map((component) => component * capped);
  let exactSum = 0n;
  for (const numerator of numerators) exactSum += numerator;
  return apportion(divRoundHalfUp(exactSum, total), numerators, total);
}

/** What one movement carries: the shares after it minus the shares before it (negative for a refund). */
export function movementShares(
  components: readonly bigint[],
  total: bigint,
  paidBefore: bigint,
  paidAfter: bigint,
): bigint[] {
  const after = sharesPaid(components, total, paidAfter);
  const before = sharesPaid(components, total, paidBefore);
  return after.map((value, index) => value - before[index]!);
}
