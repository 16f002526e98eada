type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * A job's batches with up to `limit` running at once, each on its own connection: while the database writes one
 * batch, Node reads and prepares the next, so neither waits for the other. `finish` is told each batch's result in
 * the order the batches started; the first failure is thrown (by `start` or `drain`) once it is the oldest.
 * Use `run` so that on an error the batches still running end (their transactions commit or roll back) before it
 * returns.
 */
export class BatchesInFlight<T> {
  // Settled results, so a batch that fails while an earlier one is awaited is not an unhandled rejection.
  private readonly running: Promise<Settled<T>>[] = [];

  constructor(
    private readonly limit: number,
    private readonly finish: (result: T) => void,
  ) {}

  /** Starts a batch; waits for the oldest one first when `limit` are running. */
  async start(batch: () => Promise<T>): Promise<void> {
    if (this.running.length >= this.limit) await this.finishOldest();
    this.running.push(
      batch().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
  }

  /** Runs `loop` (which starts the batches), then waits for all of them; on any error, for those still running. */
  async run(loop: () => Promise<void>): Promise<void> {
    try {
      await loop();
      while (this.running.length > 0) await this.finishOldest();
    } finally {
      await Promise.all(this.running);
    }
  }

  private async finishOldest(): Promise<void> {
    const result = await this.running.shift()!;
    if (!result.ok) throw result.error;
    this.finish(result.value);
  }
}
