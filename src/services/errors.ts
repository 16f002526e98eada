import { DomainError } from '../domain/errors.ts';

/** The resource does not exist (or is not visible to this principal): always 404, never 403. */
export class NotFoundError extends DomainError {
  constructor(readonly resource: string) {
    super('not_found', `${resource} not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * Why a caller is refused, so a client can react without parsing words: sign in again when the session it had
 * ended, fetch a fresh CSRF token when only the token is wrong.
 */
export type AuthRefusalReason = 'session_expired' | 'csrf_token_invalid';

/** Missing or invalid credentials: 401. */
export class AuthenticationError extends DomainError {
  constructor(
    message = 'Authentication required',
    readonly reason?: AuthRefusalReason,
  ) {
    super('unauthenticated', message);
    this.name = 'AuthenticationError';
  }
}

/** Authenticated but the role may not do this: 403. */
export class ForbiddenError extends DomainError {
  constructor(
    message = 'Your role does not allow this action',
    readonly reason?: AuthRefusalReason,
  ) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}
