/**
 * What every benchmark script needs around its measurements: settings from the environment, progress lines on
 * stderr (stdout carries the results), and one cleanup list undone in reverse order on success, failure or Ctrl-C.
 * The embedded PostgreSQL is a detached process: a run that skipped the cleanup would leave it running.
 */

export const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

/** A setting from the environment: a number >= min (a whole one when `integer`), or the fallback when unset. */
export function envNumber(name: string, fallback: number, min: number, integer = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(integer ? Number.isInteger(value) : Number.isFinite(value)) || value < min)
    throw new Error(`${name} must be a ${integer ? 'whole ' : ''}number >= ${min}, got "${raw}"`);
  return value;
}

export const envInteger = (name: string, fallback: number, min = 1) => envNumber(name, fallback, min, true);

const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | undefined;

/** Registers how to close something just opened. */
export function onCleanup(close: () => Promise<unknown>): void {
  cleanups.push(close);
}

/** Closes everything registered, newest first; a failing step is reported and the others still run. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const close of cleanups.reverse()) {
      try {
        await close();
      } catch (error) {
        console.error('[bench] cleanup step failed:', error);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
