import { describe, expect, it } from 'vitest';
import { isDatabaseMisconfigured, isDatabaseUnavailable } from '../../src/db/connection-errors.ts';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('telling a database outage from other failures', () => {
  it('knows the errors pg gives when the server goes away or is not there yet', () => {
    expect(
      isDatabaseUnavailable(withCode('terminating connection due to administrator command', '57P01')),
    ).toBe(true);
    expect(isDatabaseUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('connection failure', '08006'))).toBe(true);
    const everyAddress = new AggregateError([
      withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED'),
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    ]);
    expect(isDatabaseUnavailable(everyAddress)).toBe(true);
  });

  it('does not take other services or bad queries for an outage', () => {
    // fetch (payment gateways) wraps the socket error in a cause; SMTP times out with ETIMEDOUT.
    const gateway = new TypeError('fetch failed', {
      cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
    });
    expect(isDatabaseUnavailable(gateway)).toBe(false);
    expect(isDatabaseUnavailable(withCode('Greeting never received', 'ETIMEDOUT'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('duplicate key value', '23505'))).toBe(false);
    expect(isDatabaseUnavailable(withCode('syntax error at or near', '42601'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it('tells errors no wait will cure', () => {
    expect(isDatabaseMisconfigured(withCode('password authentication failed', '28P01'))).toBe(true);
    expect(isDatabaseMisconfigured(withCode('database "x" does not exist', '3D000'))).toBe(true);
    expect(isDatabaseMisconfigured(withCode('connect ECONNREFUSED', 'ECONNREFUSED'))).toBe(false);
  });
});
