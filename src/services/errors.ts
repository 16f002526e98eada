import { DomainError } from '../domain/errors.ts';

/** The resource does not exist (or is not visible to this principal): always 404, never 403. */
export class NotFoundError extends DomainError {
  constructor(readonly resource: string) {
    super('not_found', `${resource} not found`);
    this.name = 'NotFoundError';
  }
}

/** Missing or invalid credentials: 401. */
export class AuthenticationError extends DomainError {
  constructor(message = 'Authentication required') {
    super('unauthenticated', message);
    this.name = 'AuthenticationError';
  }
}

/** Authenticated but the role may not do this: 403. */
export class ForbiddenError extends DomainError {
  constructor(message = 'Your role does not allow this action') {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}
