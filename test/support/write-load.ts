/**
 * Write load against a running Remit over real HTTP: a few writers creating clients one after another, remembering
 * every creation the server acknowledged (201 and an id) so a test can look for each of them afterwards.
 */

export interface StaffHeaders {
  cookie: string;
  'x-csrf-token': string;
}

export async function logInStaff(base: string, email: string, password: string): Promise<StaffHeaders> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}: ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

export interface WriteLoadReport {
  /** Client id by name, for every 201. */
  acknowledged: Map<string, string>;
  /** Answers by status code. */
  statuses: Map<number, number>;
  /** Answers a client should never get from a database outage: anything but 201 and a proper 503. */
  unexpected: string[];
}

export interface WriteLoad {
  acknowledgedCount(): number;
  stop(): Promise<WriteLoadReport>;
}

export function startWriteLoad(base: string, headers: StaffHeaders, writers = 3): WriteLoad {
  const report: WriteLoadReport = { acknowledged: new Map(), statuses: new Map(), unexpected: [] };
  let running = true;
  let sequence = 0;
  const writer = async (index: number) => {
    while (running) {
      const name = `Load ${index}-${sequence++}`;
      try {
        const response = await fetch(`${base}/api/v1/clients`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ name, currency: 'EUR' }),
        });
        const text = await response.text();
        report.statuses.set(response.status, (report.statuses.get(response.status) ?? 0) + 1);
        if (response.status === 201) {
          report.acknowledged.set(name, (JSON.parse(text) as { id: string }).id);
        } else if (
          response.status !== 503 ||
          !response.headers.get('content-type')?.startsWith('application/problem+json') ||
          !response.headers.get('retry-after')
        ) {
          report.unexpected.push(`${response.status} ${text.slice(0, 300)}`);
        } else {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } catch (error) {
        report.unexpected.push(`request failed: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const done = Promise.all(Array.from({ length: writers }, (_, i) => writer(i)));
  return {
    acknowledgedCount: () => report.acknowledged.size,
    async stop() {
      running = false;
      await done;
      return report;
    },
  };
}

/** Polls /readyz until it answers 200; the milliseconds it took. */
export async function waitUntilReady(base: string, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const status = await fetch(`${base}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} was not ready within ${timeoutMs} ms`);
}

/** Waits until the load has had `count` more writes acknowledged. */
export async function waitForWrites(load: WriteLoad, count: number, timeoutMs = 30_000): Promise<void> {
  const target = load.acknowledgedCount() + count;
  const started = Date.now();
  while (load.acknowledgedCount() < target) {
    if (Date.now() - started > timeoutMs) throw new Error(`fewer than ${count} writes in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
