import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/domain/errors.ts';
import { systemClock } from '../../../src/ports.ts';
import { createUser } from '../../../src/services/users/create-user.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ max: 12 });
});
afterAll(() => database.close());

describe('creating a user', () => {
  it('lets exactly one of many simultaneous creations of one email win; the others hear "email taken"', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createUser(
          { db: database.db, clock: systemClock },
          {
            email: i % 2 ? 'Owner@Example.com' : 'owner@example.com',
            password: 'a long password',
            role: 'admin',
          },
        ),
      ),
    );
    const created = attempts.filter((a) => a.status === 'fulfilled');
    const refused = attempts.flatMap((a) => (a.status === 'rejected' ? [a.reason] : []));
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(ConflictError);
      expect(reason).toMatchObject({ code: 'email_taken', field: 'email' });
    }
    const rows = await database.db.selectFrom('users').select('email').execute();
    expect(rows).toHaveLength(1);
  });
});
