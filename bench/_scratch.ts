import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import { connectDatabase, migrateToLatest } from '../src/db/client.ts';
import type { Database } from '../src/db/schema.ts';
import { buildApp } from '../src/http/app.ts';
import { systemClock } from '../src/ports.ts';
import { createApiToken } from '../src/services/auth/create-api-token.ts';
import { createClient } from '../src/services/clients/create-client.ts';
import { systemActor } from '../src/services/context.ts';
import { createInvoice } from '../src/services/invoices/create-invoice.ts';
import { getInvoice } from '../src/services/invoices/get-invoice.ts';
import { toInvoiceView } from '../src/services/invoices/invoice-view.ts';
import { loadInvoice } from '../src/services/invoices/load-invoice.ts';
import { createTaxRate } from '../src/services/taxes/create-tax-rate.ts';
import { createUser } from '../src/services/users/create-user.ts';
import { openBenchDatabase } from './lib/database.ts';

const log = (m: string) => console.error(m);
const database = await openBenchDatabase(log);
const handle = connectDatabase(database.url, { max: 10 });
try {
  await migrateToLatest(handle.db);
  let queries: LogEvent[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: handle.pool }),
    log: (e) => {
      queries.push(e);
    },
  });
  const deps = { db, clock: systemClock };
  const admin = await createUser(deps, {
    email: 'b@example.com',
    password: 'bench-password-1',
    role: 'admin',
  });
  const { token } = await createApiToken(deps, admin.id, 'b');
  const vat = await createTaxRate(deps, { name: 'VAT', rate: '20' });
  const client = await createClient(deps, { name: 'N' });
  const input = {
    clientId: client.id,
    currency: 'EUR',
    issueDate: '2026-03-02',
    paymentTerms: 'net_30',
    taxes: [{ taxRateId: vat.id }],
    discount: { kind: 'percent' as const, value: '5' },
    lines: Array.from({ length: 10 }, (_, i) => ({
      description: `Line ${i}`,
      quantity: `${(i % 4) + 1}.5`,
      unitPrice: `${120 + i * 7}.25`,
      discount:
        i % 3 === 0
          ? { kind: 'percent' as const, value: '10' }
          : i % 3 === 1
            ? { kind: 'fixed' as const, value: '15.00' }
            : null,
    })),
  };
  const inv = await createInvoice(deps, systemActor, input);
  const app = await buildApp({ deps, appUrl: 'http://127.0.0.1', logLevel: 'silent' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const auth = { authorization: `Bearer ${token}` };
  const time = async (label: string, n: number, fn: () => Promise<unknown>) => {
    for (let i = 0; i < 20; i++) await fn();
    queries = [];
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn();
    const per = (performance.now() - t0) / n;
    const dbms = queries.reduce((s, q) => s + q.queryDurationMillis, 0) / n;
    console.log(
      `${label.padEnd(40)} ${per.toFixed(2)} ms/op  queries/op ${(queries.length / n).toFixed(1)}  db ms/op (sum) ${dbms.toFixed(2)}`,
    );
    const bySql = new Map<string, { n: number; ms: number }>();
    for (const q of queries) {
      const k = q.query.sql.slice(0, 90);
      const e = bySql.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += q.queryDurationMillis;
      bySql.set(k, e);
    }
    if (process.env.SQL)
      for (const [k, v] of bySql)
        console.log(`     ${(v.n / n).toFixed(1)}x ${(v.ms / v.n).toFixed(2)}ms  ${k}`);
  };
  const url = `${base}/api/v1/invoices/${inv.id}`;
  await time('fetch GET /healthz (app, no db)', 300, async () => (await fetch(`${base}/healthz`)).text());
  await time('fetch GET invoice (serial)', 300, async () => (await fetch(url, { headers: auth })).text());
  await time('inject GET invoice', 300, async () => app.inject({ url, headers: auth }));
  await time('service getInvoice()', 300, () => getInvoice(deps, inv.id));
  await time('loadInvoice() only', 300, () => loadInvoice(db, inv.id));
  const rec = await loadInvoice(db, inv.id);
  const tv = performance.now();
  for (let i = 0; i < 2000; i++) toInvoiceView(rec, 'UTC', new Date());
  console.log(`toInvoiceView (pure)  ${((performance.now() - tv) / 2000).toFixed(3)} ms/op`);
  const ts = performance.now();
  for (let i = 0; i < 2000; i++) JSON.stringify(toInvoiceView(rec, 'UTC', new Date()));
  console.log(`toInvoiceView+stringify ${((performance.now() - ts) / 2000).toFixed(3)} ms/op`);
  const tp = performance.now();
  for (let i = 0; i < 300; i++) await handle.pool.query('select 1');
  console.log(`pool select 1 round trip ${((performance.now() - tp) / 300).toFixed(3)} ms`);
  const body = JSON.stringify(input);
  await time('fetch POST invoice (serial)', 100, async () =>
    (
      await fetch(`${base}/api/v1/invoices`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      })
    ).text(),
  );
  const tb = performance.now();
  for (let i = 0; i < 100; i++) {
    const c = await handle.pool.connect();
    await c.query('begin');
    await c.query('commit');
    c.release();
  }
  console.log(`empty begin/commit ${((performance.now() - tb) / 100).toFixed(3)} ms`);
  await app.close();
} finally {
  await handle.close();
  await database.dispose();
}
