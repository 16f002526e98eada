import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeWebhookTransport } from '../../src/adapters/webhooks/node-webhook-transport.ts';
import { createTaxRate } from '../../src/services/taxes/create-tax-rate.ts';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-due-webhooks.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { expectAccessible, logIn, screenshot, toast } from './support/checks.ts';

/**
 * Settings → Webhooks in a real Chromium: an endpoint pointing at a local receiver (private addresses allowed), a test
 * event delivered and seen in the log, then redelivered with the same event id.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let receiver: Server;
let receiverUrl: string;
const received: { eventId: string; type: string; signature: string }[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push({
        eventId: String(request.headers['remit-event-id']),
        type: String(request.headers['remit-event-type']),
        signature: String(request.headers['remit-signature']),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  t = await startBrowserApp();
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

const deliver = () =>
  deliverDueWebhooks({ ...t.deps, transport: createNodeWebhookTransport() }, { timeoutMs: 2000 });

describe('webhook endpoints page', () => {
  it('adds an endpoint, sends a test event, shows it delivered and redelivers it', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/settings/webhooks`);
    await page.getByRole('checkbox', { name: 'Allow endpoints on private and loopback addresses' }).check();
    await toast(page, 'Private addresses allowed');

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add webhook endpoint' });
    await dialog.getByLabel('URL').fill(receiverUrl);
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText('Choose at least one event type').waitFor();
    await dialog.getByRole('checkbox', { name: 'invoice.paid' }).check();
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await toast(page, 'Endpoint added');
    const secret = await page.getByTestId('webhook-secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, 'webhook endpoints with the new secret');

    const row = page.getByRole('row', { name: new RegExp(receiverUrl) });
    await row.getByText('Enabled').waitFor();
    await row.getByRole('button', { name: 'Send test event' }).click();
    await toast(page, 'Test event queued');
    await deliver();
    expect(received.map((request) => request.type)).toEqual(['webhook.test']);

    const log = page.getByRole('table', { name: 'Deliveries, newest first' });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const delivery = log.getByRole('row', { name: /webhook\.test/ });
    await delivery.getByText('Delivered').waitFor();
    await delivery.getByText('204').waitFor();
    await screenshot(page, '41-settings-webhook-endpoints');
    await expectAccessible(page, 'webhook endpoints with a delivery log');

    await delivery.getByRole('button', { name: 'View attempts' }).click();
    const detail = page.getByRole('dialog', { name: 'Delivery' });
    await detail.getByRole('table', { name: 'Attempts' }).getByText('204').waitFor();
    await detail.getByRole('button', { name: 'Redeliver' }).click();
    await detail.getByText('Queued to be sent again now.').waitFor();
    await deliver();
    expect(received).toHaveLength(2);
    expect(received[1]?.eventId).toBe(received[0]?.eventId);
    await expectAccessible(page, 'webhook delivery detail');
    expect(staffErrors).toEqual([]);
  }, 60_000);

  it('shows the audit log: sign-ins and setting changes with what changed, filtered by kind', async () => {
    const { page } = staff;
    await createTaxRate(t.deps, { name: 'Audit VAT', rate: '21' });
    await page.goto(`${t.baseUrl}/app/settings/audit`);
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    const created = table.getByRole('row', { name: /tax_rate\.created/ });
    await created.waitFor();
    expect(await created.textContent()).toContain('Audit VAT');
    await table
      .getByRole('row', { name: /auth\.login_succeeded/ })
      .first()
      .waitFor();
    await expectAccessible(page, 'audit log');

    await page.getByLabel('Show').selectOption({ label: 'Tax rates' });
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => table.getByRole('row', { name: /auth\.login_succeeded/ }).count()).toBe(0);
    await created.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^remit-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(staffErrors).toEqual([]);
  }, 60_000);
});
