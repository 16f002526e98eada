import { randomBytes } from 'node:crypto';
import type { Mailer } from '../../src/ports.ts';
import type { SendingDeps } from '../../src/services/sending/sending-deps.ts';
import { startTestApp, type TestApp } from './app.ts';
import { testMailer } from './smtp.ts';

export const TEST_APP_URL = 'https://billing.example.test';

export interface SendingTestApp extends Omit<TestApp, 'deps'> {
  deps: SendingDeps;
  mailer: Mailer;
}

/** Like startTestApp, with the sending options a server gets from cli/start.ts: a known key and the real mailer. */
export async function startSendingApp(): Promise<SendingTestApp> {
  const secretKey = randomBytes(32);
  const mailer = testMailer();
  const t = await startTestApp({ appUrl: TEST_APP_URL, sending: { secretKey, mailer } });
  return { ...t, deps: { ...t.deps, appUrl: TEST_APP_URL, secretKey }, mailer };
}
