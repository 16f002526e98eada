/**
 * Lists at scale: `npm run bench:scale` (add `-- --1m` for a million invoices).
 *
 * Seeds BENCH_INVOICES invoices (default 100,000; `--1m`: 1,000,000) with one client per 100 invoices through
 * `remit seed-bulk`, then times, through the real HTTP API one request at a time, the invoice list's search, its
 * client order (first pages both ways) and deep pages in that order, against the best raw indexed SQL for the same
 * answer in the same run, one API request and one raw query in turn (the same rows, checked). The straightforward
 * queries the lists used before migration 024 (an OR across the join, the client order through the join) are timed
 * too, fewer times, for comparison. The app's own SQL is captured and EXPLAINed to show the indexes it reads.
 *
 * Environment: BENCH_INVOICES, BENCH_ITERATIONS (timed requests per scenario, default 200), DATABASE_URL (a server
 * to create a throw-away database on; without it an embedded PostgreSQL starts in a temporary directory),
 * BENCH_AUTH_CACHE (1, the default, as `remit start` runs: staff tokens and the invoices' time zone cached per
 * process; 0: read each time), BENCH_PG_DIR and BENCH_PG_SHARED_BUFFERS (an embedded PostgreSQL whose seeded
 * database is kept for the next run: see lib/kept-database.ts), BENCH_SCALE_ONLY=client (the client order alone, no
 * search), BENCH_HTTP_CLIENT=fetch (requests through `fetch` instead of node:http on one kept-alive connection).
 */
import { performance } from 'node:perf_hooks';
import { type CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import type { Database } from '../src/db/schema.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/ports.ts';
import { createApiToken } from '../src/services/auth/create-api-token.ts';
import { createUser } from '../src/services/users/create-user.ts';
import { keptAliveGet } from './lib/http-get.ts';
import { openKeptBenchDatabase, seedUnlessKept } from './lib/kept-database.ts';
import { latencyHistogram, percentileMs, recordMs } from './lib/measurement.ts';
import { cleanup, envInteger, onCleanup, progress } from './lib/run.ts';
import { type ListPage, rawQueries, SEARCHES, straightforwardQueries } from './lib/scale-queries.ts';

const INVOICES = process.argv.includes('--1m') ? 1_000_000 : envInteger('BENCH_INVOICES', 100_000);
const ITERATIONS = envInteger('BENCH_ITERATIONS', 200);
const AUTH_CACHE = process.env.BENCH_AUTH_CACHE !== '0';
const ONLY_CLIENT_ORDER = process.env.BENCH_SCALE_ONLY === 'client';
const searches = ONLY_CLIENT_ORDER ? [] : SEARCHES;
const FETCH_CLIENT = process.env.BENCH_HTTP_CLIENT === 'fetch';
const WARMUP = 10;

interface Timing {
  p50: number;
  p95: number;
}

/** Runs `calls` in turn, round after round, and gives the p50 and p95 of one call. */
async function time(calls: (() => Promise<unknown>)[], iterations: number): Promise<Timing> {
  const [timing] = await timeSide(calls, null, iterations);
  return timing;
}

/**
 * Times the API's calls and the raw SQL's in alternation, one of each in turn, so that on a machine shared with other
 * work both see the same moments of load rather than one block of requests meeting a busy minute the other missed.
 */
async function timeSide(
  calls: (() => Promise<unknown>)[],
  baseline: (() => Promise<unknown>)[] | null,
  iterations: number,
): Promise<[Timing, Timing]> {
  const sides = baseline ? [calls, baseline] : [calls];
  for (let i = 0; i < Math.min(WARMUP, iterations); i++)
    for (const side of sides) await side[i % side.length]!();
  const histograms = sides.map(() => latencyHistogram());
  for (let i = 0; i < iterations; i++) {
    for (const [s, side] of sides.entries()) {
      // The server shares this process: let it finish the last response (hooks, socket) before the clock starts.
      await new Promise((resolve) => setTimeout(resolve, 1));
      const begin = performance.now();
      await side[i % side.length]!();
      recordMs(histograms[s]!, performance.now() - begin);
    }
  }
  const [first, second] = histograms.map((h) => ({ p50: percentileMs(h, 50), p95: percentileMs(h, 95) }));
  return [first!, second ?? first!];
}

async function main() {
  const database = await openKeptBenchDatabase(progress);
  onCleanup(() => database.dispose());
  const handle = connectDatabase(database.url, { max: 10 });
  onCleanup(() => handle.close());
  await migrateToLatest(handle.db);
  const clients = Math.max(10, Math.ceil(INVOICES / 100));
  progress(`seeding ${INVOICES} invoices, ${clients} clients (${database.description})`);
  const seeded = await seedUnlessKept(
    { db: handle.db, clock: systemClock },
    database,
    { invoices: INVOICES, clients, onProgress: (done) => progress(`  ${done} invoices`) },
    progress,
  );
  if (!seeded.reused)
    progress(`seeded ${seeded.invoices} invoices, ${seeded.lines} lines in ${seeded.seconds.toFixed(1)} s`);

  // The app runs on the same pool through a Kysely that remembers its last invoice list query, to EXPLAIN it.
  let lastListQuery: CompiledQuery | null = null;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: handle.pool }),
    log: (event) => {
      if (event.level === 'query' && event.query.sql.includes('"sort_values"')) lastListQuery = event.query;
    },
  });
  const deps = { db, clock: systemClock };
  const admin = await createUser(deps, {
    // A kept database has the users of earlier runs.
    email: `bench-${Date.now()}@example.com`,
    name: 'Bench',
    password: 'bench-password-1',
    role: 'admin',
  });
  const { token } = await createApiToken(deps, admin.id, 'bench');
  const app = await buildApp({
    deps,
    appUrl: 'http://127.0.0.1',
    logLevel: 'silent',
    ...(AUTH_CACHE
      ? {
          authCache: { connectionString: database.url },
          invoiceViewCache: { connectionString: database.url },
        }
      : {}),
  });
  onCleanup(() => app.close());
  progress(
    `authentication and invoice caches: ${AUTH_CACHE ? 'on' : 'off'}; client: ${FETCH_CLIENT ? 'fetch' : 'node:http'}`,
  );
  const baseUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/api/v1/invoices`;
  const client = keptAliveGet({ authorization: `Bearer ${token}` });
  onCleanup(async () => client.close());
  const get = async (query: string): Promise<ListPage> => {
    const url = `${baseUrl}?${query}`;
    if (FETCH_CLIENT) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (response.status !== 200)
        throw new Error(`GET ?${query}: ${response.status} ${await response.text()}`);
      return (await response.json()) as ListPage;
    }
    const { status, text } = await client.get(url);
    if (status !== 200) throw new Error(`GET ?${query}: ${status} ${text}`);
    return JSON.parse(text) as ListPage;
  };
  const raw = rawQueries(handle.pool);
  const before = straightforwardQueries(handle.pool);

  /** The app's page and the raw query's must hold the same invoices in the same order. */
  const same = async (what: string, app: ListPage, rawIds: string[]) => {
    const appIds = app.items.map((item) => item.id);
    if (JSON.stringify(appIds) !== JSON.stringify(rawIds.slice(0, appIds.length)))
      throw new Error(`${what}: the API and the raw query disagree`);
  };
  const plans: string[] = [];
  const explain = async (what: string) => {
    const query = lastListQuery!;
    const plan = await handle.pool.query(`explain (analyze, costs off) ${query.sql}`, [...query.parameters]);
    const lines = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']!);
    const indexes = [
      ...new Set(lines.flatMap((line) => /(?:using|on) (\w+_idx|\w+_pkey)\b/.exec(line)?.[1] ?? [])),
    ];
    const scans = lines.filter((line) => /Seq Scan on invoices/.test(line)).length;
    plans.push(`- ${what}: indexes ${indexes.join(', ') || 'none'}${scans ? `; SEQ SCAN on invoices` : ''}`);
  };

  // Search: the API against the same union over the trigram indexes, written by hand.
  for (const q of searches) {
    await same(`search ${q}`, await get(`q=${encodeURIComponent(q)}&limit=25`), await raw.search(q));
    await explain(`search "${q}"`);
  }
  // Deep pages in client order: cursors 20, 40, ... pages of 100 in, collected by walking the list.
  const deepCursors: string[] = [];
  let cursor: string | null = null;
  for (let page = 1; page <= 100 && deepCursors.length < 5; page++) {
    const body: ListPage = await get(`sort=client&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    cursor = body.nextCursor;
    if (!cursor) break;
    if (page % 20 === 0) deepCursors.push(cursor);
  }
  const cursorKey = (c: string) =>
    JSON.parse(Buffer.from(c, 'base64url').toString()).values as [string, string];
  for (const c of deepCursors) {
    await same(
      'deep page',
      await get(`sort=client&limit=25&cursor=${c}`),
      await raw.clientPage(cursorKey(c)),
    );
  }
  await explain('client order, deep page');
  await same('client order', await get('sort=client&limit=25'), await raw.clientPage(null));
  await explain('client order, first page');
  await same('client order desc', await get('sort=-client&limit=25'), await raw.clientPage(null, true));

  const rows: { name: string; app: Timing; raw: Timing; before?: Timing }[] = [];
  const measure = async (
    name: string,
    app: (() => Promise<unknown>)[],
    baseline: (() => Promise<unknown>)[],
    old?: (() => Promise<unknown>)[],
  ) => {
    progress(`timing ${name}`);
    const [appTiming, rawTiming] = await timeSide(app, baseline, ITERATIONS);
    const oldTiming = old
      ? await time(old, Math.max(SEARCHES.length, Math.ceil(ITERATIONS / 10)))
      : undefined;
    rows.push({ name, app: appTiming, raw: rawTiming, before: oldTiming });
  };
  if (!ONLY_CLIENT_ORDER)
    await measure(
      'search q= (number or client fragment)',
      SEARCHES.map((q) => () => get(`q=${encodeURIComponent(q)}&limit=25`)),
      SEARCHES.map((q) => () => raw.search(q)),
      SEARCHES.map((q) => () => before.search(q)),
    );
  await measure(
    'sorted by client, first page (asc, desc)',
    [() => get('sort=client&limit=25'), () => get('sort=-client&limit=25')],
    [() => raw.clientPage(null), () => raw.clientPage(null, true)],
    [() => before.clientPage(false), () => before.clientPage(true)],
  );
  await measure(
    'sorted by client, deep pages (cursor)',
    deepCursors.map((c) => () => get(`sort=client&limit=25&cursor=${c}`)),
    deepCursors.map((c) => () => raw.clientPage(cursorKey(c))),
  );

  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log(
    `\nInvoice list at ${INVOICES.toLocaleString('en')} invoices, ${clients.toLocaleString('en')} clients`,
  );
  console.log(
    `(${database.description}; ${seeded.reused ? 'seeded by an earlier run' : `seeded in ${seeded.seconds.toFixed(0)} s`}; ${ITERATIONS} requests each through ${FETCH_CLIENT ? 'fetch' : 'node:http'})\n`,
  );
  console.log(
    '| Path | API p50 | API p95 | raw SQL p50 | raw SQL p95 | p95 ratio | before (old query) p95 |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    console.log(
      `| ${row.name} | ${ms(row.app.p50)} | ${ms(row.app.p95)} | ${ms(row.raw.p50)} | ${ms(row.raw.p95)} | ` +
        `**${(row.app.p95 / row.raw.p95).toFixed(2)}x** | ${row.before ? ms(row.before.p95) : '–'} |`,
    );
  }
  console.log("\nIndexes the API's own queries read (EXPLAIN ANALYZE):");
  for (const line of plans) console.log(line);
}

try {
  await main();
} finally {
  await cleanup();
}
