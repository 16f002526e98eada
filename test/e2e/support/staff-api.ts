import { createApiToken } from '../../../src/services/auth/create-api-token.ts';
import { ADMIN, type BrowserApp } from './browser-app.ts';

/** Calls the staff API as the admin; a failed call throws with the answer, so setup mistakes show at once. */
export type StaffApi = (method: string, path: string, body?: unknown) => Promise<any>;

/**
 * The staff API of a browser test's app, through a token of the signed-up admin: tests set up what a page is not
 * about (settings, clients, drafts) this way and spend the browser on the steps under test.
 */
export async function staffApi(t: BrowserApp, label: string): Promise<StaffApi> {
  const admin = await t.database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', ADMIN.email)
    .executeTakeFirstOrThrow();
  const { token } = await createApiToken(t.deps, admin.id, label);
  return async (method, path, body) => {
    const response = await fetch(`${t.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}
