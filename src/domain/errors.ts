/**
 * Errors raised by pure domain code. The HTTP layer maps them to RFC 9457 problem+json responses:
 * a `field` (JSON pointer-ish dotted path such as `lines.2.quantity`) names the input at fault.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The input is malformed or out of range (maps to 422 / 400). */
export class ValidationError extends DomainError {
  constructor(field: string, message: string) {
    super('validation', message, field);
    this.name = 'ValidationError';
  }
}

/** The action is not allowed in the current state (maps to 409). */
export class ConflictError extends DomainError {
  constructor(code: string, message: string, field?: string) {
    super(code, message, field);
    this.name = 'ConflictError';
  }
}
