import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(root, 'test-artifacts/screenshots');

/**
 * The whole page as a window tall enough to show all of it: sticky bars and toasts then sit at the bottom, as they
 * would on a tall screen, instead of over the middle of a stitched full-page image.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  const viewport = page.viewportSize();
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

let axeSource: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/**
 * Runs axe-core in the page and returns the serious and critical violations. The script is evaluated through
 * the DevTools protocol, so the page's strict CSP (no inline scripts) stays on while it runs.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Once per loaded page: the app's own navigation keeps it.
  if (!(await page.evaluate("typeof axe !== 'undefined'"))) await page.evaluate(axeSource);
  // Colours are read as painted: a button changing variant mid-transition would show a blend of both.
  // (Endless ones, such as a spinner, are not waited for; a cancelled one settles too.)
  await page.evaluate(`Promise.allSettled(document.getAnimations()
    .filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity)
    .map((animation) => animation.finished))`);
  // A string, so it runs in the page's realm where `axe` and `document` exist.
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails the test, listing them, when axe finds serious or critical violations on the page. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Waits for the toast that confirms an action. */
export async function toast(page: Page, text: string): Promise<void> {
  await page.locator('.toast', { hasText: text }).first().waitFor();
}

/** Logs a staff user into the admin app and waits for the dashboard. */
export async function logIn(page: Page, baseUrl: string, user: { email: string; password: string }) {
  await page.goto(`${baseUrl}/app`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** Chooses a client in a document editor's client picker: types its name and picks the option it starts. */
export async function chooseClient(page: Page, name: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Client', exact: true });
  // Emptied first: the same text as the chosen client's name, filled at once, would change nothing.
  await picker.fill('');
  await picker.fill(name);
  const startsWithName = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  await page.getByRole('listbox', { name: 'Clients' }).getByRole('option', { name: startsWithName }).click();
}
