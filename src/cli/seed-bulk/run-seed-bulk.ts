import type { ServiceDeps } from '../../services/context.ts';
import { seedBulk } from './seed-bulk.ts';

/** A whole number from 1 to `max` given on the command line, or a message naming the flag. */
function count(flag: string, text: string | undefined, fallback: number | null, max: number): number {
  if (text === undefined) {
    if (fallback === null) throw new Error(`seed-bulk needs --${flag} N`);
    return fallback;
  }
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw new Error(`--${flag} must be a whole number from 1 to ${max}`);
  return value;
}

/** `remit seed-bulk --invoices N [--clients M] [--seed S]`: progress on stderr, the summary on stdout. */
export async function runSeedBulk(
  deps: ServiceDeps,
  flags: { invoices?: string; clients?: string; seed?: string },
): Promise<void> {
  const invoices = count('invoices', flags.invoices, null, 10_000_000);
  const clients = count('clients', flags.clients, Math.max(10, Math.ceil(invoices / 100)), 1_000_000);
  const seed = count('seed', flags.seed, 1, 1_000_000);
  const result = await seedBulk(deps, {
    invoices,
    clients,
    seed,
    onProgress: (done, total) =>
      process.stderr.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} invoices`),
  });
  process.stderr.write('\n');
  console.log(
    `Added ${result.clients} clients, ${result.invoices} invoices, ${result.lines} lines and ${result.payments} ` +
      `payments in ${result.seconds.toFixed(1)} s.`,
  );
}
