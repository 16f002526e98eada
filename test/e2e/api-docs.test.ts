import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { screenshot } from './support/checks.ts';

/**
 * The API reference at /api/docs in a real Chromium, with the security headers the server sends: it must load
 * everything from this server (no fonts, scripts or buttons of third parties, nothing the CSP blocks), list every
 * operation of the OpenAPI document, and call the API from "Try it out".
 */
let t: BrowserApp;
let browser: TestBrowser;

beforeAll(async () => {
  t = await startBrowserApp();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('API reference page', () => {
  it('loads only from this server, with no CSP violation, and lists every operation', async () => {
    const { page } = browser;
    const errors = collectPageErrors(page);
    const origin = new URL(t.baseUrl).origin;
    const elsewhere: string[] = [];
    const failed: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) elsewhere.push(request.url());
    });
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
    // Reported by the browser for every blocked load or inline code, whether or not it logs it. Strings: the
    // tests are compiled without the DOM's types.
    await page.addInitScript(`window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) =>
        window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`);

    const response = await page.goto(`${t.baseUrl}/api/docs`);
    expect(String(response?.headers()['content-security-policy'])).toContain("default-src 'self'");
    const doc = (await (await fetch(`${t.baseUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(doc.paths).flatMap((item) =>
      Object.keys(item).filter((key) => METHODS.includes(key)),
    );
    expect(operations.length).toBeGreaterThan(100);
    await page.locator('.opblock').first().waitFor();
    await page.getByRole('heading', { name: /Remit API/ }).waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    const createInvoice = page.locator('.opblock-post', {
      has: page.locator('[data-path="/api/v1/invoices"]'),
    });
    expect(await createInvoice.count()).toBe(1);
    await screenshot(page, 'api-docs');

    // Try it out: the page calls the API on this server (no token, so the API answers 401).
    const me = page.locator('.opblock-get', { has: page.locator('[data-path="/api/v1/auth/me"]') });
    await me.locator('.opblock-summary').click();
    await me.getByRole('button', { name: 'Try it out' }).click();
    await me.getByRole('button', { name: 'Execute' }).click();
    const status = me.locator('.live-responses-table tbody .response-col_status');
    await status.waitFor();
    expect(await status.textContent()).toContain('401');

    const links = (await page.evaluate(
      "[...document.querySelectorAll('a[href]')].map((anchor) => anchor.href)",
    )) as string[];
    const outbound = links.filter((href) => /^https?:/.test(href) && new URL(href).origin !== origin);
    expect(outbound).toEqual([]);
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(failed).toEqual([]);
    // The 401 of "Try it out" is the answer asked for; anything else logged is a fault.
    expect(errors.filter((error) => !/status of 401/.test(error))).toEqual([]);
    // Swagger UI renders a few hundred operations: allow for a busy machine.
  }, 90_000);
});
