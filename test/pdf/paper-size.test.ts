import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperSizeFor } from '../../src/domain/paper-size.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { onPdfFile } from './pdf-tools.ts';

const run = promisify(execFile);
let t: TestApp;
let clientId: string;
let invoiceId: string;

beforeAll(async () => {
  t = await startTestApp();
  const client = await t.call('POST', '/api/v1/clients', { name: 'Paper Client' });
  clientId = client.body.id;
  const invoice = await t.call('POST', '/api/v1/invoices', {
    clientId,
    issueDate: '2026-11-25',
    lines: [{ description: 'Work', quantity: '2', unitPrice: '50' }],
  });
  expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
  invoiceId = invoice.body.id;
});

afterAll(async () => {
  await t.close();
});

/** The size of every page, as pdfinfo prints it ("612 x 792"). */
async function pageSizes(url: string): Promise<string[]> {
  const response = await t.app.inject({
    method: 'GET',
    url,
    headers: { authorization: `Bearer ${t.adminToken}` },
  });
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  const info = await onPdfFile(
    response.rawPayload,
    async (file) => (await run('pdfinfo', ['-f', '1', '-l', '99', file])).stdout,
  );
  return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+ x [\d.]+) pts/g)].map((match) => match[1]!);
}

const PDFS = [
  () => `/api/v1/invoices/${invoiceId}/pdf`,
  () => `/api/v1/clients/${clientId}/statement?from=2026-11-01&to=2026-11-30&format=pdf`,
  () => '/api/v1/reports/aging?format=pdf',
];

describe('paper size', () => {
  it('follows the country when not chosen: Letter in the US and Canada, A4 elsewhere', () => {
    expect(paperSizeFor(null, 'US', 'de-DE')).toBe('letter');
    expect(paperSizeFor(null, null, 'fr-CA')).toBe('letter');
    expect(paperSizeFor(null, 'DE', 'en-US')).toBe('a4');
    expect(paperSizeFor(null, null, 'en-GB')).toBe('a4');
    expect(paperSizeFor('a4', 'US', 'en-US')).toBe('a4');
  });

  it('prints every PDF of a US organisation on Letter (612 x 792 pt)', async () => {
    const patched = await t.call('PATCH', '/api/v1/settings', {
      locale: 'en-US',
      address: { country: 'United States', countryCode: 'US' },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ paperSize: null, paperSizeInUse: 'letter' });
    for (const url of PDFS) expect(await pageSizes(url())).toEqual(['612 x 792']);
  });

  it('prints every PDF of a German organisation on A4 (595 x 842 pt)', async () => {
    const patched = await t.call('PATCH', '/api/v1/settings', {
      locale: 'de-DE',
      address: { country: 'Deutschland', countryCode: 'DE' },
    });
    expect(patched.body).toMatchObject({ paperSize: null, paperSizeInUse: 'a4' });
    for (const url of PDFS) expect(await pageSizes(url())).toEqual(['595.28 x 841.89']);
  });

  it('keeps the size the organisation chose, and null gives the choice back to the country', async () => {
    const chosen = await t.call('PATCH', '/api/v1/settings', { paperSize: 'letter' });
    expect(chosen.body).toMatchObject({ paperSize: 'letter', paperSizeInUse: 'letter' });
    expect(await pageSizes(PDFS[0]!())).toEqual(['612 x 792']);
    const cleared = await t.call('PATCH', '/api/v1/settings', { paperSize: null });
    expect(cleared.body).toMatchObject({ paperSize: null, paperSizeInUse: 'a4' });
  });

  it('refuses another size with a problem naming the field', async () => {
    const refused = await t.call('PATCH', '/api/v1/settings', { paperSize: 'a3' });
    expect(refused.status).toBe(400);
    expect(refused.headers?.['content-type'] ?? 'application/problem+json').toContain('problem+json');
    expect(JSON.stringify(refused.body)).toMatch(/paper ?size/i);
  });
});
