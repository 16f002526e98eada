import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { latencyHistogram, type Measurement, percentileMs, recordMs } from './measurement.ts';

/**
 * The rows the app wrote for one invoice, copied as column -> value. Numerics, dates and JSON are read back as
 * text so they are written again exactly as stored, with no conversion on our side.
 */
export interface InvoiceRowsTemplate {
  invoice: Record<string, unknown>;
  lines: Record<string, unknown>[];
  event: Record<string, unknown>;
  /**
   * The audit log entry of the creation (a staff or API actor's), without its entity and time, or null when the
   * invoice was created by the system (no entry).
   */
  audit: Record<string, unknown> | null;
}

/** An audit_log row as rawInvoiceInserter writes it: the template's actor and request, this entry's action. */
type AuditValues = { action: string; before: string | null; after: string | null };

export async function copyInvoiceRows(pool: pg.Pool, invoiceId: string): Promise<InvoiceRowsTemplate> {
  const invoice = await pool.query(
    `select client_id, project_id, currency, issue_date::text as issue_date, due_date::text as due_date,
       payment_terms, discount_kind, discount_value::text as discount_value, taxes::text as taxes, notes, terms,
       tax_rounding, invoice_discount_mode, status, total_minor::text as total_minor, created_by
     from invoices where id = $1`,
    [invoiceId],
  );
  const lines = await pool.query(
    `select description, quantity::text as quantity, unit_price::text as unit_price, discount_kind,
       discount_value::text as discount_value, taxes::text as taxes
     from invoice_lines where invoice_id = $1 order by position`,
    [invoiceId],
  );
  const event = await pool.query(
    `select type, from_status, to_status, actor_type, actor_id, actor_name, data::text as data
     from invoice_events where invoice_id = $1 order by id limit 1`,
    [invoiceId],
  );
  const audit = await pool.query(
    `select actor_type, actor_user_id, actor_token_id, actor_name, entity_type, request_id, ip, user_agent,
       action, before::text as before, after::text as after
     from audit_log where entity_id = $1 and action = 'invoice.created'`,
    [invoiceId],
  );
  if (!invoice.rows[0] || !event.rows[0] || lines.rows.length === 0) {
    throw new Error(`Invoice ${invoiceId} has no rows to copy: did the app create it?`);
  }
  return { invoice: invoice.rows[0], lines: lines.rows, event: event.rows[0], audit: audit.rows[0] ?? null };
}

/**
 * Creates invoices the way a hand-written data layer would: per invoice one transaction with the invoice row, its
 * lines, its `created` event and, when the template has one, its audit log entry (staff and API actions have one),
 * i.e. the writes createInvoice() makes with none of its reads and checks. `andThen` may write more in the same
 * transaction and answer more audit entries, which go in the same statement as the creation's.
 *
 * Unnamed parameterised queries, as Kysely sends, so the difference with the app is the app's own work and not
 * prepared statements. The lines go in one multi-row INSERT, as writeLines() does.
 */
export function rawInvoiceInserter(
  pool: pg.Pool,
  template: InvoiceRowsTemplate,
): (andThen?: (client: pg.PoolClient, id: string, now: Date) => Promise<AuditValues[]>) => Promise<void> {
  const invoiceColumns = [...Object.keys(template.invoice), 'created_at', 'updated_at'];
  const lineColumns = ['invoice_id', 'position', ...Object.keys(template.lines[0]!)];
  const eventColumns = ['invoice_id', ...Object.keys(template.event), 'created_at'];
  const insertInvoice = `${insertSql('invoices', invoiceColumns, 1)} returning id`;
  const insertLines = insertSql('invoice_lines', lineColumns, template.lines.length);
  const insertEvent = insertSql('invoice_events', eventColumns, 1);
  const invoiceValues = Object.values(template.invoice);
  const lineValues = template.lines.map((line) => Object.values(line));
  const eventValues = Object.values(template.event);
  const audit = template.audit;
  const auditActor = audit
    ? [audit.actor_type, audit.actor_user_id, audit.actor_token_id, audit.actor_name, audit.entity_type]
    : [];
  const auditRequest = audit ? [audit.request_id, audit.ip, audit.user_agent] : [];
  const auditColumns = [
    ...['actor_type', 'actor_user_id', 'actor_token_id', 'actor_name', 'entity_type'],
    ...['request_id', 'ip', 'user_agent', 'entity_id', 'created_at', 'action', 'before', 'after'],
  ];

  return async (andThen) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const now = new Date();
      await client.query('begin');
      const { rows } = await client.query<{ id: string }>(insertInvoice, [...invoiceValues, now, now]);
      const id = rows[0]!.id;
      await client.query(
        insertLines,
        lineValues.flatMap((values, position) => [id, position, ...values]),
      );
      await client.query(insertEvent, [id, ...eventValues, now]);
      const more = (await andThen?.(client, id, now)) ?? [];
      if (audit) {
        const entries = [audit as AuditValues, ...more];
        await client.query(
          insertSql('audit_log', auditColumns, entries.length),
          entries.flatMap((entry) => [
            ...auditActor,
            ...auditRequest,
            id,
            now,
            entry.action,
            entry.before,
            entry.after,
          ]),
        );
      }
      await client.query('commit');
    } catch (error) {
      broken = error instanceof Error ? error : new Error(String(error));
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      // A client whose transaction failed is discarded rather than handed to the next caller.
      client.release(broken);
    }
  };
}

/**
 * Creates and issues invoices the way a hand-written data layer would, in one transaction per invoice: the rows
 * rawInvoiceInserter writes, then the number (the counter's upsert in `counterScope`), the invoice updated to Sent
 * with it and its `status_changed` event, and both audit entries in one statement (when the template has one): the
 * rows createInvoice() and markInvoiceSent() write, with none of their reads and checks, and one commit instead of
 * two.
 */
export function rawInvoiceIssuer(
  pool: pg.Pool,
  template: InvoiceRowsTemplate,
  numbering: { counterScope: string; format: (sequence: number) => string },
): () => Promise<void> {
  const insert = rawInvoiceInserter(pool, template);
  return () =>
    insert(async (client, id, now) => {
      const counter = await client.query<{ last_value: string }>(
        `insert into invoice_counters (scope, last_value) values ($1, 1)
         on conflict (scope) do update set last_value = invoice_counters.last_value + 1 returning last_value`,
        [numbering.counterScope],
      );
      const number = numbering.format(Number(counter.rows[0]!.last_value));
      await client.query(
        `update invoices set status = 'sent', number = $2, sent_at = $3, updated_at = $3 where id = $1`,
        [id, number, now],
      );
      await client.query(
        `insert into invoice_events (invoice_id, type, from_status, to_status, actor_type, actor_id, actor_name,
           data, created_at)
         values ($1, 'status_changed', 'draft', 'sent', $2, $3, $4, $5, $6)`,
        [
          id,
          template.event.actor_type,
          template.event.actor_id,
          template.event.actor_name,
          JSON.stringify({ number, action: 'mark_sent' }),
          now,
        ],
      );
      return [
        {
          action: 'invoice.issued',
          before: JSON.stringify({ status: 'draft' }),
          after: JSON.stringify({ status: 'sent', number, action: 'mark_sent' }),
        },
      ];
    });
}

function insertSql(table: string, columns: string[], rowCount: number): string {
  const rows = Array.from(
    { length: rowCount },
    (_, row) => `(${columns.map((_, column) => `$${row * columns.length + column + 1}`).join(', ')})`,
  );
  return `insert into ${table} (${columns.join(', ')}) values ${rows.join(', ')}`;
}

/**
 * Runs `operation` from `concurrency` loops for `seconds` and measures it like autocannon measures HTTP: a fixed
 * number of operations in flight, each loop starting the next one as soon as its previous one ends.
 */
export async function runConcurrently(
  operation: () => Promise<void>,
  options: { concurrency: number; seconds: number; warmupSeconds: number },
): Promise<Measurement> {
  const failures: string[] = [];
  let failed = 0;
  const onError = (error: unknown, phase: string) => {
    failed++;
    if (failures.length === 0) failures.push(`first error${phase}: ${String(error)}`);
  };
  if (options.warmupSeconds > 0) {
    await loop(operation, options.concurrency, options.warmupSeconds, undefined, (e) =>
      onError(e, ' (warm-up)'),
    );
  }
  const latency = latencyHistogram();
  const { completed, seconds } = await loop(operation, options.concurrency, options.seconds, latency, (e) =>
    onError(e, ''),
  );
  if (failed > 0) failures.unshift(`failed operations x${failed}`);
  return {
    perSecond: completed / seconds,
    completed,
    seconds,
    medianMs: percentileMs(latency, 50),
    p99Ms: percentileMs(latency, 99),
    failed,
    failures,
  };
}

async function loop(
  operation: () => Promise<void>,
  concurrency: number,
  seconds: number,
  latency: ReturnType<typeof latencyHistogram> | undefined,
  onError: (error: unknown) => void,
): Promise<{ completed: number; seconds: number }> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let completed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        try {
          await operation();
        } catch (error) {
          onError(error);
          // One failure already fails the benchmark; stop rather than spin on a broken database.
          return;
        }
        completed++;
        if (latency) recordMs(latency, performance.now() - begin);
      }
    }),
  );
  // Operations in flight at the deadline are finished and counted, so the window runs until the last one ends.
  return { completed, seconds: (performance.now() - started) / 1000 };
}
