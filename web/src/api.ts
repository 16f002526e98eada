/**
 * A small client for Remit's JSON APIs. Staff calls go to /api/v1 with the session cookie and, on writes, the
 * X-CSRF-Token the login response gave us. Errors come back as RFC 9457 problem+json; `ApiError` keeps the
 * per-field messages so forms can show each one next to its input.
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

/** Called when the API says the session is gone, so the app can show the login page. */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  csrfKey = CSRF_KEY,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
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
    if (response.status === 401 && path.startsWith('/api/v1/') && !path.endsWith('/auth/login')) {
      for (const listener of unauthorizedListeners) listener();
    }
    throw error;
  }
  return data as T;
}

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

export function rememberPortalCsrf(token: string | null): void {
  if (token) localStorage.setItem(PORTAL_CSRF_KEY, token);
  else localStorage.removeItem(PORTAL_CSRF_KEY);
}

export const portalApi = {
  get: <T>(path: string) => request<T>('GET', `/api/portal/v1${path}`, undefined, PORTAL_CSRF_KEY),
  post: <T>(path: string, body?: unknown) =>
    request<T>('POST', `/api/portal/v1${path}`, body ?? {}, PORTAL_CSRF_KEY),
};
