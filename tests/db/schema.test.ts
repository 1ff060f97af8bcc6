import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../server/src/db/database.js';
import { SCHEMA_FILE, schemaText } from '../../server/src/db/schemaText.js';

/**
 * server/src/db/schema.sql is the schema as the migrations leave it. The test
 * database was migrated by the same files (and then given the demo data, which
 * the text does not depend on), so its schema is the one the file must show:
 * on the embedded PostgreSQL 18 and on a PostgreSQL 15 server alike, whose
 * deparsers write the same text for this schema.
 */
let db: Database;

beforeAll(() => {
  db = connectDatabase(inject('databaseUrl'), inject('databaseKind'), 1);
});

afterAll(async () => {
  await db.close();
});

describe('server/src/db/schema.sql', () => {
  it('is the schema of a database the migrations built', async () => {
    const client = await db.pool.connect();
    let actual: string;
    try {
      actual = await schemaText(client);
    } finally {
      client.release();
    }
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    expect(
      actual,
      'server/src/db/schema.sql is stale: run `npm run schema` and commit it. (If the difference is an object that no migration makes, a test file left it in the shared database.)',
    ).toBe(committed);
  });
});
