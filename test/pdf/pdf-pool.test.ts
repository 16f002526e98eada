import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfWorkerPool } from '../../src/adapters/pdf/pdf-worker-pool.ts';
import type { DocumentPdfInput } from '../../src/ports.ts';
import { renderInvoicePdf } from '../../src/services/invoices/render-invoice-pdf.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { pdfText } from './pdf-tools.ts';

/**
 * PDFs render in worker threads; when as many renders wait as the pool accepts, a download is refused with 503
 * and Retry-After instead of piling up. The pool here has one thread and lets one render wait.
 */
let t: TestApp;
let pool: PdfWorkerPool;

beforeAll(async () => {
  pool = new PdfWorkerPool({ threads: 1, queueLimit: 1 });
  t = await startTestApp({ pdfRenderer: pool });
});

afterAll(async () => {
  await t?.close();
  await pool?.close();
});

async function issuedInvoice(lines: number): Promise<string> {
  const client = await t.call('POST', '/api/v1/clients', {
    name: 'Grace Hopper',
    email: 'grace@example.com',
  });
  expect(client.status, JSON.stringify(client.body)).toBe(201);
  const invoice = await t.call('POST', '/api/v1/invoices', {
    clientId: client.body.id,
    currency: 'USD',
    issueDate: '2026-11-25',
    lines: Array.from({ length: lines }, (_, i) => ({
      description: `Compiler work, part ${i + 1}`,
      quantity: '3',
      unitPrice: '120.00',
    })),
  });
  expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
  const sent = await t.call('POST', `/api/v1/invoices/${invoice.body.id}/mark-sent`);
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return invoice.body.id;
}

/** What the service hands the renderer for this invoice, taken at the port. */
async function pdfInput(invoiceId: string): Promise<DocumentPdfInput> {
  let captured: DocumentPdfInput | null = null;
  await renderInvoicePdf(
    {
      ...t.deps,
      pdfRenderer: {
        renderDocument: async (input) => {
          captured = input;
          return Buffer.alloc(0);
        },
      },
    },
    invoiceId,
  );
  return captured!;
}

/**
 * Keeps the pool's thread busy and two renders waiting: each finished render is replaced in the same turn of the
 * event loop, so a request arriving in between always finds the queue full.
 */
function keepPoolFull(input: DocumentPdfInput) {
  let keeping = true;
  const inFlight = new Set<Promise<unknown>>();
  const submit = () => {
    const render: Promise<unknown> = pool.background.renderDocument(input).finally(() => {
      inFlight.delete(render);
      if (keeping) submit();
    });
    inFlight.add(render);
  };
  for (let i = 0; i < 3; i++) submit();
  return {
    async stop() {
      keeping = false;
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

async function downloadPdf(invoiceId: string) {
  return t.app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${invoiceId}/pdf`,
    headers: { authorization: `Bearer ${t.adminToken}` },
  });
}

describe('PDF worker pool', () => {
  it('hands the invoice to a thread and its PDF back as bytes', async () => {
    const id = await issuedInvoice(3);
    const response = await downloadPdf(id);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(await pdfText(response.rawPayload)).toContain('Compiler work, part 3');
  });

  it('answers 503 problem+json with Retry-After while the queue is full, and renders again once it drains', async () => {
    const id = await issuedInvoice(2);
    const keeper = keepPoolFull(await pdfInput(await issuedInvoice(60)));
    let busy: Awaited<ReturnType<typeof downloadPdf>>;
    try {
      busy = await downloadPdf(id);
    } finally {
      await keeper.stop();
    }
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(busy.json()).toMatchObject({ status: 503, code: 'pdf_busy' });

    const served = await downloadPdf(id);
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('with no waiting allowed (queue limit 0), still renders on a free thread and refuses only when it is busy', async () => {
    const strict = new PdfWorkerPool({ threads: 1, queueLimit: 0 });
    try {
      const input = await pdfInput(await issuedInvoice(2));
      const first = strict.renderDocument(input);
      await expect(strict.renderDocument(input)).rejects.toMatchObject({ name: 'PdfRendererBusyError' });
      expect((await first).subarray(0, 5).toString()).toBe('%PDF-');
      expect((await strict.renderDocument(input)).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await strict.close();
    }
  });
});
