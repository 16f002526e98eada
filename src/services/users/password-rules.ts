import { ValidationError } from '../../domain/errors.ts';

export const MIN_PASSWORD_LENGTH = 10;

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ValidationError(field, `must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 256) throw new ValidationError(field, 'must have at most 256 characters');
}

export function normalizeEmail(email: string, field = 'email'): string {
  const trimmed = email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed))
    throw new ValidationError(field, 'Enter a valid email address');
  return trimmed;
}
