import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/services/clients/create-client.ts';
import { createProject } from '../../src/services/projects/create-project.ts';
import {
  ADMIN,
  type BrowserApp,
  collectPageErrors,
  launchBrowser,
  startBrowserApp,
  type TestBrowser,
} from './support/browser-app.ts';
import { chooseClient, logIn } from './support/checks.ts';

/**
 * A client with more projects than one page of the API holds (100): the client page lists them all and the
 * invoice editor offers them all, the list read page after page.
 */
let t: BrowserApp;
let staff: TestBrowser;
let staffErrors: string[];
let clientId = '';
const PROJECTS = 105;
const projectName = (index: number) => `Project ${String(index).padStart(3, '0')}`;

beforeAll(async () => {
  t = await startBrowserApp();
  const client = await createClient(t.deps, { name: 'Busy Studio', currency: 'EUR' });
  clientId = client.id;
  for (let index = 1; index <= PROJECTS; index++) {
    await createProject(t.deps, { clientId, name: projectName(index) });
  }
  staff = await launchBrowser();
  staffErrors = collectPageErrors(staff.page);
  await logIn(staff.page, t.baseUrl, ADMIN);
}, 180_000);

afterAll(async () => {
  await staff?.close();
  await t?.close();
});

describe("a client's projects beyond one page", () => {
  it('lists every project on the client page', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/clients/${clientId}`);
    const card = page.locator('.card', { has: page.getByRole('heading', { name: 'Projects' }) });
    await card.getByText(projectName(PROJECTS), { exact: true }).waitFor();
    expect(await card.getByRole('listitem').count()).toBe(PROJECTS);
  });

  it('offers every project in the invoice editor', async () => {
    const { page } = staff;
    await page.goto(`${t.baseUrl}/app/invoices/new`);
    await chooseClient(page, 'Busy Studio');
    const select = page.getByLabel('Project');
    await expect
      .poll(() =>
        select.locator('option').evaluateAll((options) => options.map((option) => option.textContent)),
      )
      .toEqual(expect.arrayContaining([projectName(1), projectName(100), projectName(PROJECTS)]));
    await select.selectOption({ label: projectName(PROJECTS) });
    expect(staffErrors).toEqual([]);
  });
});
