/**
 * A small client for Remit's JSON APIs. Staff calls go to /api/v1 with the session cookie and, on writes, the
 * X-CSRF-Token the login response gave us. Errors come back as RFC 9457 problem+json; `ApiError` keeps the
 * per-field messages so forms can show each one next to its input.
 *
 * A lost session or token is never a dead end: a write refused for its CSRF token fetches the session's token again
 * and retries once; a staff call refused because the session ended asks the app to sign the user in again (the page
 * and what they typed stay as they are) and then retries once.
 */

const CSRF_KEY = 'remit.csrf';

/** A field the server refuses: its path (`lines.1.unitPrice`), its name in words and the message, naming it. */
export interface FieldError {
  field: string;
  label?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    /** The whole problem body, for the extra members some answers carry (an import's bad rows). */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Why a 401/403 refused: `session_expired` (sign in again) or `csrf_token_invalid` (fetch a fresh token). */
  get reason(): string | undefined {
    return typeof this.problem.reason === 'string' ? this.problem.reason : undefined;
  }

  /** Message for one field (`lines.2.quantity`), if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((error) => error.field === field)?.message;
  }
}

export function rememberCsrf(token: string | null): void {
  if (token) localStorage.setItem(CSRF_KEY, token);
  else localStorage.removeItem(CSRF_KEY);
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/**
 * Called when the API says the session is gone and nobody signed in again, so the app can show its sign-in page
 * (staff and portal calls alike; each app listens for its own prefix).
 */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** Shows a sign-in prompt over the current page; resolves true once signed in, false if the user gives up. */
type SignInAgain = () => Promise<boolean>;
let signInAgain: SignInAgain | null = null;
let pendingSignIn: Promise<boolean> | null = null;

/** The staff app registers its sign-in prompt while someone is signed in; calls refused with 401 wait for it. */
export function setSignInAgain(prompt: SignInAgain): () => void {
  signInAgain = prompt;
  return () => {
    if (signInAgain === prompt) signInAgain = null;
  };
}

/** One prompt for every call refused at once (a save and the background fetches around it). */
function askToSignInAgain(): Promise<boolean> {
  const prompt = signInAgain;
  if (!prompt) return Promise.resolve(false);
  pendingSignIn ??= prompt().finally(() => {
    pendingSignIn = null;
  });
  return pendingSignIn;
}

/** Where each API hands a live session its CSRF token again. */
const CSRF_SOURCES: Record<string, string> = {};

async function refreshCsrf(csrfKey: string): Promise<void> {
  const source = CSRF_SOURCES[csrfKey];
  if (!source) return;
  const answer = await send<{ csrfToken?: string }>('GET', source, undefined, csrfKey);
  if (answer.csrfToken) localStorage.setItem(csrfKey, answer.csrfToken);
}

/** Staff calls that can wait for a fresh sign-in (not the sign-in calls themselves). */
function canSignInAgain(path: string): boolean {
  return path.startsWith('/api/v1/') && !path.startsWith('/api/v1/auth/');
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  csrfKey = CSRF_KEY,
): Promise<T> {
  try {
    return await send<T>(method, path, body, csrfKey);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 403 && error.reason === 'csrf_token_invalid') {
      try {
        await refreshCsrf(csrfKey);
        return await send<T>(method, path, body, csrfKey);
      } catch (again) {
        if (!(again instanceof ApiError && again.status === 401)) throw again;
        return recoverSession(again, method, path, body, csrfKey);
      }
    }
    if (error.status === 401) return recoverSession(error, method, path, body, csrfKey);
    throw error;
  }
}

/** A 401: sign in again over the page and retry once, or tell the app the session is gone. */
async function recoverSession<T>(
  error: ApiError,
  method: string,
  path: string,
  body: unknown,
  csrfKey: string,
): Promise<T> {
  if (path.endsWith('/auth/login') || path.endsWith('/auth/logout')) throw error;
  if (canSignInAgain(path) && signInAgain) {
    if (await askToSignInAgain()) return send<T>(method, path, body, csrfKey);
    // They closed the prompt: the page stays, with its input, and says what to do.
    throw new ApiError(401, error.code, 'Sign in again to save: your session has ended.', [], error.problem);
  }
  for (const listener of unauthorizedListeners) listener();
  throw error;
}

async function send<T>(method: string, path: string, body: unknown, csrfKey: string): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // Before sign-in the portal answers problems in the browser's language: the one its pages are shown in.
  const pageLanguage = document.documentElement.lang;
  if (path.startsWith('/api/portal/') && pageLanguage) headers['accept-language'] = pageLanguage;
  if (method !== 'GET') {
    const csrf = localStorage.getItem(csrfKey);
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let payload: BodyInit | undefined;
  if (body instanceof Blob) {
    payload = body;
    headers['content-type'] = body.type;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Remit cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const problem = (data ?? {}) as { detail?: string; title?: string; code?: string; errors?: FieldError[] };
    const error = new ApiError(
      response.status,
      problem.code ?? 'http_error',
      problem.detail ?? problem.title ?? `The server answered ${response.status}`,
      problem.errors ?? [],
      problem,
    );
    throw error;
  }
  return data as T;
}

CSRF_SOURCES[CSRF_KEY] = '/api/v1/auth/csrf';

export const api = {
  get: <T>(path: string) => request<T>('GET', `/api/v1${path}`),
  post: <T>(path: string, body?: unknown) => request<T>('POST', `/api/v1${path}`, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', `/api/v1${path}`, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', `/api/v1${path}`, body),
  delete: <T>(path: string, body?: unknown) => request<T>('DELETE', `/api/v1${path}`, body),
};

/** Builds a query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The client portal's API: its own cookie and CSRF token, never the staff session's. */
const PORTAL_CSRF_KEY = 'remit.portal.csrf';
CSRF_SOURCES[PORTAL_CSRF_KEY] = '/api/portal/v1/me';

export function rememberPortalCsrf(token: string | null): void {
  if (token) localStorage.setItem(PORTAL_CSRF_KEY, token);
  else localStorage.removeItem(PORTAL_CSRF_KEY);
}

export const portalApi = {
  get: <T>(path: string) => request<T>('GET', `/api/portal/v1${path}`, undefined, PORTAL_CSRF_KEY),
  post: <T>(path: string, body?: unknown) =>
    request<T>('POST', `/api/portal/v1${path}`, body ?? {}, PORTAL_CSRF_KEY),
};
